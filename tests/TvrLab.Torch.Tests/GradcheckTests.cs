using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;
using F = TvrLab.Torch.torch.nn.functional;

namespace TvrLab.Torch.Tests;

/// <summary>
/// Autograd's gradients of the composite functions against central finite differences in float64
/// (torch.autograd.gradcheck), and torch.autograd.grad itself.
/// </summary>
public class GradcheckTests
{
    /// <summary>A float64 leaf that requires grad, from the deterministic test data.</summary>
    static Tensor Leaf(long[] shape, double phase, double scale = 1) =>
        (Det(shape, phase).@double() * scale).detach().requires_grad_();

    [Fact]
    public void LayerNormWithWeightAndBias()
    {
        using var scope = NewDisposeScope();
        Assert.True(autograd.gradcheck(xs => F.layer_norm(xs[0], [4], xs[1], xs[2]),
            [Leaf([2, 4], 0.1, 3), Leaf([4], 0.2), Leaf([4], 0.3)]));
    }

    [Fact]
    public void SoftmaxAndLogSoftmax()
    {
        using var scope = NewDisposeScope();
        Assert.True(autograd.gradcheck(x => x.softmax(-1), Leaf([2, 5], 0.4, 3)));
        Assert.True(autograd.gradcheck(x => x.log_softmax(0), Leaf([3, 4], 0.5, 3)));
    }

