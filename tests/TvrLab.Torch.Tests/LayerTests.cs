using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;

namespace TvrLab.Torch.Tests;

/// <summary>Tests whose exact values depend on the global random generator run alone.</summary>
[CollectionDefinition("nn seeded RNG", DisableParallelization = true)]
public class SeededRngCollection;

/// <summary>Default initialisation draws the same numbers as PyTorch 1.13 (Reference/nn_reference.py).</summary>
[Collection("nn seeded RNG")]
public class SeededInitTests
{
    [Fact]
    public void LinearStartsFromPyTorchsNumbers()
    {
        manual_seed(0);
        using var lin = new nn.Linear(4, 3);
        Assert.Equal(NnReference.SeededLinearWeight, lin.weight.detach().flatten().ToArray<float>());
        Assert.Equal(NnReference.SeededLinearBias, lin.bias!.detach().ToArray<float>());
    }

    [Fact]
    public void MultiheadAttentionDrawsOutProjThenXavierInProj()
    {
        manual_seed(1);
        using var mha = new nn.MultiheadAttention(8, 2);
        using var scope = NewDisposeScope();
        Assert.Equal(NnReference.SeededMhaInProj, mha.in_proj_weight[..2].flatten().ToArray<float>());
        Assert.Equal(NnReference.SeededMhaOutProj, mha.out_proj.weight[..1].flatten().ToArray<float>());
        Assert.Equal(0f, mha.in_proj_bias!.abs().sum().item<float>());
        Assert.Equal(0f, mha.out_proj.bias!.abs().sum().item<float>());
    }

    [Fact]
    public void LstmEmbeddingAndConvStartFromPyTorchsNumbers()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var lstm = new nn.LSTM(3, 4);
        Assert.Equal(NnReference.SeededLstmWeightIh, lstm.weight_ih_l0[..2].flatten().ToArray<float>());
        Assert.Equal(NnReference.SeededLstmBiasHh, lstm.bias_hh_l0!.detach().ToArray<float>());
        manual_seed(3);
        using var emb = new nn.Embedding(5, 3, padding_idx: 1);
        Assert.Equal(NnReference.SeededEmbedding, emb.weight.detach().flatten().ToArray<float>());
        Assert.Equal([0f, 0f, 0f], emb.weight[1].ToArray<float>());
        manual_seed(4);
        using var conv = new nn.Conv2d(2, 3, 2);
        Assert.Equal(NnReference.SeededConv2dWeight, conv.weight[0].flatten().ToArray<float>());
        Assert.Equal(NnReference.SeededConv2dBias, conv.bias!.detach().ToArray<float>());
    }
}

/// <summary>Layer outputs with fixed weights against PyTorch 1.13's (Reference/nn_reference.py) and hand computation.</summary>
public class LayerTests
{
    [Fact]
    public void LinearMatchesPyTorchAndTheFormula()
    {
        using var lin = new nn.Linear(4, 3);
        using var scope = NewDisposeScope();
        Set(lin.weight, Det([3, 4], 0.1));
        Set(lin.bias!, Det([3], 0.2));
        var x = Det([2, 4], 0.3);
        var y = lin.forward(x);
        AssertClose(NnReference.LinearOut, y);
        // y[i, j] = sum_k x[i, k] W[j, k] + b[j], by hand in double
        var (xs, w, b) = (x.ToArray<float>(), lin.weight.detach().ToArray<float>(), lin.bias!.detach().ToArray<float>());
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
            {
                double sum = b[j];
                for (int k = 0; k < 4; k++) sum += xs[i * 4 + k] * (double)w[j * 4 + k];
                Assert.Equal(sum, y[i, j].item<float>(), 5);
            }
        Assert.Throws<TorchException>(() => lin.forward(ones(2, 5)));
    }

