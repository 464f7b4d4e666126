using TvrLab.Runs;
using TvrLab.Testing;
using TvrLab.Text;

namespace TvrLab.Cli.Tests;

/// <summary>`tvrlab train`, `tvrlab eval` and `tvrlab bench train` as real processes, on a 12-video SynthVTT and one short epoch.</summary>
public class TrainCommandTests
{
    static string Vocabulary => TestPaths.SharedFile("data", "clip", ClipVocabularyFile.FileName);

    [Fact]
    public void Train_then_eval_a_tiny_preset_for_one_short_epoch()
    {
        var dir = TestPaths.NewTempDir("cli-train");
        string data = Path.Combine(dir, "data"), runs = Path.Combine(dir, "runs");
        var (code, stdout, stderr) = CliProcess.Run("train", "--preset", "clip4clip-meanp-tiny", "--data", data, "--runs", runs, "--name", "smoke", "--vocab", Vocabulary,
            "--set", "data.synth_videos=12", "--set", "data.synth_test_videos=4", "--set", "train.epochs=1", "--set", "train.batch_size=8",
            "--set", "train.max_batches_per_epoch=3");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("epoch 1: loss", stdout);
        Assert.Matches(@"t2v_R1\s*│\s*\d", stdout);
        var best = Path.Combine(runs, "checkpoints", "smoke", "best");
        Assert.Contains($"best checkpoint: {best}", stdout);
        Assert.True(File.Exists(Path.Combine(best, "model.safetensors")));
        var run = RunStore.Open(runs).FindRun("smoke")!;
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Contains("\"synth_videos\": 12", run.Config);

        var (evalCode, evalOut, evalErr) = CliProcess.Run("eval", "--checkpoint", best, "--data", data, "--dsl", "--qbnorm", "--vocab", Vocabulary);
        Assert.True(evalCode == 0, evalOut + evalErr);
        Assert.Contains("80 captions, 4 videos (many captions per video: multi-sentence metrics)", evalOut);
        Assert.Matches(@"raw\s*│\s*t2v", evalOut);
        Assert.Matches(@"dsl\s*│\s*v2t", evalOut);
        Assert.Matches(@"qbnorm\s*│\s*t2v", evalOut);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Bad_presets_overrides_and_checkpoints_are_named()
    {
        var (code, _, stderr) = CliProcess.Run("train", "--preset", "clip4clip-tiny");
        Assert.Equal(2, code);
        Assert.Contains("unknown preset \"clip4clip-tiny\"", stderr);
        Assert.Contains("clip4clip-meanp-tiny", stderr);
        (code, _, stderr) = CliProcess.Run("train", "--preset", "clip4clip-meanp-tiny", "--set", "train.lrr=1");
        Assert.Equal(2, code);
        Assert.Contains("unknown key \"lrr\" in section train", stderr);
        var missing = Path.Combine(TestPaths.NewTempDir("cli-eval"), "nothing");
        (code, _, stderr) = CliProcess.Run("eval", "--checkpoint", missing);
        Assert.Equal(1, code);
        Assert.Contains($"{missing}: not a checkpoint folder", stderr);
    }

    [Fact]
    public void Bench_train_reports_throughput_step_time_and_memory()
    {
        var (code, stdout, stderr) = CliProcess.Run("bench", "train", "--preset", "clip4clip-meanp-tiny", "--steps", "2", "--set", "train.batch_size=4");
        Assert.True(code == 0, stdout + stderr);
        Assert.Matches(@"clip4clip-meanp-tiny on cpu, batch 4, 2 steps: \d+\.\d clips/s, \d+\.\d ms/step \(forward .* ms\), peak memory \d+ MiB", stdout);
    }
}
