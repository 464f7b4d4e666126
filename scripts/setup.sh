#!/usr/bin/env bash
# One idempotent setup for a fresh Debian/Ubuntu machine (and the devcontainer): installs the system packages the
# kit needs when they are missing, then builds everything (the native shim through CMake, the C# projects).
#   scripts/setup.sh            install what is missing, then build (Release)
#   scripts/setup.sh --check    only report what is missing; exit 1 if anything is
#   scripts/setup.sh --no-build install only
# Environment: TORCH_CMAKE_PREFIX_PATH points the build at another libtorch (see environment.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}

# What the kit needs, as "test|package": a command on PATH or a file, and the Debian package that provides it.
# libtorch (CPU, with TorchConfig.cmake), ffmpeg/ffprobe, the C++ toolchain, Chromium for the page tests, npm for
# the pinned plotly.js bundle. Present commands are not reinstalled (npm may come with NodeSource's nodejs).
needs=(
  "file:/usr/lib/x86_64-linux-gnu/cmake/Torch/TorchConfig.cmake|libtorch-dev"
  "cmd:ffmpeg|ffmpeg" "cmd:ffprobe|ffmpeg" "cmd:cmake|cmake" "cmd:g++|g++" "cmd:make|make"
  "cmd:chromium|chromium" "cmd:npm|npm"
)
missing=()
for need in "${needs[@]}"; do
  test=${need%%|*}; pkg=${need##*|}
  case "$test" in
    cmd:*) command -v "${test#cmd:}" >/dev/null 2>&1 && continue ;;
    file:*) [ "$pkg" = libtorch-dev ] && [ -n "${TORCH_CMAKE_PREFIX_PATH:-}" ] && continue   # another libtorch named
            [ -e "${test#file:}" ] && continue ;;
  esac
  [[ " ${missing[*]} " == *" $pkg "* ]] || missing+=("$pkg")
done

if [ "$mode" = "--check" ]; then
  if [ ${#missing[@]} -gt 0 ]; then echo "missing packages: ${missing[*]}"; exit 1; fi
  command -v dotnet >/dev/null || { echo "missing: the .NET 10 SDK (dotnet)"; exit 1; }
  echo "all system packages present"; exit 0
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required and is not on PATH. Install it from https://dot.net (or use the devcontainer)." >&2
  exit 1
fi

[ "$mode" = "--no-build" ] && exit 0

# Third-party front-end assets pinned in package.json (plotly.js), installed from npm when missing.
if [ -f "$root/package.json" ] && [ ! -d "$root/node_modules" ]; then
  (cd "$root" && npm ci --silent --no-audit --no-fund)
fi

echo "setup: building (Release)"
dotnet build "$root/Notebooks.sln" -c Release -v q -nologo -clp:NoSummary\;ErrorsOnly

# OpenAI's CLIP BPE vocabulary (not shipped with the kit; the demo, the notebooks and training read it). The kit
# looks at $TVRLAB_CLIP_VOCAB, data/downloads/clip/ and ../shared/data/clip/ (ClipVocabularyFile.Candidates); when
# none has it, it is downloaded once from the openai/CLIP repository and verified. A failed download only warns.
vocab=bpe_simple_vocab_16e6.txt.gz
if [ -z "${TVRLAB_CLIP_VOCAB:-}" ] && [ ! -e "$root/data/downloads/clip/$vocab" ] && [ ! -e "$root/../shared/data/clip/$vocab" ]; then
  echo "setup: fetching the CLIP BPE vocabulary"
  dotnet "$root/artifacts/bin/TvrLab.Cli/release/TvrLab.Cli.dll" text download-vocab >&2 ||
    echo "setup: warning: could not download the CLIP vocabulary; run \`./tvrlab text download-vocab\` when online (or set TVRLAB_CLIP_VOCAB)" >&2
fi
