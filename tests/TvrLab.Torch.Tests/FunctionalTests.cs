using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;
using F = TvrLab.Torch.torch.nn.functional;

namespace TvrLab.Torch.Tests;

/// <summary>nn.functional against PyTorch 1.13 (Reference/ops_reference.py) and against the formulas by hand.</summary>
public class FunctionalTests
{
    [Fact]
    public void InterpolateMatchesPyTorchInEveryMode()
    {
        using var scope = NewDisposeScope();
        var img = Det([1, 2, 8, 8], 0.8);
        AssertClose(OpsReference.BicubicAntialiasDown, F.interpolate(img, (3, 5), mode: "bicubic", antialias: true));
        AssertClose(OpsReference.BilinearAntialiasDown, F.interpolate(img, [5, 3], mode: "bilinear", antialias: true));
        AssertClose(OpsReference.BicubicDownNoAntialias, F.interpolate(img, (3, 5), mode: "bicubic"));
        var small = Det([1, 1, 3, 3], 0.9);
        AssertClose(OpsReference.BicubicUpAlignCorners, F.interpolate(small, [5, 4], mode: "bicubic", align_corners: true));
        // scale_factor 1.5 on 3 pixels: 4 output pixels, mapped with the given scale (or the recomputed 4/3)
        var scaled = F.interpolate(small, scale_factor: [1.5], mode: "bilinear");
        Assert.Equal([1L, 1, 4, 4], scaled.shape);
        AssertClose(OpsReference.BilinearScale1p5, scaled);
        AssertClose(OpsReference.BilinearScale1p5Recompute, F.interpolate(small, scale_factor: [1.5], mode: "bilinear", recompute_scale_factor: true));
        AssertClose(OpsReference.LinearUp, F.interpolate(Det([1, 2, 5], 1.0), [8], mode: "linear"));
        AssertClose(OpsReference.NearestUp1d, F.interpolate(Det([1, 1, 3], 1.1), [7]));
        AssertClose(OpsReference.TrilinearUp, F.interpolate(Det([1, 1, 2, 3, 2], 1.2), [3, 4, 3], mode: "trilinear"));
        AssertClose(OpsReference.AreaDown, F.interpolate(Det([1, 1, 6, 5], 1.3), [4, 3], mode: "area"));
    }

