using TvrLab.Losses;
using TvrLab.Models;
using TvrLab.Models.Analysis;
using TvrLab.Models.Heads;
using TvrLab.Tests.Text;
using TvrLab.Torch;
using TvrLab.Viz;
using static TvrLab.Tests.Models.ModelTestData;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Models;

/// <summary>The DRL notebook's analysis calls: one pair's interaction, the word weights, the channel correlation.</summary>
public class DrlAnalysisTests(SharedTokenizer shared) : IClassFixture<SharedTokenizer>
{
    static DRL Model(Interaction interaction, ClipConfig? clip = null)
    {
        manual_seed(7);
        var model = new DRL(new DrlConfig(clip ?? ClipConfig.Micro, interaction, DrlTemporal.none)).to(float64);
        model.eval();
        return model;
    }

    [Theory]
    [InlineData(Interaction.ti)]
    [InlineData(Interaction.wti)]
    public void APairsScoreIsTheModelsScoreAndItsArgmaxesAreTheMatrixs(Interaction interaction)
    {
        using var model = Model(interaction);
        using var scope = NewDisposeScope();
        // positive features: every similarity > 0, so padded entries (0 in the reference's max) never win
        var text = new EncodedText(zeros([3, 32], float64), rand([3, 6, 32], float64) + 0.1, FrameMask(6, 6, 3, 4).@double());
        var video = new EncodedVideo(rand([2, 5, 32], float64) + 0.1, FrameMask(5, 2, 5).@double());
        var s = model.similarity(text, video);
        var pair = DrlAnalysis.Pair(model, text, 2, video, 1, ["a", "b", "c", "d"]);
        Assert.Equal(4, pair.Similarity.GetLength(0));
        Assert.Equal(5, pair.Similarity.GetLength(1));
        Assert.Equal(s[2, 1].item<double>(), pair.Score, 1e-12);
        for (int t = 0; t < 4; t++)
            Assert.Equal(Enumerable.Range(0, 5).Max(v => pair.Similarity[t, v]), pair.Similarity[t, pair.BestFrame[t]]);
        for (int v = 0; v < 5; v++)
            Assert.Equal(Enumerable.Range(0, 4).Max(t => pair.Similarity[t, v]), pair.Similarity[pair.BestWord[v], v]);
        if (interaction == Interaction.wti)
        {
            Assert.Equal(1, pair.WordWeights!.Sum(), 1e-12);
            Assert.Equal(5, pair.FrameWeights!.Length);
        }
        else Assert.Null(pair.WordWeights);
        var figure = pair.Plot("pair 2-1");
        Assert.Contains("heatmap", figure.ToJson());
        Assert.Throws<ArgumentException>(() => DrlAnalysis.Pair(model, text, 2, video, 1, ["only", "three", "words"]));
    }

    [Fact]
    public void CollapseMeasuresHowAlikeDifferentItemsAre()
    {
        using var scope = NewDisposeScope();
        // three captions along the axes (orthogonal), three videos: two frames each, the third video's second frame padded
        var text = new EncodedText(eye(3, dtype: ScalarType.Float64) * 2, zeros([3, 4, 3], float64), ones([3, 4], float64));
        var frames = tensor(new double[] { 1, 0, 0, 1, 0, 0,    0, 1, 0, 0, 0, 1,    0, 0, 1, 5, 5, 5 }, [3, 2, 3]);
        var video = new EncodedVideo(frames, tensor(new long[] { 1, 1, 1, 1, 1, 0 }, [3, 2]));
        var scores = tensor(new double[] { 3, 1, 1, 1, 3, 1, 1, 1, 3 }, [3, 3]);
        var c = DrlAnalysis.Collapse(text, video, scores);
        Assert.Equal(0, c.CaptionCosine, 12);                          // orthogonal captions
        // meanP: (1,0,0), (0,1,1)/sqrt2, (0,0,1): cosines 0, 0, 1/sqrt2 -> mean over the 6 ordered pairs sqrt2/6
        Assert.Equal(Math.Sqrt(2) / 6, c.VideoCosine, 12);
        Assert.Equal(0.5, c.FrameCosine, 12);                          // video 0: cosine 1, video 1: 0; video 2 has one valid frame
        Assert.Equal(1.0, c.ScoreStd, 12);                             // scores: three 3s, six 1s: sqrt(8 / 8), unbiased
        Assert.Equal(3 - 15.0 / 9, c.MatchMargin, 12);
        // one point for everything: cosines 1, no spread, no margin
        var same = new EncodedVideo(ones([3, 2, 3], float64), ones([3, 2], ScalarType.Int64));
        var flat = DrlAnalysis.Collapse(new EncodedText(ones([3, 3], float64), zeros([3, 4, 3], float64), ones([3, 4], float64)), same, full([3, 3], 0.25, float64));
        Assert.Equal((1.0, 1.0, 1.0, 0.0, 0.0), (Math.Round(flat.CaptionCosine, 12), Math.Round(flat.VideoCosine, 12), Math.Round(flat.FrameCosine, 12), flat.ScoreStd, flat.MatchMargin));
        Assert.Throws<ArgumentException>(() => DrlAnalysis.Collapse(text, video, zeros([3, 2], float64)));
    }

