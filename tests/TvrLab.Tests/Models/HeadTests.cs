using TvrLab.Models;
using TvrLab.Models.Heads;
using TvrLab.Torch;
using static TvrLab.Tests.Models.ModelTestData;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Models;

/// <summary>
/// CLIP4Clip's similarity calculators against PyTorch 1.13 (Reference/heads_reference.py, written as CLIP4Clip computes
/// them), their shapes, and the property that padded frames have no influence.
/// </summary>
public class HeadTests
{
    const long Width = 8, Heads = 2, Layers = 2, Positions = 16;

    static Tensor Text() => Det([3, Width], 2.5) * 2;
    static Tensor Frames() => Det([4, 5, Width], 3.5) * 2;
    static Tensor Mask() => FrameMask(5, 4, 2, 1, 3).@double();

    /// <summary>The frames with every padded position replaced by other values.</summary>
    static Tensor ScrambledPadding(Tensor frames, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var keep = mask.unsqueeze(-1);
        return scope.MoveToOuter(frames * keep + (randn(frames.shape, float64) * 7 + 3) * (1 - keep));
    }

    [Fact]
    public void MeanPMatchesHandComputation()
    {
        using var scope = NewDisposeScope();
        var frames = Frames();
        var mask = Mask();
        var pooled = MeanPooling.meanP(frames, mask);
        Assert.Equal([4L, Width], pooled.shape);
        AssertClose(HeadsReference.MeanPOut, pooled);
        // video 1 by hand: frames 0 and 1 normalised, averaged, normalised
        var f = frames.ToArray<double>();
        var sum = new double[Width];
        for (int t = 0; t < 2; t++)
        {
            var row = f.Skip((1 * 5 + t) * (int)Width).Take((int)Width).ToArray();
            var norm = Math.Sqrt(row.Sum(x => x * x));
            for (int d = 0; d < Width; d++) sum[d] += row[d] / norm / 2;
        }
        var length = Math.Sqrt(sum.Sum(x => x * x));
        AssertClose(sum.Select(x => x / length).ToArray(), pooled[1]);
    }

    [Fact]
    public void MaskedMeanCountsAtLeastOneFrame()
    {
        using var scope = NewDisposeScope();
        var frames = Frames();
        var none = zeros([4, 5], float64);
        var mean = MeanPooling.masked_mean(frames, none);
        Assert.Equal(0.0, mean.abs().max().item<double>());   // sum 0 / max(0, 1): CLIP4Clip's count of 1, no NaN
    }

    [Fact]
    public void SeqTransfMatchesPyTorch()
    {
        using var head = Fill(new SeqTransf(Width, Layers, Heads, Positions).to(float64));
        using var scope = NewDisposeScope();
        var output = head.forward(Frames(), Mask());
        Assert.Equal([4L, 5, Width], output.shape);
        AssertClose(HeadsReference.SeqTransfOut, output, 1e-9, 1e-9);
        var logits = Math.Exp(3) * MeanPooling.normalize(Text()).matmul(MeanPooling.meanP(output, Mask()).t());
        AssertClose(HeadsReference.SeqTransfLogits, logits, 1e-9, 1e-9);
    }

    [Fact]
    public void SeqLstmMatchesPyTorchIncludingStepsPastTheLongestVideo()
    {
        using var head = Fill(new SeqLSTM(Width, Positions).to(float64));
        using var scope = NewDisposeScope();
        var frames = Frames();
        var output = head.forward(frames, Mask());
        Assert.Equal([4L, 5, Width], output.shape);
        AssertClose(HeadsReference.SeqLstmOut, output, 1e-9, 1e-9);
        // the longest video has 4 frames: at step 4 CLIP4Clip refills the input, so the output is twice the input
        Assert.True(MaxAbsDiff(output[.., 4], frames[.., 4] * 2) < 1e-12);
        var logits = Math.Exp(3) * MeanPooling.normalize(Text()).matmul(MeanPooling.meanP(output, Mask()).t());
        AssertClose(HeadsReference.SeqLstmLogits, logits, 1e-9, 1e-9);
    }

    [Fact]
    public void TightTransfMatchesPyTorch()
    {
        using var head = Fill(new TightTransf(Width, Layers, Heads, Positions).to(float64));
        using var scope = NewDisposeScope();
        var scores = head.forward(Text(), Frames(), Mask());
        Assert.Equal([3L, 4], scores.shape);
        AssertClose(HeadsReference.TightTransfLogits, scores, 1e-9, 1e-9);
    }

