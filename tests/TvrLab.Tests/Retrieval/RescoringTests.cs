using TvrLab.Retrieval;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Retrieval;

/// <summary>Dual softmax and QB-Norm beyond the golden cases: limits, overflow, and argument errors.</summary>
public class RescoringTests
{
    [Fact]
    public void DualSoftmaxWithAHugeTemperatureLeavesScoresUnchanged()
    {
        using var scope = NewDisposeScope();
        var sim = randn([6, 6], float64);
        // softmax(S / T, 0) -> 1/n as T grows, so n · S · prior -> S.
        Assert.True(DualSoftmax.Revise(sim, 1e12).allclose(sim, rtol: 1e-9, atol: 1e-12));
    }

    [Fact]
    public void DualSoftmaxPriorIsOverTheQueryAxis()
    {
        using var scope = NewDisposeScope();
        // Video 0 is everyone's favourite (a hub): its column is discounted; a query that alone likes video 1 keeps it.
        var sim = tensor(new[,] { { 0.9, 0.1 }, { 0.8, 0.0 }, { 0.7, 0.65 } });
        var revised = DualSoftmax.Revise(sim, 0.01);
        Assert.Equal(0L, sim[2].argmax().item<long>());
        Assert.Equal(1L, revised[2].argmax().item<long>());
        var loss = DualSoftmax.Loss(tensor(new[,] { { 0.9, 0.1 }, { 0.1, 0.9 } }));
        Assert.Equal(new long[] { 2 }, loss.shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => DualSoftmax.Revise(sim, 0));
    }

    [Fact]
    public void QueryBankNormStaysFiniteWhereTheDirectFormulaOverflows()
    {
        using var scope = NewDisposeScope();
        // exp(20 · 50) overflows float64; the log-space form gives exp(β s − logsumexp(β s_bank)).
        var bank = tensor(new[,] { { 50.0, 0.0 }, { 49.0, 0.0 } });    // both bank queries retrieve video 0: A = {0}
        var sim = tensor(new[,] { { 50.0, 0.0 }, { 0.0, 50.0 } });
        var normalized = QueryBankNorm.DynamicInvertedSoftmax(bank, sim, beta: 20, k: 1);
        var lse0 = 1000 + Math.Log(1 + Math.Exp(-20));                  // log(e^1000 + e^980)
        var lse1 = Math.Log(2);                                          // log(e^0 + e^0)
        var expected = new[] { Math.Exp(1000 - lse0), Math.Exp(0 - lse1), 0.0, 50.0 };
        var actual = normalized.ToArray<double>();
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], actual[i], 12);
        Assert.False(normalized.isinf().any().item<bool>());             // row 1's top video (1) is not in A: unchanged
    }

    [Fact]
    public void QueryBankNormTopKWidensTheRetrievedSet()
    {
        using var scope = NewDisposeScope();
        var bank = tensor(new[,] { { 0.9, 0.5, 0.1 } });
        var sim = tensor(new[,] { { 0.1, 0.8, 0.2 } });                  // top-1 is video 1: in A only when k >= 2
        Assert.True(QueryBankNorm.DynamicInvertedSoftmax(bank, sim, 20, k: 1).equal(sim));
        Assert.False(QueryBankNorm.DynamicInvertedSoftmax(bank, sim, 20, k: 2).equal(sim));
        Assert.Throws<ArgumentOutOfRangeException>(() => QueryBankNorm.DynamicInvertedSoftmax(bank, sim, 20, k: 4));
        Assert.Throws<ArgumentException>(() => QueryBankNorm.DynamicInvertedSoftmax(zeros(2, 4), sim));
    }
}
