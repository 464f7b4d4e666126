using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

/// <summary>The DRL commands: the golden suite through `tvrlab verify`, and `tvrlab bench drl-eval` on a small case.</summary>
public class DrlCommandTests
{
    [Fact]
    public void VerifyPrintsEveryDrlCaseAndFailsOnlyTheDefectiveSeqTransfCases()
    {
        var (code, stdout, stderr) = CliProcess.Run("verify", TestPaths.SharedFile("golden", "drl"));
        Assert.Equal(1, code);   // the suite's seqTransf cases expect their input back (see DrlGoldenTests)
        foreach (var c in new[] { "drl_dp_train_cdcr1_2", "drl_ti_train_cdcr2_5", "drl_wti_train_cdcr3_8", "drl_wti_eval_cdcr0_6" })
            Assert.Matches($@"{c}\s+drl\.interaction\s+pass", stdout);
        Assert.Matches(@"seqtransf_3x12x128\s+clip4clip\.seq_transf\s+FAIL", stdout);
        Assert.EndsWith("9 passed, 2 failed", stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.True(stderr.Length == 0 || !stderr.Contains("Unhandled"), stderr);
    }

    [Fact]
    public void BenchDrlEvalReportsTimeAndMemoryOfTheChunkedSimilarity()
    {
        var (code, stdout, stderr) = CliProcess.Run("bench", "drl-eval", "--texts", "20", "--videos", "30", "--tokens", "8", "--frames", "4",
                                                    "--dim", "16", "--text-chunk", "7", "--video-chunk", "9", "--interaction", "ti");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("20 x 30 ([20, 30]), finite: True", stdout);
        Assert.Matches(@"whole \[texts, videos, Lt, Lv\] \(never built\), MiB\s*│\s*0\.1", stdout);
        Assert.Contains("blocks of 7 x 9 pairs", stdout);
        var (bad, _, err) = CliProcess.Run("bench", "drl-eval", "--interaction", "xti");
        Assert.Equal(2, bad);
        Assert.Contains("--interaction must be ti or wti", err);
    }

    [Fact]
    public void AblateDrlRejectsBadCellsSizesAndSettingsBeforeTraining()
    {
        var (code, _, err) = CliProcess.Run("ablate", "drl", "--preset", "tiny", "--only", "mlp");
        Assert.Equal(2, code);
        Assert.Contains("--only mlp: no DRL grid cell is called that", err);
        (code, _, err) = CliProcess.Run("ablate", "drl", "--preset", "huge");
        Assert.Equal(2, code);
        Assert.Contains("expected one of tiny, small, full", err);
        (code, _, err) = CliProcess.Run("ablate", "drl", "--only", "dp-none", "--set", "train.nope=1");
        Assert.Equal(2, code);
        Assert.Contains("nope", err);
    }
}