    [Fact]
    public void CrossEntropyWithLabelSmoothingAndSoftTargets()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new long[] { 2, 0, 4 });
        Assert.True(autograd.gradcheck(x => F.cross_entropy(x, labels), Leaf([3, 5], 0.6, 2)));
        Assert.True(autograd.gradcheck(x => F.cross_entropy(x, labels, label_smoothing: 0.2), Leaf([3, 5], 0.7, 2)));
        Assert.True(autograd.gradcheck(x => F.cross_entropy(x, labels, weight: tensor(new double[] { 1, 2, 0.5, 1, 3 }), label_smoothing: 0.1), Leaf([3, 5], 0.8, 2)));
        // soft (probability) targets: the gradient reaches the logits and the targets
        Assert.True(autograd.gradcheck(xs => F.cross_entropy(xs[0], xs[1].softmax(1), label_smoothing: 0.3),
            [Leaf([3, 5], 0.9, 2), Leaf([3, 5], 1.0)]));
    }

    [Fact]
    public void KlDivAndNormalize()
    {
        using var scope = NewDisposeScope();
        Assert.True(autograd.gradcheck(xs => F.kl_div(xs[0].log_softmax(1), xs[1].softmax(1), nn.Reduction.BatchMean),
            [Leaf([2, 4], 1.1), Leaf([2, 4], 1.2)]));
        Assert.True(autograd.gradcheck(x => F.normalize(x, dim: -1), Leaf([2, 3], 1.3)));
        Assert.True(autograd.gradcheck(x => F.normalize(x, p: 1, dim: 0), Leaf([3, 2], 1.4)));
    }

    [Fact]
    public void ScaledDotProductAttentionWithMasks()
    {
        using var scope = NewDisposeScope();
        var keep = tensor(new[] { true, false, true, true, true, false }, [2, 3]);
        Assert.True(autograd.gradcheck(xs => F.scaled_dot_product_attention(xs[0], xs[1], xs[2], xs[3]),
            [Leaf([1, 2, 2, 3], 1.5), Leaf([1, 2, 3, 3], 1.6), Leaf([1, 2, 3, 3], 1.7), Leaf([2, 3], 1.8)]));  // additive mask too
        Assert.True(autograd.gradcheck(xs => F.scaled_dot_product_attention(xs[0], xs[1], xs[2], keep),
            [Leaf([1, 2, 2, 3], 1.9), Leaf([1, 2, 3, 3], 2.0), Leaf([1, 2, 3, 3], 2.1)]));
        Assert.True(autograd.gradcheck(xs => F.scaled_dot_product_attention(xs[0], xs[1], xs[2], is_causal: true, scale: 0.7),
            [Leaf([1, 3, 3], 2.2), Leaf([1, 3, 3], 2.3), Leaf([1, 3, 3], 2.4)]));
    }

    [Fact]
    public void InterpolateBilinearBicubicAntialiasAndLinear()
    {
        using var scope = NewDisposeScope();
        Assert.True(autograd.gradcheck(x => F.interpolate(x, (3, 2), mode: "bilinear"), Leaf([1, 1, 5, 4], 2.5)));
        Assert.True(autograd.gradcheck(x => F.interpolate(x, (6, 5), mode: "bicubic", align_corners: true), Leaf([1, 1, 3, 3], 2.6)));
        Assert.True(autograd.gradcheck(x => F.interpolate(x, (2, 3), mode: "bicubic", antialias: true), Leaf([1, 1, 5, 6], 2.7)));
        Assert.True(autograd.gradcheck(x => F.interpolate(x, scale_factor: [2.5], mode: "linear"), Leaf([1, 2, 3], 2.8)));
    }

    [Fact]
    public void ConvolutionAndLinear()
    {
        using var scope = NewDisposeScope();
        Assert.True(autograd.gradcheck(xs => F.conv2d(xs[0], xs[1], xs[2], stride: [2], padding: [1]),
            [Leaf([1, 2, 4, 4], 2.9), Leaf([2, 2, 2, 2], 3.0), Leaf([2], 3.1)]));
        Assert.True(autograd.gradcheck(xs => F.linear(xs[0], xs[1], xs[2]).gelu(), [Leaf([2, 3], 3.2), Leaf([4, 3], 3.3), Leaf([4], 3.4)]));
    }

    /// <summary>
    /// A loss written in C# from ops, as a user would: CLIP4Clip's symmetric InfoNCE on a text-video similarity
    /// matrix plus a max-margin term on the hardest negative, with masking. Its gradients must be right.
    /// </summary>
    [Fact]
    public void ACustomLossWrittenFromOps()
    {
        using var scope = NewDisposeScope();
        static Tensor Loss(Tensor[] xs)
        {
            var (text, video) = (F.normalize(xs[0], dim: -1), F.normalize(xs[1], dim: -1));
            var sims = text.matmul(video.t()) * 20;                                        // s_ij = 20 cos(t_i, v_j)
            var n = sims.size(0);
            var infoNce = -(sims.log_softmax(1).diagonal().mean() + sims.log_softmax(0).diagonal().mean()) / 2;
            var positives = sims.diagonal().unsqueeze(1);
            var eye = torch.eye(n, dtype: @bool);
            var hardest = sims.masked_fill(eye, double.NegativeInfinity).amax(1, keepdim: true);
            var margin = (0.2 * 20 + hardest - positives).relu().mean();                   // max(0, m + s_in - s_ii)
            return infoNce + margin;
        }
        Assert.True(autograd.gradcheck(Loss, [Leaf([3, 4], 3.5), Leaf([3, 4], 3.6)]));
    }

    [Fact]
    public void GradcheckCatchesAWrongGradient()
    {
        using var scope = NewDisposeScope();
        // f(x) = stopgrad(x) * x: autograd sees d/dx = x, finite differences see 2x
        var x = Leaf([3], 3.7);
        var ex = Assert.Throws<GradcheckException>(() => autograd.gradcheck(t => t.detach() * t, x));
        Assert.Contains("input 0", ex.Message);
        Assert.False(autograd.gradcheck(t => t.detach() * t, x, raise_exception: false));
        Assert.Throws<ArgumentException>(() => autograd.gradcheck(t => t * 2, Det([3], 3.8).requires_grad_()));  // float32 input
        Assert.Throws<ArgumentException>(() => autograd.gradcheck(t => t * 2, Det([3], 3.8).@double()));        // nothing requires grad
    }

    [Fact]
    public void AutogradGradReturnsGradientsWithoutTouchingDotGrad()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var y = tensor(new[] { 3.0 }, requires_grad: true);
        var z = (x.pow(3) * y).sum();                                   // z = y Σ x³
        var grads = autograd.grad(z, [x, y], create_graph: true);
        Assert.Equal(new[] { 9.0, 36.0 }, grads[0]!.ToArray<double>());  // ∂z/∂x = 3 y x²
        Assert.Equal(new[] { 9.0 }, grads[1]!.ToArray<double>());        // ∂z/∂y = Σ x³
        Assert.Null(x.grad);
        // the gradient is itself differentiable: ∂/∂x Σ(3 y x²) = 6 y x
        var second = autograd.grad(grads[0]!.sum(), [x]);
        Assert.Equal(new[] { 18.0, 36.0 }, second[0]!.ToArray<double>());

        // grad_outputs weight a non-scalar output; an unused input is null with allow_unused, an error without
        var w = tensor(new[] { 1.0, -1.0 }, requires_grad: true);
        var unused = tensor(new[] { 0.0 }, requires_grad: true);
        var g = autograd.grad([x * w], [x, unused], [tensor(new[] { 2.0, 3.0 })], allow_unused: true);
        Assert.Equal(new[] { 2.0, -3.0 }, g[0]!.ToArray<double>());
        Assert.Null(g[1]);
        var ex = Assert.Throws<TorchException>(() => autograd.grad([(x * w).sum()], [unused]));
        Assert.Contains("allow_unused", ex.Message);
    }
}
