using TvrLab.Runs;
using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

public class RunsCommandTests
{
    static string StoreWithTwoRuns()
    {
        var folder = TestPaths.NewTempDir("cli-runs");
        var store = RunStore.Open(folder);
        var versions = new Dictionary<string, string> { ["libtorch"] = "1.13.0 (CPU build)" };
        var done = store.Start(new RunStart("baseline", "clip4clip-tiny", """{"lr": 0.0001}""", 42, versions, "0123abcd"));
        done.LogEpoch(1, new Dictionary<string, double> { ["loss"] = 3.25, ["t2v_R1"] = 12.5 });
        done.LogEpoch(2, new Dictionary<string, double> { ["loss"] = 2.5, ["t2v_R1"] = 31.25 });
        done.RecordCheckpoint("best", "/runs/baseline/best.safetensors", 2);
        done.Complete(new Dictionary<string, double> { ["t2v_R1"] = 31.25 });
        store.Start(new RunStart("wti", "drl-tiny", "{}", 7, versions, null)).Fail("loss became NaN");
        return folder;
    }

    [Fact]
    public void ListShowsRunsNewestFirstWithTheirFinalMetrics()
    {
        var folder = StoreWithTwoRuns();
        var (code, stdout, stderr) = CliProcess.Run("runs", "list", "--folder", folder);
        Assert.True(code == 0, stdout + stderr);
        Assert.Matches(@"2\s+wti\s+drl-tiny\s+7\s+failed", stdout);
        Assert.Matches(@"1\s+baseline\s+clip4clip-tiny\s+42\s+completed.*t2v_R1 31\.25", stdout);
        Assert.True(stdout.IndexOf("wti", StringComparison.Ordinal) < stdout.IndexOf("baseline", StringComparison.Ordinal));
        var (_, filtered, _) = CliProcess.Run("runs", "list", "--folder", folder, "--preset", "drl-tiny");
        Assert.DoesNotContain("baseline", filtered);
    }

    [Fact]
    public void ShowPrintsOneRunAndTheEnvironmentVariableMovesTheStore()
    {
        var folder = StoreWithTwoRuns();
        var (code, stdout, stderr) = CliProcess.Run(new Dictionary<string, string> { [RunStore.FolderVariable] = folder }, "runs", "show", "baseline");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("0123abcd", stdout);
        Assert.Contains("1.13.0 (CPU build)", stdout);
        Assert.Contains("/runs/baseline/best.safetensors (epoch 2)", stdout);
        Assert.Matches(@"1\s+3\.25\s+12\.5", stdout);              // the per-epoch table: epoch, loss, t2v_R1
        Assert.Matches(@"2\s+2\.5\s+31\.25", stdout);
        Assert.Contains("""{"lr": 0.0001}""", stdout);
        var (missing, _, error) = CliProcess.Run("runs", "show", "nope", "--folder", folder);
        Assert.Equal(1, missing);
        Assert.Contains("no run named \"nope\"", error);
    }
}
