using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;

namespace TvrLab.Torch.Tests;

/// <summary>nn.MultiheadAttention against PyTorch 1.13 (Reference/nn_reference.py) and against the formula written out per head.</summary>
public class AttentionTests
{
    static nn.MultiheadAttention FixedAttention(bool batch_first = false)
    {
        var m = new nn.MultiheadAttention(8, 2, batch_first: batch_first);
        using var scope = NewDisposeScope();
        Set(m.in_proj_weight, Det([24, 8], 1.3));
        Set(m.in_proj_bias!, Det([24], 1.4));
        Set(m.out_proj.weight, Det([8, 8], 1.5));
        Set(m.out_proj.bias!, Det([8], 1.6));
        m.eval();
        return m;
    }

    static Tensor Padding() => tensor(new[] { false, false, false, true, false, false, true, true }, [2, 4]);

    [Fact]
    public void SelfAttentionWithKeyPaddingMatchesPyTorch()
    {
        using var mha = FixedAttention();
        using var scope = NewDisposeScope();
        var x = Det([4, 2, 8], 2.0);
        var (output, weights) = mha.forward(x, x, x, key_padding_mask: Padding());
        Assert.Equal([4L, 2, 8], output.shape);
        Assert.Equal([2L, 4, 4], weights!.shape);
        AssertClose(NnReference.MhaSelfOut, output);
        AssertClose(NnReference.MhaSelfWeights, weights);
        // the fused path (no weights) gives the same output
        var (fused, none) = mha.forward(x, x, x, key_padding_mask: Padding(), need_weights: false);
        Assert.Null(none);
        AssertClose(NnReference.MhaSelfOut, fused);
    }

    [Fact]
    public void CrossAttentionWithFloatMaskAndBoolPaddingMatchesPyTorch()
    {
        using var mha = FixedAttention();
        using var scope = NewDisposeScope();
        var (output, _) = mha.forward(Det([3, 2, 8], 1.7), Det([4, 2, 8], 1.8), Det([4, 2, 8], 1.9),
                                      key_padding_mask: Padding(), attn_mask: Det([3, 4], 2.1), need_weights: false);
        Assert.Equal([3L, 2, 8], output.shape);
        AssertClose(NnReference.MhaCrossOut, output);
    }

    [Fact]
    public void BatchFirstWithCausalBoolMaskMatchesPyTorch()
    {
        using var mha = FixedAttention(batch_first: true);
        using var scope = NewDisposeScope();
        var x = Det([2, 4, 8], 2.2);
        var causal = ones([4, 4], @bool).triu(1);  // True above the diagonal: may not attend to later positions
        var (output, _) = mha.forward(x, x, x, attn_mask: causal, need_weights: false);
        Assert.Equal([2L, 4, 8], output.shape);
        AssertClose(NnReference.MhaCausalBatchFirstOut, output);
        // the same causal mask written as an additive float mask gives the same result
        var additive = zeros(4, 4).masked_fill(causal, double.NegativeInfinity);
        AssertClose(NnReference.MhaCausalBatchFirstOut, mha.forward(x, x, x, attn_mask: additive).output);
    }

    [Fact]
    public void EqualsTheFormulaPerHeadAndIgnoresPaddedKeys()
    {
        using var mha = FixedAttention();
        using var scope = NewDisposeScope();
        var x = Det([4, 2, 8], 2.0);
        var padding = Padding();
        var (output, weights) = mha.forward(x, x, x, key_padding_mask: padding, average_attn_weights: false);
        Assert.Equal([2L, 2, 4, 4], weights!.shape);

        var (w_in, b_in) = (mha.in_proj_weight.detach(), mha.in_proj_bias!.detach());
        var (w_o, b_o) = (mha.out_proj.weight.detach(), mha.out_proj.bias!.detach());
        for (int n = 0; n < 2; n++)
        {
            var xn = x[.., n];                                   // [L, E]
            var q = xn.matmul(w_in[..8].t()) + b_in[..8];
            var k = xn.matmul(w_in[8..16].t()) + b_in[8..16];
            var v = xn.matmul(w_in[16..].t()) + b_in[16..];
            var heads = new List<Tensor>();
            for (int h = 0; h < 2; h++)
            {
                var cols = TensorIndex.Slice(h * 4, h * 4 + 4);
                var scores = q[.., cols].matmul(k[.., cols].t()) / Math.Sqrt(4);   // q k^T / sqrt(d_head)
                scores = scores.masked_fill(padding[n].unsqueeze(0), double.NegativeInfinity);
                var a = scores.softmax(-1);
                Assert.True(a.allclose(weights[n, h], 1e-5, 1e-6), $"weights of batch {n}, head {h}");
                heads.Add(a.matmul(v[.., cols]));
            }
            var expected = cat(heads, 1).matmul(w_o.t()) + b_o;  // concat(heads) W_o^T + b_o
            Assert.True(expected.allclose(output[.., n], 1e-5, 1e-6), $"output of batch {n}");
        }
        // a padded key gets no attention at all
        Assert.Equal(0f, weights[0, .., .., 3].abs().sum().item<float>());
        Assert.Equal(0f, weights[1, .., .., TensorIndex.Slice(2)].abs().sum().item<float>());
    }

    [Fact]
    public void GradientsFlowToEveryParameter()
    {
        using var mha = FixedAttention();
        using var scope = NewDisposeScope();
        var x = Det([4, 2, 8], 2.0).requires_grad_();
        mha.forward(x, x, x, need_weights: false).output.pow(2).sum().backward();
        foreach (var (name, p) in mha.named_parameters())
            Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0, $"{name} got no gradient");
        Assert.NotNull(x.grad);
    }

    [Fact]
    public void BadShapesAreNamed()
    {
        using var mha = FixedAttention();
        using var scope = NewDisposeScope();
        var x = Det([4, 2, 8], 2.0);
        var ex = Assert.Throws<ArgumentException>(() => mha.forward(x, x, x, key_padding_mask: ones([4, 2], @bool)));
        Assert.Contains("key_padding_mask must have shape [2, 4] (batch, keys), got [4, 2]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.forward(x, x, x, attn_mask: zeros(4, 5)));
        Assert.Contains("attn_mask must have shape [4, 4] or [4, 4, 4], got [4, 5]", ex.Message);
        Assert.Throws<ArgumentException>(() => mha.forward(x[0], x[0], x[0]));
        Assert.Throws<ArgumentException>(() => new nn.MultiheadAttention(10, 3));
    }
}
