using System.Diagnostics;
using TvrLab.Runs;
using TvrLab.Testing;
using TvrLab.Text;

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
    public void AblateDrlStoppedWithSigtermLeavesTheCellInterruptedWithAResumableCheckpoint()
    {
        var dir = TestPaths.NewTempDir("cli-ablate-sigterm");
        string data = Path.Combine(dir, "data"), runs = Path.Combine(dir, "runs");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["COLUMNS"] = "200";
        foreach (var a in new[] { CliProcess.CliDll, "ablate", "drl", "--preset", "tiny", "--only", "dp-none", "--data", data, "--runs", runs,
                                  "--vocab", TestPaths.SharedFile("data", "clip", ClipVocabularyFile.FileName),
                                  "--set", "data.synth_videos=12", "--set", "data.synth_test_videos=4", "--set", "train.epochs=1",
                                  "--set", "train.batch_size=2", "--set", "train.max_batches_per_epoch=5000" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new System.Text.StringBuilder();
        var training = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                stdout.AppendLine(line);
                if (line.Contains("dp-none: epoch 1/1 batch")) training.Set();
            }
        });
        Assert.True(training.Wait(TimeSpan.FromMinutes(2)), "training did not start:\n" + stdout);
        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "tvrlab did not stop within a minute of SIGTERM");
        reader.Wait();
        Assert.True(process.ExitCode == 130, $"exit code {process.ExitCode}\n{stdout}\n{stderr.Result}");
        Assert.Contains("dp-none stopped with a resumable checkpoint", stderr.Result);
        var run = RunStore.Open(runs).ListRuns().Single();
        Assert.Equal(RunStatus.Interrupted, run.Status);
        var last = Path.Combine(runs, "checkpoints", run.Name, "last");
        Assert.True(File.Exists(Path.Combine(last, "model.safetensors")), $"no checkpoint in {last}");
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
