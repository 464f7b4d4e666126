using TvrLab.Losses;
using TvrLab.Models;
using TvrLab.Models.Heads;
using TvrLab.Models.Weights;
using TvrLab.Torch;
using static TvrLab.Tests.Models.ModelTestData;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Models;

/// <summary>The CLIP4Clip model: encoders and cached similarity, each head end to end, checkpoints and CLIP4Clip's initialisation trick.</summary>
public class Clip4ClipTests
{
    static Tensor Videos(int batch, int frames = 4) => randn([batch, frames, 3, 16, 16], float64);

    [Theory]
    [InlineData(SimHeader.meanP)]
    [InlineData(SimHeader.seqLSTM)]
    [InlineData(SimHeader.seqTransf)]
    [InlineData(SimHeader.tightTransf)]
    public void EveryHeadScoresAndTrains(SimHeader head)
    {
        using var model = MicroClip4Clip(head);
        using var scope = NewDisposeScope();
        var (ids, videos, mask) = (TokenIds(3, 10, 1000, seed: 1), Videos(3), FrameMask(4, 4, 2, 3).@double());
        var logits = model.forward(ids, videos, mask);
        Assert.Equal([3L, 3], logits.shape);
        // the same numbers from cached features, as evaluation computes them
        model.eval();
        var cached = model.similarity(model.encode_text(ids).Sentence, model.encode_video(videos, mask), mask);
        Assert.True(MaxAbsDiff(cached, model.forward(ids, videos, mask)) < 1e-12);
        model.train();
        SymmetricInfoNCE.loss(model.forward(ids, videos, mask)).backward();
        using var g = model.clip.visual.conv1.weight.grad;
        Assert.True(g is not null && g.abs().sum().item<double>() > 0, "no gradient reached CLIP's patch embedding");
    }

    [Fact]
    public void LooseHeadsAreMeanPOverTheTemporalFeatures()
    {
        using var model = MicroClip4Clip(SimHeader.seqTransf);
        using var scope = NewDisposeScope();
        var (ids, videos, mask) = (TokenIds(2, 10, 1000, seed: 2), Videos(3), FrameMask(4, 4, 1, 3).@double());
        var frames = model.encode_frames(videos);
        Assert.Equal([3L, 4, 32], frames.shape);
        var temporal = model.temporal_features(frames, mask);
        Assert.Equal([3L, 4, 32], temporal.shape);
        Assert.True(MaxAbsDiff(temporal, model.temporal!.forward(frames, mask)) == 0);
        var t = model.encode_text(ids).Sentence;
        var expected = Math.Exp(model.clip.logit_scale.item<double>()) * MeanPooling.normalize(t).matmul(MeanPooling.meanP(temporal, mask).t());
        Assert.True(MaxAbsDiff(expected, model.similarity(t, temporal, mask)) < 1e-12);
        // meanP's temporal features are the frames themselves
        using var meanP = MicroClip4Clip(SimHeader.meanP);
        Assert.True(meanP.temporal_features(frames, mask).equal(frames));
    }

    [Fact]
    public void PaddedFramesDoNotChangeTheScores()
    {
        foreach (var head in Enum.GetValues<SimHeader>())
        {
            using var model = MicroClip4Clip(head);
            model.eval();
            using var scope = NewDisposeScope();
            var (ids, videos, mask) = (TokenIds(2, 10, 1000, seed: 3), Videos(3), FrameMask(4, 4, 2, 1).@double());
            var other = videos.clone();
            other[1, 2..] = randn([2, 3, 16, 16], float64);
            other[2, 1..] = randn([3, 3, 16, 16], float64);
            Assert.True(MaxAbsDiff(model.forward(ids, videos, mask), model.forward(ids, other, mask)) < 1e-9, $"{head}: padded frames changed the scores");
        }
    }

    [Fact]
    public void StateNamesAreCLIP4Clips()
    {
        using var seqTransf = MicroClip4Clip(SimHeader.seqTransf);
        using var seqLstm = MicroClip4Clip(SimHeader.seqLSTM);
        using var tight = MicroClip4Clip(SimHeader.tightTransf);
        using var meanP = MicroClip4Clip(SimHeader.meanP);
        using var scope = NewDisposeScope();
        var keys = seqTransf.state_dict().Keys.ToList();
        Assert.Contains("clip.visual.conv1.weight", keys);
        Assert.Contains("clip.logit_scale", keys);
        Assert.Contains("frame_position_embeddings.weight", keys);
        Assert.Contains("transformerClip.resblocks.3.mlp.c_proj.bias", keys);
        Assert.Contains("lstm_visual.weight_hh_l0", seqLstm.state_dict().Keys);
        Assert.Contains("frame_position_embeddings.weight", seqLstm.state_dict().Keys);
        Assert.Contains("cross.pooler.dense.weight", tight.state_dict().Keys);
        Assert.Contains("similarity_dense.bias", tight.state_dict().Keys);
        Assert.All(meanP.state_dict().Keys, k => Assert.StartsWith("clip.", k));
        // parameters are counted once, and moving the model moves the heads too
        Assert.Equal(seqTransf.state_dict().Count, seqTransf.parameters().Count());
        seqTransf.to(float32);
        Assert.Equal(ScalarType.Float32, ((SeqTransf)seqTransf.temporal!).transformerClip.resblocks[0].attn.in_proj_weight.dtype);
    }

