using System.Text.Json;
using TvrLab.Testing;
using TvrLab.Torch;
using TvrLab.Verification;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Verification;

/// <summary>The extension point for golden files that are not suite folders (the tokenizer's .jsonl will use it).</summary>
public class FileCheckerTests
{
    /// <summary>
    /// A real checker of the shape the tokenizer's will have: one JSON record a line, each checked against an
    /// implementation (here torch addition: {"name", "a", "b", "sum"}), one result per line, bad lines reported.
    /// </summary>
    sealed class SumRecordsChecker : IGoldenFileChecker
    {
        public string Name => "sum records (.jsonl)";

        public bool CanCheck(string path) => path.EndsWith(".sums.jsonl", StringComparison.Ordinal);

        public IEnumerable<CaseResult> Check(string path, Device device)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                CaseResult result;
                try
                {
                    using var scope = NewDisposeScope();
                    var r = JsonDocument.Parse(line).RootElement;
                    double[] Values(string field) => r.GetProperty(field).EnumerateArray().Select(e => e.GetDouble()).ToArray();
                    var actual = tensor(Values("a"), device: device) + tensor(Values("b"), device: device);
                    var c = ToleranceCheck.Compare("sum", actual, tensor(Values("sum")), 1e-12, 0);
                    result = new CaseResult(r.GetProperty("name").GetString()!, "sum", c.Passed ? CaseOutcome.Passed : CaseOutcome.Failed,
                        c.WorstDeviation, c.WorstToleranceRatio, c.Detail);
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    result = CaseResult.NotRun($"line {lineNumber}", "sum", CaseOutcome.Error, $"{path}:{lineNumber}: {e.Message}");
                }
                yield return result;
            }
        }
    }

    [Fact]
    public void ARegisteredCheckerRunsEveryRecordOfItsFiles()
    {
        var dir = TestPaths.NewTempDir("checker");
        var path = Path.Combine(dir, "golden.sums.jsonl");
        File.WriteAllLines(path,
        [
            """{"name": "ok", "a": [1, 2], "b": [0.5, -2], "sum": [1.5, 0]}""",
            """{"name": "wrong", "a": [1], "b": [1], "sum": [3]}""",
            """{"name": "broken", "a": [1]""",
        ]);
        var registry = KnownGoldenOps.Create().RegisterFileChecker(new SumRecordsChecker());
        var report = Assert.Single(Verifier.Run(path, registry));
        Assert.Equal([CaseOutcome.Passed, CaseOutcome.Failed, CaseOutcome.Error], report.Results.Select(r => r.Outcome));
        Assert.Equal(1.0, report.Results[1].WorstDeviation);
        Assert.Contains("golden.sums.jsonl:3", report.Results[2].Detail);
        // Run on the folder: the checker is found for the files it understands.
        Assert.Equal(3, Assert.Single(Verifier.Run(dir, registry)).Results.Count);
        // Without the checker the file is a failure, not silently skipped.
        Assert.False(Assert.Single(Verifier.Run(path, KnownGoldenOps.Create())).Passed);
    }
}