    [Fact]
    public void CaptionsAreLabelledWithTheirWordsAndWtiWeighsThem()
    {
        using var model = Model(Interaction.wti, ClipConfig.Tiny);
        using var scope = NewDisposeScope();
        var video = randint(0, 256, [4, 3, 32, 32], ScalarType.Byte);
        var pair = DrlAnalysis.Pair(model, shared.Tokenizer, "a red ball rolls", video, tensor(new long[] { 1, 1, 1, 0 }), max_words: 12);
        Assert.Equal(["[SOT]", "a", "red", "ball", "rolls", "[EOT]"], pair.Words);
        Assert.Equal(3, pair.Similarity.GetLength(1));                       // the padded frame is left out
        var weights = DrlAnalysis.WordWeights(model, shared.Tokenizer, "a red ball rolls", max_words: 12);
        Assert.Equal(pair.Words, weights.Select(w => w.word).ToArray());
        Assert.Equal(pair.WordWeights!, weights.Select(w => w.weight).ToArray());
        Assert.Equal(1, weights.Sum(w => w.weight), 1e-12);
        using var ti = Model(Interaction.ti, ClipConfig.Tiny);
        Assert.Contains("only WTI", Assert.Throws<InvalidOperationException>(() => DrlAnalysis.WordWeights(ti, shared.Tokenizer, "a ball")).Message);
    }

    [Theory]
    [InlineData(Interaction.dp, 2)]
    [InlineData(Interaction.ti, 2)]
    [InlineData(Interaction.wti, 3)]
    public void ChannelCorrelationIsWhatCdcrRegularises(Interaction interaction, int mode)
    {
        using var model = Model(interaction);
        using var scope = NewDisposeScope();
        var text = new EncodedText(zeros([4, 32], float64), randn([4, 6, 32], float64), FrameMask(6, 6, 3, 4, 2).@double());
        var video = new EncodedVideo(randn([4, 5, 32], float64), FrameMask(5, 2, 5, 1, 3).@double());
        var c = DrlAnalysis.ChannelCorrelation(model, text, video, mode);
        Assert.Equal([32L, 32], c.shape);
        // CDCR's loss is this matrix's alpha1 * sum (C_ii - 1)^2 + alpha2 * sum_{i != j} C_ij^2
        var settings = new CdcrSettings(interaction == Interaction.dp ? 1 : mode, 0.14, 0.05);
        model.train();
        var output = model.head.forward(text.tokens, text.text_mask, video.frames, video.video_mask, zeros([]), settings);
        Assert.Equal(ChannelDecorrelation.loss(c, 0.14, 0.05).item<double>(), output.cdcr_loss!.item<double>(), 1e-10);
        Assert.Contains("channel cross-correlation", Plots.ChannelCorrelation(c, c * 0.5).ToJson());
    }
}