    [Fact]
    public void TightTransfScoresEachPairOnItsOwn()
    {
        manual_seed(3);
        using var head = new TightTransf(Width, Layers, Heads, Positions).to(float64);
        head.eval();
        using var scope = NewDisposeScope();
        var (text, frames, mask) = (randn([3, Width], float64), randn([4, 5, Width], float64), Mask());
        var all = head.forward(text, frames, mask);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
            {
                var pair = head.forward(text[i..(i + 1)], frames[j..(j + 1)], mask[j..(j + 1)]);
                Assert.Equal([1L, 1], pair.shape);
                Assert.True(Math.Abs(pair.item<double>() - all[i, j].item<double>()) < 1e-12, $"pair ({i}, {j}) differs from its entry in the matrix");
            }
        // chunking over texts changes nothing, and neither do the values of padded frames
        Assert.True(MaxAbsDiff(all, head.forward(text, frames, mask, text_chunk: 2)) < 1e-12);
        Assert.True(MaxAbsDiff(all, head.forward(text, ScrambledPadding(frames, mask), mask)) < 1e-9);
    }

    [Fact]
    public void PaddedFramesHaveNoInfluence()
    {
        manual_seed(5);
        using var seqTransf = new SeqTransf(Width, Layers, Heads, Positions).to(float64);
        using var seqLstm = new SeqLSTM(Width, Positions).to(float64);
        using var scope = NewDisposeScope();
        var (frames, mask) = (randn([4, 5, Width], float64), Mask());
        var scrambled = ScrambledPadding(frames, mask);
        Assert.True(MaxAbsDiff(frames, scrambled) > 1, "the scrambled frames must differ");
        Assert.True(MaxAbsDiff(MeanPooling.meanP(frames, mask), MeanPooling.meanP(scrambled, mask)) < 1e-12);
        foreach (TemporalModule head in new TemporalModule[] { seqTransf, seqLstm })
        {
            var (a, b) = (head.forward(frames, mask), head.forward(scrambled, mask));
            var valid = mask.unsqueeze(-1);
            Assert.True(MaxAbsDiff(a * valid, b * valid) < 1e-9, $"{head.GetType().Name}: a valid frame's output depends on padded frames");
            Assert.True(MaxAbsDiff(MeanPooling.meanP(a, mask), MeanPooling.meanP(b, mask)) < 1e-9, $"{head.GetType().Name}: pooled video depends on padded frames");
        }
    }

    [Fact]
    public void HeadsKeepCLIP4ClipStateNames()
    {
        using var seqTransf = new SeqTransf(Width, Layers, Heads, Positions);
        using var seqLstm = new SeqLSTM(Width, Positions);
        using var tight = new TightTransf(Width, Layers, Heads, Positions);
        using var scope = NewDisposeScope();
        Assert.Contains("transformerClip.resblocks.1.attn.in_proj_weight", seqTransf.state_dict().Keys);
        Assert.Contains("frame_position_embeddings.weight", seqTransf.state_dict().Keys);
        Assert.Equal(["frame_position_embeddings.weight", "lstm_visual.weight_ih_l0", "lstm_visual.weight_hh_l0", "lstm_visual.bias_ih_l0", "lstm_visual.bias_hh_l0"],
                     seqLstm.state_dict().Keys);
        var keys = tight.state_dict().Keys.ToList();
        foreach (var key in new[] { "cross.embeddings.position_embeddings.weight", "cross.transformer.resblocks.0.mlp.c_fc.weight",
                                    "cross.pooler.ln_pool.weight", "cross.pooler.dense.weight", "similarity_dense.weight", "similarity_dense.bias" })
            Assert.Contains(key, keys);
        Assert.Equal(1e-12, seqTransf.transformerClip.resblocks[0].ln_1.eps);
    }

    [Fact]
    public void BadMasksAreRejected()
    {
        using var head = new SeqTransf(Width, Layers, Heads, Positions);
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => head.forward(randn(2, 5, Width), ones(2, 4)));
        Assert.Contains("[2, 5]", e.Message);
        Assert.Throws<ArgumentException>(() => head.forward(randn(2, 17, Width), ones(2, 17)));   // more frames than positions
    }
}