    [Fact]
    public void LinearWithoutBiasHasNoBiasParameter()
    {
        using var lin = new nn.Linear(4, 3, bias: false);
        Assert.Equal(["weight"], lin.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void LayerNormMatchesPyTorch()
    {
        using var ln = new nn.LayerNorm(4);
        using var scope = NewDisposeScope();
        Assert.Equal([1f, 1f, 1f, 1f], ln.weight!.detach().ToArray<float>());
        Set(ln.weight!, Det([4], 0.4) + 1);
        Set(ln.bias!, Det([4], 0.5));
        AssertClose(NnReference.LayerNormOut, ln.forward(Det([2, 4], 0.6) * 3));
    }

    [Fact]
    public void ConvolutionsMatchPyTorch()
    {
        using var c2 = new nn.Conv2d(2, 3, 2, padding: 1);
        using var c3 = new nn.Conv3d(2, 2, kernel_size: [3, 2, 2], stride: [1, 2, 2], padding: [1, 0, 0], bias: false);
        using var scope = NewDisposeScope();
        Set(c2.weight, Det([3, 2, 2, 2], 0.7));
        Set(c2.bias!, Det([3], 0.8));
        var y2 = c2.forward(Det([1, 2, 3, 3], 0.9));
        Assert.Equal([1L, 3, 4, 4], y2.shape);
        AssertClose(NnReference.Conv2dOut, y2);

        Set(c3.weight, Det([2, 2, 3, 2, 2], 1.0));
        var y3 = c3.forward(Det([1, 2, 2, 4, 4], 1.1));
        Assert.Equal([1L, 2, 2, 2, 2], y3.shape);
        AssertClose(NnReference.Conv3dOut, y3);
        Assert.Equal(["weight"], c3.named_parameters().Select(p => p.name));
        Assert.Throws<ArgumentException>(() => new nn.Conv2d(3, 4, 2, groups: 2));
    }

    [Fact]
    public void EmbeddingLooksUpRowsAndKeepsThePaddingRowAtZeroGradient()
    {
        using var emb = new nn.Embedding(5, 3, padding_idx: 1);
        using var scope = NewDisposeScope();
        Set(emb.weight, Det([5, 3], 1.2));
        var ids = tensor(new long[] { 0, 2, 4, 1 }, [2, 2]);
        var y = emb.forward(ids);
        Assert.Equal([2L, 2, 3], y.shape);
        Assert.True(y[1, 0].equal(emb.weight[4]));
        y.sum().backward();
        Assert.Equal([0f, 0f, 0f], emb.weight.grad![1].ToArray<float>());
        Assert.Equal([1f, 1f, 1f], emb.weight.grad![2].ToArray<float>());
        Assert.Throws<TorchException>(() => emb.forward(tensor(new long[] { 5 })));
    }

    [Fact]
    public void ActivationsComputeTheirFormulas()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { -2, -0.5f, 0, 0.5f, 2 });
        var xs = x.ToArray<float>();
        var quick = new nn.QuickGELU().forward(x).ToArray<float>();
        var gelu = new nn.GELU().forward(x).ToArray<float>();
        var relu = new nn.ReLU().forward(x).ToArray<float>();
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.Equal(xs[i] / (1 + Math.Exp(-1.702 * xs[i])), quick[i], 6);         // x sigmoid(1.702 x)
            Assert.Equal(0.5 * xs[i] * (1 + Erf(xs[i] / Math.Sqrt(2))), gelu[i], 6);     // x Phi(x)
            Assert.Equal(Math.Max(xs[i], 0), relu[i]);
        }
        Assert.True(new nn.Identity().forward(x).equal(x));
        Assert.Throws<ArgumentException>(() => new nn.GELU("fast"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new nn.Dropout(1.5));
    }

    /// <summary>erf by Abramowitz-Stegun 7.1.26 is too coarse; this uses the series, exact to double for |x| &lt; 3.</summary>
    static double Erf(double x)
    {
        double sum = 0, term = x;
        for (int n = 0; n < 60; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>Sample statistics of 120,000 draws are within 2 % of the distribution's (the standard error is about 0.2 %).</summary>
    static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(actual / expected - 1) < 0.02, $"expected about {expected}, got {actual}");

    [Fact]
    public void InitialisersFollowTheirDefinitions()
    {
        using var scope = NewDisposeScope();
        var w = empty(400, 300);
        Assert.Equal((300L, 400L), nn.init.calculate_fan_in_and_fan_out(w));
        var bound = Math.Sqrt(6.0 / (300 + 400));
        nn.init.xavier_uniform_(w);
        Assert.InRange(w.abs().max().item<float>(), bound * 0.99, bound);
        AssertRelative(bound / Math.Sqrt(3), w.std().item<float>());
        nn.init.xavier_normal_(w);
        AssertRelative(Math.Sqrt(2.0 / 700), w.std().item<float>());
        nn.init.kaiming_uniform_(w, a: Math.Sqrt(5));
        Assert.InRange(w.abs().max().item<float>(), 0.99 / Math.Sqrt(300), 1 / Math.Sqrt(300));
        nn.init.normal_(w, 2, 0.5);
        AssertRelative(2, w.mean().item<float>());
        AssertRelative(0.5, w.std().item<float>());
        nn.init.trunc_normal_(w, 0, 1, -0.5, 0.5);
        Assert.InRange(w.abs().max().item<float>(), 0.49, 0.5);
        nn.init.uniform_(w, 3, 4);
        Assert.InRange(w.min().item<float>(), 3, 4);
        nn.init.constant_(w, 0.25);
        Assert.Equal(0.25f * w.numel(), w.sum().item<float>());
        // in place on a parameter (a leaf that requires grad) works, as under torch.no_grad
        using var p = new nn.Parameter(zeros(2, 2));
        nn.init.ones_(p);
        Assert.True(p.requires_grad);
        Assert.Equal(4f, p.sum().item<float>());
        Assert.Throws<ArgumentException>(() => nn.init.xavier_uniform_(zeros(3)));
        Assert.Equal(5.0 / 3, nn.init.calculate_gain("tanh"));
        Assert.Equal(Math.Sqrt(2.0 / (1 + 0.01 * 0.01)), nn.init.calculate_gain("leaky_relu"));
    }
}
