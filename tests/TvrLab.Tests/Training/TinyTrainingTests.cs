using TvrLab.Experiments;
using TvrLab.Runs;
using TvrLab.Training;
using Xunit.Abstractions;

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
        Assert.True(t2v >= 15, $"t2v R@1 {t2v} is not well above chance (5)");
        Assert.True(r.Final("t2v_R5") >= 45, $"t2v R@5 {r.Final("t2v_R5")} is not well above chance (25)");
        Assert.True(r.Final("t2v_MdR") <= 6, $"t2v median rank {r.Final("t2v_MdR")} is not well below chance (10.5)");
        Assert.True(r.Epochs[^1].Metrics["loss"] < r.Epochs[0].Metrics["loss"], "the training loss did not fall");
    }
}