    [Fact]
    public void InterpolateRejectsAModeThatDoesNotFitTheInput()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<TorchException>(() => F.interpolate(zeros(1, 1, 4), [8], mode: "bilinear"));
        Assert.Contains("bilinear mode needs 4-D input", ex.Message);
        ex = Assert.Throws<TorchException>(() => F.interpolate(zeros(1, 1, 4, 4), [8], mode: "bilinear"));
        Assert.Contains("2 spatial dimension(s) but 1", ex.Message);
        ex = Assert.Throws<TorchException>(() => F.interpolate(zeros(1, 1, 4, 4), [2, 2], mode: "nearest", antialias: true));
        Assert.Contains("antialias", ex.Message);
        Assert.Throws<ArgumentException>(() => F.interpolate(zeros(1, 1, 4, 4), [2, 2], scale_factor: [0.5]));
        Assert.Throws<ArgumentException>(() => F.interpolate(zeros(1, 1, 4, 4), [2, 2], mode: "cubic"));
    }

    [Fact]
    public void PadMatchesPyTorchInEveryMode()
    {
        using var scope = NewDisposeScope();
        var p = Det([1, 2, 3, 4], 1.4);
        AssertClose(OpsReference.PadConstant, F.pad(p, [1, 2, 0, 1], value: -1.5));
        AssertClose(OpsReference.PadReflect, F.pad(p, [2, 1, 1, 2], mode: "reflect"));
        AssertClose(OpsReference.PadReplicate, F.pad(p, [1, 1, 2, 0], mode: "replicate"));
        AssertClose(OpsReference.PadCircular, F.pad(p, [1, 2, 1, 1], mode: "circular"));
        Assert.Equal([1L, 2, 4, 7], F.pad(p, [1, 2, 0, 1]).shape);
    }

    [Fact]
    public void CrossEntropyWithLabelSmoothingSoftTargetsAndIgnoredItems()
    {
        using var scope = NewDisposeScope();
        var logits = Det([4, 5], 1.5) * 3;
        var labels = tensor(new long[] { 1, 0, 4, 2 });
        AssertClose(OpsReference.CrossEntropy, F.cross_entropy(logits, labels).reshape(1));
        AssertClose(OpsReference.CrossEntropySmoothed, F.cross_entropy(logits, labels, label_smoothing: 0.1).reshape(1));
        AssertClose(OpsReference.CrossEntropyIgnoreNone, F.cross_entropy(logits, tensor(new long[] { 1, -100, 4, 2 }), reduction: nn.Reduction.None));
        AssertClose(OpsReference.CrossEntropyWeightedSmoothed, F.cross_entropy(logits, labels, weight: Det([5], 1.6) + 1, label_smoothing: 0.2).reshape(1));
        var soft = Det([4, 5], 1.7).softmax(1);
        AssertClose(OpsReference.CrossEntropySoft, F.cross_entropy(logits, soft).reshape(1));
        AssertClose(OpsReference.CrossEntropySoftSmoothed, F.cross_entropy(logits, soft, label_smoothing: 0.3).reshape(1));
        AssertClose(OpsReference.CrossEntropySoftSum, F.cross_entropy(logits, soft, reduction: nn.Reduction.Sum).reshape(1));

        // by hand: label smoothing eps mixes the one-hot target with the uniform one, q = (1 - eps) onehot + eps / C
        var logp = logits.log_softmax(1);
        var q = one_hot(labels, 5).@float() * 0.9 + 0.1 / 5;
        var expected = -(q * logp).sum(1).mean();
        Assert.Equal(expected.item<float>(), F.cross_entropy(logits, labels, label_smoothing: 0.1).item<float>(), 5);
    }

    [Fact]
    public void KlDivAndNormalizeMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var logq = Det([3, 4], 1.8).log_softmax(1);
        var p = Det([3, 4], 1.9).softmax(1);
        AssertClose(OpsReference.KlDivBatchmean, F.kl_div(logq, p, nn.Reduction.BatchMean).reshape(1));
        AssertClose(OpsReference.KlDivSumLogTarget, F.kl_div(logq, p.log(), nn.Reduction.Sum, log_target: true).reshape(1));
        AssertClose(OpsReference.KlDivNone, F.kl_div(logq, p, nn.Reduction.None));
        // KL(p || q) = Σ p (log p - log q), per row, then / batch
        Assert.Equal((p * (p.log() - logq)).sum().item<float>() / 3, F.kl_div(logq, p, nn.Reduction.BatchMean).item<float>(), 6);

        var x = Det([2, 3, 4], 2.0);
        AssertClose(OpsReference.NormalizeL2Last, F.normalize(x, dim: -1));
        AssertClose(OpsReference.NormalizeL1Dim1, F.normalize(x, p: 1, dim: 1));
        Assert.Equal(new float[] { 0, 0 }, F.normalize(zeros(1, 2), dim: 1).ToArray<float>());  // eps keeps 0 / 0 out
    }

    [Fact]
    public void ConvolutionsAndEmbeddingMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        AssertClose(OpsReference.Conv2dStrideDilationGroups,
            F.conv2d(Det([1, 4, 5, 6], 2.1), Det([6, 2, 2, 3], 2.2), Det([6], 2.3), stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2), atol: 1e-5);
        AssertClose(OpsReference.Conv3dStride, F.conv3d(Det([1, 2, 3, 4, 4], 2.4), Det([3, 2, 2, 2, 2], 2.5), null, stride: [1, 2, 2], padding: [1, 0, 1]), atol: 1e-5);

        var table = Det([5, 3], 2.6).requires_grad_();
        var ids = tensor(new long[] { 4, 1, 0, 4 }, [2, 2]);
        var e = F.embedding(ids, table, padding_idx: 1);
        AssertClose(OpsReference.Embedding, e);
        e.sum().backward();
        // the padding row gets no gradient; row 4 is used twice
        Assert.Equal(new float[] { 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2 }, table.grad!.ToArray<float>());
    }

    [Fact]
    public void ScaledDotProductAttentionWithAdditiveBoolAndCausalMasks()
    {
        using var scope = NewDisposeScope();
        var q = Det([2, 2, 3, 4], 2.7).@double();
        var k = Det([2, 2, 5, 4], 2.8).@double();
        var v = Det([2, 2, 5, 4], 2.9).@double();
        AssertClose(OpsReference.SdpaAdditiveMask, F.scaled_dot_product_attention(q, k, v, Det([3, 5], 3.0).@double()), atol: 1e-6);
        var keep = tensor(new[] { true, true, false, true, false, true, false, true, true, true, false, true, true, false, true }, [3, 5]);
        AssertClose(OpsReference.SdpaBoolMask, F.scaled_dot_product_attention(q, k, v, keep), atol: 1e-6);
        AssertClose(OpsReference.SdpaCausalScale0p3, F.scaled_dot_product_attention(Det([2, 2, 5, 4], 3.1).@double(), k, v, is_causal: true, scale: 0.3), atol: 1e-6);
        // a bool mask equals the additive mask with -inf where it is false
        var additive = zeros([3, 5], float64).masked_fill(keep.logical_not(), double.NegativeInfinity);
        Assert.True(F.scaled_dot_product_attention(q, k, v, keep).allclose(F.scaled_dot_product_attention(q, k, v, additive), 1e-12, 1e-12));
        var ex = Assert.Throws<TorchException>(() => F.scaled_dot_product_attention(q, k, v, keep, is_causal: true));
        Assert.Contains("is_causal", ex.Message);
    }

    [Fact]
    public void LinearAndLayerNormFollowTheirFormulas()
    {
        using var scope = NewDisposeScope();
        var x = Det([2, 3], 3.2);
        var w = Det([4, 3], 3.3);
        var b = Det([4], 3.4);
        Assert.True(F.linear(x, w, b).allclose(x.matmul(w.t()) + b, 1e-6, 1e-6));   // y = x W^T + b
        Assert.True(F.linear(x, w).allclose(x.matmul(w.t()), 1e-6, 1e-6));
        var mean = x.mean(-1, keepdim: true);
        var variance = x.var(-1, unbiased: false, keepdim: true);
        var byHand = (x - mean) / (variance + 1e-5).sqrt();                          // (x - E[x]) / sqrt(Var[x] + eps)
        Assert.True(F.layer_norm(x, [3]).allclose(byHand, 1e-5, 1e-5));
    }
}
