using TvrLab.Data.Loading;
using TvrLab.Losses;
using TvrLab.Models;
using TvrLab.Models.Heads;
using TvrLab.Torch;
using static TvrLab.Tests.Models.ModelTestData;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Models;

/// <summary>DRL: the interaction heads (chunked == whole, WTI weights, errors), the model end to end, its state names.</summary>
public class DrlTests
{
    static DRL MicroDrl(Interaction interaction, DrlTemporal temporal = DrlTemporal.none, int cdcr = 0, int seed = 1)
    {
        manual_seed((ulong)seed);
        return new DRL(new DrlConfig(ClipConfig.Micro, interaction, temporal, cdcr, eval_text_chunk: 2, eval_video_chunk: 3)).to(float64);
    }

    /// <summary>Random features [B, L, D] and a prefix mask with the given lengths.</summary>
    static (Tensor feat, Tensor mask) Features(long length, long dim, params int[] lengths) =>
        (randn([lengths.Length, length, dim], float64), FrameMask(length, lengths).@double());

    [Theory]
    [InlineData(Interaction.ti)]
    [InlineData(Interaction.wti)]
    public void ChunkedScoresEqualTheWholeTensor(Interaction interaction)
    {
        manual_seed(3);
        using var head = new TokenInteraction(interaction, 8).to(float64);
        head.eval();
        using var scope = NewDisposeScope();
        var (t, mt) = Features(6, 8, 6, 2, 4, 1, 5, 3, 6);
        var (v, mv) = Features(4, 8, 4, 1, 3, 2, 4);
        AssertChunkedEqualsWhole(head, interaction, t, mt, v, mv);
        // every similarity negative: the padded positions' 0 wins every max (the reference's masking), even where a
        // block cuts the padding away
        AssertChunkedEqualsWhole(head, interaction, t.abs(), mt, -v.abs(), mv);
    }

    static void AssertChunkedEqualsWhole(TokenInteraction head, Interaction interaction, Tensor t, Tensor mt, Tensor v, Tensor mv)
    {
        var whole = head.similarity(t, mt, v, mv);
        Assert.Equal([7L, 5], whole.shape);
        foreach (var (ct, cv) in new[] { (1L, 1L), (2L, 3L), (3L, 0L), (0L, 2L), (7L, 5L) })
            Assert.True(MaxAbsDiff(whole, head.similarity(t, mt, v, mv, ct, cv)) < 1e-14, $"chunks {ct} x {cv}");
        // the whole tensor, written out: s[a,b,t,v] masked, max over the other side, weighted sums
        var s = TokenSimilarity.TokenFrame(MeanPooling.normalize(t), mt, MeanPooling.normalize(v), mv);
        Assert.Equal([7L, 5, 6, 4], s.shape);
        var (wt, wv) = interaction == Interaction.wti ? head.weights(t, mt, v, mv) : (mt / mt.sum(-1, keepdim: true), mv / mv.sum(-1, keepdim: true));
        var expected = ((s.amax(-1) * wt.unsqueeze(1)).sum(-1) + (s.amax(-2) * wv.unsqueeze(0)).sum(-1)) / 2;
        Assert.True(MaxAbsDiff(expected, whole) < 1e-12);
    }

    [Fact]
    public void WtiWeightsAreASoftmaxOverValidPositionsOnly()
    {
        manual_seed(4);
        using var head = new TokenInteraction(Interaction.wti, 8, wti_arch: 3).to(float64);
        using var scope = NewDisposeScope();
        var (t, mt) = Features(5, 8, 5, 2, 3);
        var (v, mv) = Features(4, 8, 1, 4, 2);
        var (wt, wv) = head.weights(t, mt, v, mv);
        AssertClose([1, 1, 1], wt.sum(-1));
        AssertClose([1, 1, 1], wv.sum(-1));
        Assert.Equal(0, (wt * (1 - mt)).abs().sum().item<double>());
        Assert.Equal(0, (wv * (1 - mv)).abs().sum().item<double>());
        Assert.True(wt.gt(0).logical_and(mt.gt(0)).sum().item<long>() == mt.sum().item<double>());
    }

