using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;

namespace TvrLab.Torch.Tests;

/// <summary>nn.LSTM with lengths against PyTorch 1.13's pack_padded_sequence -> LSTM -> pad_packed_sequence (Reference/nn_reference.py).</summary>
public class LstmTests
{
    static nn.LSTM FixedLstm()
    {
        var lstm = new nn.LSTM(3, 4, batch_first: true);
        using var scope = NewDisposeScope();
        Set(lstm.weight_ih_l0, Det([16, 3], 2.1));
        Set(lstm.weight_hh_l0, Det([16, 4], 2.2));
        Set(lstm.bias_ih_l0!, Det([16], 2.3));
        Set(lstm.bias_hh_l0!, Det([16], 2.4));
        return lstm;
    }

    [Fact]
    public void NamesAreThoseOfPyTorch()
    {
        using var lstm = FixedLstm();
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"], lstm.named_parameters().Select(p => p.name));
        Assert.Equal([16L, 3], lstm.weight_ih_l0.shape);
    }

    [Fact]
    public void WithLengthsMatchesPackedPyTorchAndPadsWithZeros()
    {
        using var lstm = FixedLstm();
        using var scope = NewDisposeScope();
        var x = Det([3, 5, 3], 2.5);
        var lengths = tensor(new long[] { 5, 2, 3 });
        var (output, (h_n, c_n)) = lstm.forward(x, lengths);
        Assert.Equal([3L, 5, 4], output.shape);
        Assert.Equal([1L, 3, 4], h_n.shape);
        AssertClose(NnReference.LstmPackedOut, output);
        AssertClose(NnReference.LstmPackedH, h_n);
        AssertClose(NnReference.LstmPackedC, c_n);
        Assert.Equal(0f, output[1, TensorIndex.Slice(2)].abs().sum().item<float>());
        Assert.Equal(0f, output[2, TensorIndex.Slice(3)].abs().sum().item<float>());
        // h_n is the output at each sequence's last valid step
        Assert.True(h_n[0, 1].equal(output[1, 1]));
        // gradients through the packed path equal PyTorch's
        (output * Det([3, 5, 4], 2.6)).sum().backward();
        AssertClose(NnReference.LstmPackedGradWeightHh, lstm.weight_hh_l0.grad!);
    }

    [Fact]
    public void WithoutLengthsEveryStepCounts()
    {
        using var lstm = FixedLstm();
        using var scope = NewDisposeScope();
        var x = Det([3, 5, 3], 2.5);
        var (output, _) = lstm.forward(x);
        AssertClose(NnReference.LstmFullOut, output);
        // lengths equal to the full length change nothing; a float length tensor (a sum of 0/1 masks) works too
        var (full, _) = lstm.forward(x, tensor(new float[] { 5, 5, 5 }));
        Assert.True(full.allclose(output, 1e-6, 1e-7));
    }

    [Fact]
    public void OneStepEqualsTheGateEquations()
    {
        using var lstm = FixedLstm();
        using var scope = NewDisposeScope();
        var x = Det([1, 1, 3], 0.9);
        var (output, _) = lstm.forward(x);
        // gates = W_ih x + b_ih + b_hh (h0 = 0); i, f, g, o in that order
        var gates = (lstm.weight_ih_l0.matmul(x[0, 0]) + lstm.bias_ih_l0! + lstm.bias_hh_l0!).detach();
        var (i, g, o) = (gates[..4].sigmoid(), gates[8..12].tanh(), gates[12..].sigmoid());
        var c = i * g;                     // c' = f * 0 + i * g
        var h = o * c.tanh();              // h' = o * tanh(c')
        Assert.True(h.allclose(output[0, 0], 1e-6, 1e-7));
    }

    [Fact]
    public void BadLengthsAreRejected()
    {
        using var lstm = FixedLstm();
        using var scope = NewDisposeScope();
        var x = Det([3, 5, 3], 2.5);
        var ex = Assert.Throws<TorchException>(() => lstm.forward(x, tensor(new long[] { 5, 0, 3 })));
        Assert.Contains("every length must be in [1, 5]", ex.Message);
        Assert.Throws<TorchException>(() => lstm.forward(x, tensor(new long[] { 6, 1, 1 })));
        ex = Assert.Throws<TorchException>(() => lstm.forward(x, tensor(new long[] { 5, 2 })));
        Assert.Contains("one length per sequence (3)", ex.Message);
        Assert.Throws<TorchException>(() => lstm.forward(x[0]));
    }
}
