using TvrLab.Retrieval;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Retrieval;

/// <summary>
/// Hand-sized cases of CLIP4Clip's metrics.py. Expected values come from running the reference's own expressions
/// (numpy/torch 1.13) on the same matrices; the golden suite (RetrievalGoldenTests) covers larger random ones.
/// </summary>
public class MetricsTests
{
    [Fact]
    public void RanksTheDiagonalInEachRowSortedDescending()
    {
        using var scope = NewDisposeScope();
        var sim = tensor(new[,] { { 0.9, 0.1, 0.2 }, { 0.8, 0.3, 0.5 }, { 0.1, 0.2, 0.05 } });
        var m = Metrics.FromSimilarity(sim);
        Assert.Equal(new long[] { 0, 2, 2 }, m.Ranks);
        Assert.Equal(33.333333333333336, m.R1);
        Assert.Equal(100.0, m.R5);
        Assert.Equal(3.0, m.MedianR);
        Assert.Equal(2.333333333333333, m.MeanR);
    }

    [Fact]
    public void EvenCountMedianIsTheMeanOfTheMiddleTwoAsNumpyComputesIt()
    {
        using var scope = NewDisposeScope();
        var m = Metrics.FromSimilarity(tensor(new[,] { { 0.9, 0.1 }, { 0.8, 0.3 } }));
        Assert.Equal(new long[] { 0, 1 }, m.Ranks);
        Assert.Equal(1.5, m.MedianR);
        Assert.Equal(50.0, m.R1);
    }

    [Fact]
    public void ATiedGroundTruthCountsOnceForEveryTiedPositionAsTheReferenceDoes()
    {
        using var scope = NewDisposeScope();
        // np.where(sort(-x) - diag == 0) finds both tied positions of row 0.
        var m = Metrics.FromSimilarity(tensor(new[,] { { 1.0, 1.0 }, { 0.0, 1.0 } }));
        Assert.Equal(new long[] { 0, 1, 0 }, m.Ranks);
        Assert.Equal(66.66666666666667, m.R1);
        Assert.Equal(1.3333333333333333, m.MeanR);
    }

    [Fact]
    public void ARowWithAnInfiniteGroundTruthGetsNoRank()
    {
        using var scope = NewDisposeScope();
        var m = Metrics.FromSimilarity(tensor(new[,] { { double.PositiveInfinity, 0.1 }, { 0.2, 0.3 } }));
        Assert.Equal(new long[] { 0 }, m.Ranks);
        Assert.Equal(100.0, m.R1);
    }

    [Fact]
    public void ManyCaptionsRankEveryValidCaptionAndRoundRecallToFloat32()
    {
        using var scope = NewDisposeScope();
        var inf = double.NegativeInfinity;
        // sim[v, c, w]: video 0 has two captions, video 1 has one (the second slot is padding).
        var sim = tensor(new[,,]
        {
            { { 0.9, 0.1 }, { 0.2, 0.7 } },     // caption 0 of video 0: rank 0; caption 1: rank 1
            { { 0.5, 0.4 }, { inf, inf } },     // caption 0 of video 1: rank 1; padding
        });
        var t2v = Metrics.TextToVideoMulti(sim);
        Assert.Equal(new long[] { 0, 1, 1 }, t2v.Ranks);        // caption slot 0 of both videos, then slot 1
        Assert.Equal(33.33333206176758, t2v.R1);               // float(torch.sum(r < 1) * 100 / 3): float32
        Assert.Equal(100.0, t2v.R5);
        Assert.Equal(2.0, t2v.MedianR);                         // torch.median of [1, 2, 2]
        Assert.Equal(5.0 / 3, t2v.MeanR);

        var v2tSim = Metrics.VideoToTextSimilarity(sim);
        // [w, v] = max over the captions of video v against video w.
        Assert.Equal(new[] { 0.9, 0.5, 0.7, 0.4 }, v2tSim.ToArray<double>());
        var (textToVideo, videoToText) = Metrics.Evaluate(sim);
        Assert.Equal(t2v.Ranks, textToVideo.Ranks);
        Assert.Equal(new long[] { 0, 1 }, videoToText.Ranks);
    }

    [Fact]
    public void VideoToTextTreatsNaNAsMinusInfinity()
    {
        using var scope = NewDisposeScope();
        var sim = tensor(new[,,] { { { double.NaN, 0.3 }, { 0.2, 0.1 } }, { { 0.5, 0.6 }, { 0.4, double.NaN } } });
        Assert.Equal(new[] { 0.2, 0.5, 0.3, 0.6 }, Metrics.VideoToTextSimilarity(sim).ToArray<double>());
    }

    [Fact]
    public void OneCaptionPerVideoEvaluatesTheTransposeForVideoToText()
    {
        using var scope = NewDisposeScope();
        var sim = tensor(new[,] { { 0.9, 0.95 }, { 0.8, 0.3 } });
        var (t2v, v2t) = Metrics.Evaluate(sim);
        Assert.Equal(new long[] { 1, 1 }, t2v.Ranks);
        Assert.Equal(new long[] { 0, 1 }, v2t.Ranks);           // columns as queries: 0.9 > 0.8; 0.3 < 0.95
    }

    [Fact]
    public void RejectsShapesItCannotRank()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("[2, 3, 4]", Assert.Throws<ArgumentException>(() => Metrics.TextToVideoMulti(zeros(2, 3, 4))).Message);
        Assert.Contains("3 queries but only 2 candidates", Assert.Throws<ArgumentException>(() => Metrics.FromSimilarity(zeros(3, 2))).Message);
        Assert.Throws<ArgumentException>(() => Metrics.FromSimilarity(zeros(3)));
        Assert.Contains("no query", Assert.Throws<ArgumentException>(() => Metrics.FromSimilarity(full([2, 2], double.NaN))).Message);
    }
}
