using TvrLab.Experiments;
using TvrLab.Runs;
using TvrLab.Training;
using Xunit.Abstractions;
using TvrLab.Training;

namespace TvrLab.Tests.Training;

[Collection("tiny training")]
public sealed class TinyTrainingTests(TinyTrainingFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Tiny_preset_beats_chance_by_a_wide_margin()
    {
        var r = fixture.Result;
        foreach (var e in r.Epochs)
            output.WriteLine($"epoch {e.Epoch}: " + string.Join(" ", e.Metrics.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value:0.###}")));
        Assert.True(r.Completed);
        Assert.Equal(fixture.Preset.train.epochs, r.Epochs.Count);
        // 20 test videos: chance is R@1 5 %, R@5 25 %, median rank 10.5.
        var t2v = r.Final("t2v_R1");
        Assert.True(t2v >= 10, $"t2v R@1 {t2v} is not well above chance (5)");
        Assert.True(r.Final("t2v_R5") >= 35, $"t2v R@5 {r.Final("t2v_R5")} is not well above chance (25)");
        Assert.True(r.Final("t2v_MdR") <= 8, $"t2v median rank {r.Final("t2v_MdR")} is not well below chance (10.5)");
        Assert.True(r.Epochs[^1].Metrics["loss"] < r.Epochs[0].Metrics["loss"], "the training loss did not fall");
    }

    [Fact]
    public void The_run_store_holds_the_run_and_the_best_checkpoint_evaluates_to_its_epoch()
    {
        var r = fixture.Result;
        var store = RunStore.Open(fixture.Options.RunsDir);
        var run = store.FindRun(r.RunName)!;
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("clip4clip-meanp-tiny", run.Preset);
        Assert.Equal(fixture.Preset.ToJson(), run.Config);
        Assert.Equal(r.Epochs.Count, store.EpochTable(run.Id).Count);
        Assert.Equal(["best", "last"], store.Checkpoints(run.Id).Select(c => c.Kind).Order());
        Assert.Equal(r.Final("t2v_R1"), store.FinalMetrics(run.Id).Single(m => m.Name == "t2v_R1").Value);

        var best = Checkpoint.ReadState(r.BestCheckpoint!);
        var bestEpoch = r.Epochs[best.weights_epoch!.Value].Metrics;
        Assert.Equal(r.Epochs.Max(e => e.Metrics["t2v_R1"]), bestEpoch["t2v_R1"]);
        var eval = Experiment.Evaluate(r.BestCheckpoint!, dsl: true, qbnorm: true, options: fixture.Options);
        Assert.True(eval.MultiSentence);                                  // every caption of the 20 test videos
        Assert.Equal(20, eval.Videos);
        Assert.Equal(400, eval.Captions);
        foreach (var (key, value) in eval.Raw.ToDictionary())
            Assert.Equal(bestEpoch[key], value);
        Assert.NotNull(eval.Dsl);
        Assert.NotNull(eval.QbNorm);
        Assert.Equal(eval.Rows.Count, 3);
    }
}

[Collection("tiny training")]
public sealed class TinyResumeTests(TinyTrainingFixture fixture)
{
    static bool IsTiming(string key) => key.EndsWith("_seconds", StringComparison.Ordinal);

    [Fact]
    public void A_cancelled_run_resumed_from_its_last_checkpoint_ends_bit_identical_to_an_uninterrupted_one()
    {
        // The tiny preset cut to 6 batches per epoch and 2 epochs, on the fixture's data (already generated and cached).
        var preset = Overrides.Apply(fixture.Preset, ["train.max_batches_per_epoch=6", "train.epochs=2"]);
        var whole = Experiment.Train(preset, fixture.Options with { RunName = "whole" });

        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress<ExperimentProgress>(p => { if (p.Train is { Phase: "train", Epoch: 1, Batch: 2 }) cancel.Cancel(); });
        var stopped = Experiment.Train(preset, fixture.Options with { RunName = "stopped", Progress = progress }, cancel.Token);
        Assert.False(stopped.Completed);
        var state = Checkpoint.ReadState(stopped.LastCheckpoint!);
        Assert.Equal((1, 2, 8L), (state.epoch, state.batch, state.global_step));
        var store = RunStore.Open(fixture.Options.RunsDir);
        Assert.Equal(RunStatus.Interrupted, store.FindRun("stopped")!.Status);

        var resumed = Experiment.Train(preset, fixture.Options with { Resume = stopped.LastCheckpoint });
        Assert.True(resumed.Completed);
        Assert.Equal(whole.Epochs.Count, resumed.Epochs.Count);
        foreach (var (a, b) in whole.Epochs.Zip(resumed.Epochs))
            foreach (var (key, value) in a.Metrics.Where(kv => !IsTiming(kv.Key)))
                Assert.True(value.Equals(b.Metrics[key]), $"epoch {a.Epoch} {key}: {value:R} uninterrupted, {b.Metrics[key]:R} resumed");
        Assert.Equal(whole.FinalMetrics.Where(kv => !IsTiming(kv.Key)), resumed.FinalMetrics.Where(kv => !IsTiming(kv.Key)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole.LastCheckpoint!, Checkpoint.ModelFile)),
                     File.ReadAllBytes(Path.Combine(resumed.LastCheckpoint!, Checkpoint.ModelFile)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole.LastCheckpoint!, Checkpoint.OptimizerFile)),
                     File.ReadAllBytes(Path.Combine(resumed.LastCheckpoint!, Checkpoint.OptimizerFile)));
        // the resumed run is in the store with every epoch, the ones before the stop included
        Assert.Equal(2, store.EpochTable(resumed.RunId).Count);
        var wrong = Assert.Throws<ArgumentException>(() => Experiment.Train(Overrides.Apply(preset, "train.lr=0.1"), fixture.Options with { Resume = stopped.LastCheckpoint }));
        Assert.Contains("another preset", wrong.Message);
    }
}
