using System.Text.Json.Nodes;
using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

public class VerifyCommandTests
{
    [Fact]
    public void TheRetrievalSuitePassesWithExitCodeZero()
    {
        var (code, stdout, stderr) = CliProcess.Run("verify", TestPaths.SharedFile("golden", "retrieval"));
        Assert.True(code == 0, stdout + stderr);
        foreach (var c in new[] { "metrics_t2v_150", "metrics_multi_30x9", "dsl_32_t0.01", "qbnorm_120_25_25_b5.0_k3" })
            Assert.Matches($@"{c.Replace(".", @"\.")}\s+\S+\s+pass", stdout);
        Assert.EndsWith("11 passed, 0 failed", stdout.TrimEnd());
    }

    [Fact]
    public void AnUnseenSuiteWithAnUnknownOpOrAWrongValueExitsNonZero()
    {
        // A new suite folder built from the real retrieval suite: its files copied, one case's op renamed, one
        // expected value changed.
        var folder = TestPaths.NewTempDir("cli-verify");
        var source = TestPaths.SharedFile("golden", "retrieval");
        File.Copy(Path.Combine(source, "tensors.safetensors"), Path.Combine(folder, "t.safetensors"));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "manifest.json")))!.AsObject();
        manifest["tensors"] = "t.safetensors";
        var cases = manifest["cases"]!.AsArray();
        cases[0]!["op"] = "retrieval.metrics_v9";
        cases[1]!["outputs"]!["R1"] = cases[1]!["outputs"]!["R5"]!.GetValue<string>();   // compare R1 against R5's value
        File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());

        var (code, stdout, _) = CliProcess.Run("verify", folder);
        Assert.Equal(1, code);
        Assert.Matches(@"metrics_t2v_7\s+retrieval\.metrics_v9\s+unknown op", stdout);
        Assert.Matches(@"metrics_t2v_40\s+retrieval\.metrics\s+FAIL", stdout);
        Assert.Contains("R1[0]: actual 50, expected 75", stdout);
        Assert.EndsWith("9 passed, 2 failed", stdout.TrimEnd());
    }

    [Fact]
    public void AMissingPathExitsWithTwoAndNamesIt()
    {
        var missing = Path.Combine(TestPaths.NewTempDir("cli-missing"), "nowhere");
        var (code, stdout, _) = CliProcess.Run("verify", missing);
        Assert.Equal(2, code);
        Assert.Contains(missing, stdout);
    }
}