    [Fact]
    public void PlainClipCheckpointInitialisesTheHeadsFromTheTextTower()
    {
        manual_seed(21);
        using var clip = new CLIP(ClipConfig.Micro);
        using var model = MicroClip4Clip(SimHeader.seqTransf).to(float32);
        using var scope = NewDisposeScope();
        var report = model.load(ClipNames.ToHuggingFace(clip.state_dict()));
        Assert.Equal(CheckpointLayout.HuggingFace, report.Layout);
        Assert.Contains("frame_position_embeddings.weight", report.Derived);
        Assert.True(model.get_parameter("frame_position_embeddings.weight").equal(clip.positional_embedding));
        Assert.True(model.get_parameter("transformerClip.resblocks.0.attn.in_proj_weight").equal(clip.transformer.resblocks[0].attn.in_proj_weight));
        Assert.True(model.get_parameter("transformerClip.resblocks.0.ln_2.bias").equal(clip.transformer.resblocks[0].ln_2.bias!));
        // the micro CLIP has one text layer: blocks 1..3 of the 4-layer seqTransf stay as initialised
        Assert.Contains("transformerClip.resblocks.1.attn.in_proj_weight", report.Missing);
        Assert.DoesNotContain(report.Missing, k => k.StartsWith("clip.", StringComparison.Ordinal));
        Assert.True(model.clip.visual.proj.equal(clip.visual.proj));
    }

    [Fact]
    public void TightTransfAndThreeDimensionalPatchesAreDerivedToo()
    {
        manual_seed(22);
        using var clip = new CLIP(ClipConfig.Micro);
        manual_seed(23);
        using var model = new CLIP4Clip(new Clip4ClipConfig(ClipConfig.Micro with { linear_patch = "3d" }, SimHeader.tightTransf));
        using var scope = NewDisposeScope();
        var report = model.load(clip.state_dict());
        Assert.Contains("clip.visual.conv2.weight", report.Derived);
        Assert.Contains("cross.embeddings.position_embeddings.weight", report.Derived);
        Assert.Contains("cross.transformer.resblocks.0.mlp.c_fc.weight", report.Derived);
        Assert.True(model.get_parameter("cross.transformer.resblocks.0.mlp.c_fc.weight").equal(clip.transformer.resblocks[0].mlp[0].state_dict()["weight"]));
        Assert.True(model.clip.visual.conv2!.weight[.., .., 1].equal(clip.visual.conv1.weight));
        Assert.Contains("cross.pooler.dense.weight", report.Missing);
    }

    [Fact]
    public void Clip4ClipCheckpointRoundTrips()
    {
        using var source = MicroClip4Clip(SimHeader.seqLSTM, seed: 31);
        using var scope = NewDisposeScope();
        var state = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(SimHeader.seqLSTM, Clip4ClipConfig.InferSimHeader(state.Keys));
        var (model, report) = CLIP4Clip.FromPretrained(state, vision_heads: 2, transformer_heads: 2);
        using (model)
        {
            Assert.Equal(CheckpointLayout.Clip4Clip, report.Layout);
            Assert.Equal(SimHeader.seqLSTM, model.config.sim_header);
            Assert.Empty(report.Missing);
            Assert.Empty(report.Unexpected);
            Assert.Empty(report.Derived);
            foreach (var (key, tensor) in state) Assert.True(tensor.@float().equal(model.state_dict()[key]), key);
        }
        // a CLIP4Clip checkpoint into a plain CLIP: the heads are unexpected, CLIP's part loads
        manual_seed(5);
        using var clip = new CLIP(ClipConfig.Micro).to(float64);
        var clipReport = clip.load(state);
        Assert.Empty(clipReport.Missing);
        Assert.Contains("lstm_visual.weight_ih_l0", clipReport.Unexpected);
        Assert.True(clip.visual.proj.equal(source.clip.visual.proj));
    }

    [Fact]
    public void SimHeaderIsReadFromKeys()
    {
        Assert.Equal(SimHeader.seqTransf, Clip4ClipConfig.InferSimHeader(["clip.logit_scale", "transformerClip.resblocks.0.ln_1.weight"]));
        Assert.Equal(SimHeader.tightTransf, Clip4ClipConfig.InferSimHeader(["clip.logit_scale", "cross.pooler.dense.weight"]));
        Assert.Equal(SimHeader.meanP, Clip4ClipConfig.InferSimHeader(["clip.logit_scale"]));
    }

    [Fact]
    public void Bf16AutocastRunsEveryHead()
    {
        foreach (var head in Enum.GetValues<SimHeader>())
        {
            using var model = MicroClip4Clip(head).to(float32);
            model.eval();
            using var scope = NewDisposeScope();
            var (ids, videos, mask) = (TokenIds(2, 10, 1000, seed: 6), Videos(2).@float(), FrameMask(4, 4, 2));
            var reference = model.forward(ids, videos, mask);
            Tensor mixed;
            using (autocast(DeviceType.CPU, bfloat16)) mixed = model.forward(ids, videos, mask);
            var scale = Math.Max(reference.abs().max().item<double>(), 1e-3);
            Assert.True(MaxAbsDiff(reference, mixed) < 0.05 * scale + 0.02, $"{head}: bf16 scores are far from fp32 ones");
        }
    }
}