    [Theory]
    [InlineData(1, "text_weight_fc.weight")]
    [InlineData(2, "text_weight_fc.2.weight")]
    [InlineData(3, "text_weight_fc.4.weight")]
    public void WeightBranchArchitecturesHaveTheReferenceNames(int arch, string lastLayer)
    {
        using var head = new TokenInteraction(Interaction.wti, 8, wti_arch: arch);
        var keys = head.state_dict().Keys.ToList();
        Assert.Contains(lastLayer, keys);
        Assert.Contains(lastLayer.Replace("text", "video"), keys);
        Assert.Equal(arch * 4, keys.Count);   // (weight, bias) per Linear, two branches
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenInteraction(Interaction.wti, 8, wti_arch: 4));
    }

    [Fact]
    public void BadMasksAndShapesAreClearErrors()
    {
        using var head = new TokenInteraction(Interaction.ti, 8).to(float64);
        using var scope = NewDisposeScope();
        var (t, mt) = Features(5, 8, 5, 2);
        var (v, mv) = Features(4, 8, 4, 3);
        Assert.Contains("text mask must be [B, L] = [2, 5]", Assert.Throws<ArgumentException>(() => head.similarity(t, mt[.., ..4], v, mv)).Message);
        Assert.Contains("no valid position in row 1", Assert.Throws<ArgumentException>(() => head.similarity(t, mt, v, mv * tensor(new[] { 1.0, 0.0 }, [2, 1]))).Message);
        Assert.Contains("only 0 and 1", Assert.Throws<ArgumentException>(() => head.similarity(t, mt * 2, v, mv)).Message);
        Assert.Contains("8-d but video features 6-d", Assert.Throws<ArgumentException>(() => head.similarity(t, mt, v[.., .., ..6], mv)).Message);
        Assert.Contains("must be [B, L, D]", Assert.Throws<ArgumentException>(() => head.similarity(t[0], mt, v, mv)).Message);
        Assert.Contains("mode 3 weights rows by WTI's weights",
            Assert.Throws<ArgumentException>(() => head.forward(t, mt, v, mv, zeros([]), new CdcrSettings(3, 0.14))).Message);
        Assert.Contains("not defined for XTI", Assert.Throws<ArgumentException>(() => new DrlConfig(ClipConfig.Micro, Interaction.xti, cdcr: 1).Validated()).Message);
    }

    [Theory]
    [InlineData(Interaction.dp, DrlTemporal.none, 1)]
    [InlineData(Interaction.ti, DrlTemporal.seqTransf, 2)]
    [InlineData(Interaction.wti, DrlTemporal.seqTransf, 3)]
    [InlineData(Interaction.wti, DrlTemporal.none, 1)]
    [InlineData(Interaction.xti, DrlTemporal.seqTransf, 0)]
    public void EveryInteractionTrainsAndEvaluatesFromCachedFeatures(Interaction interaction, DrlTemporal temporal, int cdcr)
    {
        using var model = MicroDrl(interaction, temporal, cdcr);
        using var scope = NewDisposeScope();
        var ids = TokenIds(4, 10, 1000, seed: 5);
        var text_mask = ids.ne(0).to(ScalarType.Int64);
        var videos = randn([4, 4, 3, 16, 16], float64);
        var video_mask = FrameMask(4, 4, 2, 3, 4).to(ScalarType.Int64);
        using var batch = new VideoTextBatch(ids, text_mask, videos, video_mask, [0, 1, 2, 3], [0, 1, 2, 3]);
        var loss = model.loss(batch);
        Assert.Equal(0, loss.dim());
        Assert.True(double.IsFinite(loss.item<double>()));
        loss.backward();
        using (var g = model.clip.visual.conv1.weight.grad)
            Assert.True(g is not null && g.abs().sum().item<double>() > 0, "no gradient reached CLIP's patch embedding");
        // evaluation: cached features, blocks of 2 x 3 pairs, equal to the unscaled training scores
        model.eval();
        var text = model.encode_text(ids, text_mask);
        var video = model.encode_video(videos, video_mask);
        Assert.Equal([4L, 10, 32], text.tokens.shape);
        Assert.Equal([4L, 4, 32], video.frames.shape);
        var s = model.similarity(text, video);
        Assert.Equal([4L, 4], s.shape);
        var whole = model.interact(text, video);
        Assert.Null(whole.cdcr_loss);
        Assert.True(MaxAbsDiff(whole.t2v_logits, s) < 1e-12);
        Assert.True(MaxAbsDiff(whole.v2t_logits, s.t()) < 1e-12);
        // captions against a different number of videos
        Assert.Equal([3L, 4], model.similarity(new EncodedText(text.sentence[..3], text.tokens[..3], text.text_mask[..3]), video).shape);
    }

    [Fact]
    public void StateNamesAreTheReferencesAndHeadsStartFromClip()
    {
        using var wti = MicroDrl(Interaction.wti, DrlTemporal.seqTransf);
        var keys = wti.state_dict().Keys.ToList();
        foreach (var k in new[] { "clip.logit_scale", "frame_position_embeddings.weight", "transformerClip.resblocks.0.attn.in_proj_weight",
                                  "text_weight_fc.0.weight", "video_weight_fc.2.bias" })
            Assert.Contains(k, keys);
        using var xti = MicroDrl(Interaction.xti);
        Assert.Contains("cross.transformer.resblocks.0.ln_1.weight", xti.state_dict().Keys);
        Assert.Contains("similarity_dense.weight", xti.state_dict().Keys);
        Assert.True(wti.is_pretrained("clip.visual.conv1.weight"));
        Assert.False(wti.is_pretrained("text_weight_fc.0.weight"));

        // a plain CLIP checkpoint: the temporal module is derived from the text tower, the weight branches stay as initialised
        using var clip = new CLIP(ClipConfig.Micro).to(float64);
        var (model, report) = DRL.FromPretrained(clip.state_dict(), new DrlConfig(ClipConfig.Micro, Interaction.wti, DrlTemporal.seqTransf));
        using (model)
        {
            Assert.Contains("frame_position_embeddings.weight", report.Derived);
            Assert.Contains("transformerClip.resblocks.0.attn.in_proj_weight", report.Derived);
            Assert.Contains("text_weight_fc.0.weight", report.Missing);
            Assert.True(model.state_dict()["frame_position_embeddings.weight"].to(float64).equal(clip.positional_embedding.detach().@float().@double()));
            // and its own checkpoint round-trips with nothing missing
            var again = model.load(model.state_dict(), strict: true);
            Assert.Empty(again.Missing);
        }
    }

    [Fact]
    public void CdcrIsAddedWithLambda()
    {
        using var model = MicroDrl(Interaction.wti, DrlTemporal.none, cdcr: 3);
        using var scope = NewDisposeScope();
        var ids = TokenIds(4, 10, 1000, seed: 6);
        var text_mask = ids.ne(0).to(ScalarType.Int64);
        var videos = randn([4, 3, 3, 16, 16], float64);
        var video_mask = FrameMask(3, 3, 2, 3, 1).to(ScalarType.Int64);
        using var batch = new VideoTextBatch(ids, text_mask, videos, video_mask, [0, 1, 2, 3], [0, 1, 2, 3]);
        var total = model.loss(batch).item<double>();
        var output = model.interact(model.encode_text(ids, text_mask), model.encode_video(videos, video_mask));
        Assert.NotNull(output.cdcr_loss);
        var info_nce = SymmetricInfoNCE.loss(output.t2v_logits).item<double>();
        Assert.Equal(info_nce + 1e-3 * output.cdcr_loss!.item<double>(), total, 1e-10);
        Assert.True(output.cdcr_loss!.item<double>() > 0);
    }

    [Fact]
    public void OptionsParseIntoAConfigWithErrorsNamingTheSetting()
    {
        var config = DrlOptions.Parse(ClipConfig.Micro, new Dictionary<string, string> { ["interaction"] = "TI", ["temporal"] = "None", ["cdcr"] = "on" });
        Assert.Equal(Interaction.ti, config.interaction);
        Assert.Equal(DrlTemporal.none, config.temporal);
        Assert.Equal(new CdcrSettings(2, 0.16, 0, 1e-3), config.Cdcr);
        var wti = new DrlConfig(ClipConfig.Micro, Interaction.wti, DrlTemporal.seqTransf, cdcr: 3, cdcr_alpha1: 0.11);
        Assert.Equal(wti, DrlOptions.Parse(ClipConfig.Micro, DrlOptions.From(wti)) with { cdcr_alpha2 = wti.cdcr_alpha2 });
        Assert.Contains("model.options.interction: not a DRL setting",
            Assert.Throws<ArgumentException>(() => DrlOptions.Parse(ClipConfig.Micro, new Dictionary<string, string> { ["interction"] = "ti" })).Message);
        Assert.Contains("model.options.temporal = \"lstm\": expected one of none, seqTransf, seqLSTM",
            Assert.Throws<ArgumentException>(() => DrlOptions.Parse(ClipConfig.Micro, new Dictionary<string, string> { ["temporal"] = "lstm" })).Message);
        Assert.Contains("mode 3 weights rows by WTI's weights",
            Assert.Throws<ArgumentException>(() => DrlOptions.Parse(ClipConfig.Micro, new Dictionary<string, string> { ["interaction"] = "dp", ["cdcr"] = "3" })).Message);
    }
}
