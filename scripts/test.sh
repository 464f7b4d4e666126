#!/usr/bin/env bash
# Runs every test project and prints the totals on the last line: `N passed, N failed`.
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Tokenizer).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

dotnet test "$root/Notebooks.sln" -c Release --no-build \
  --logger "trx" --results-directory "$results" "$@"
status=$?

# Totals from the TRX files (one per test assembly); a test host that crashed leaves no TRX and counts as a failure.
passed=0; failed=0; found=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  found=$((found + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  e=$(echo "$counters" | sed -n 's/.* error="\([0-9]*\)".*/\1/p'); t=$(echo "$counters" | sed -n 's/.* timeout="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
done
projects=$(ls -d "$root"/tests/*.Tests | wc -l)
if [ "$found" -lt "$projects" ]; then
  echo "test: $((projects - found)) test project(s) produced no results (the test host crashed or did not start)"
  failed=$((failed + projects - found))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
