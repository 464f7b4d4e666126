using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;

namespace TvrLab.Torch.Tests;

/// <summary>Reductions with dims and keepdim, sorting and selection, softmax; values from PyTorch 1.13 (Reference/ops_reference.py) or by hand.</summary>
public class ReductionTests
{
    static Tensor X() => Det([3, 4], 0.1) * 4;

    [Fact]
    public void SumMeanOverAllOneOrSeveralDimsWithKeepdim()
    {
        using var scope = NewDisposeScope();
        var x = arange(24, dtype: float32).reshape(2, 3, 4);
        Assert.Equal(276f, x.sum().item<float>());
        Assert.Equal(11.5f, x.mean().item<float>());
        Assert.Equal([2L, 4], x.sum(1).shape);
        Assert.Equal([2L, 1, 4], x.sum(1, keepdim: true).shape);
        Assert.Equal(new float[] { 12, 15, 18, 21, 48, 51, 54, 57 }, x.sum(1).ToArray<float>());
        Assert.Equal(new float[] { 60, 92, 124 }, x.sum([0, 2]).ToArray<float>());
        Assert.Equal(new float[] { 1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f }, x.mean(-1).ToArray<float>());
        Assert.Equal(ScalarType.Int64, tensor(new[] { true, true, false }).sum().dtype);
        Assert.Equal(2L, tensor(new[] { true, true, false }).sum().item<long>());
        Assert.Equal(24f, tensor(new float[] { 1, 2, 3, 4 }).prod().item<float>());
    }

    [Fact]
    public void StdAndVarHonourTheUnbiasedFlag()
    {
        using var scope = NewDisposeScope();
        var x = X();
        AssertClose(OpsReference.StdUnbiasedDim1, x.std(1));
        AssertClose(OpsReference.StdBiasedDim1, x.std(1, unbiased: false));
        AssertClose(OpsReference.VarUnbiasedAll, x.var());
        // by hand: [1, 2, 3, 4] has mean 2.5, squared deviations summing to 5: var 5/3 unbiased, 5/4 biased
        var v = tensor(new double[] { 1, 2, 3, 4 });
        Assert.Equal(5.0 / 3, v.var().item<double>(), 12);
        Assert.Equal(1.25, v.var(unbiased: false).item<double>(), 12);
    }

    [Fact]
    public void NormsLogsumexpAndCumsumMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = X();
        AssertClose(OpsReference.LogSumExpDim0, x.logsumexp(0));
        AssertClose(OpsReference.Norm1Dim1, x.norm(1, 1));
        AssertClose(OpsReference.NormInfAll, x.norm(double.PositiveInfinity).reshape(1));
        AssertClose(OpsReference.Norm2All, x.norm().reshape(1));
        AssertClose(OpsReference.CumsumDim1, x.cumsum(1));
        Assert.Equal(5.0, tensor(new[] { 3.0, -4.0 }).norm().item<double>(), 12);
        // logsumexp is stable where exp overflows
        Assert.Equal(1000 + Math.Log(2), tensor(new[] { 1000.0, 1000.0 }).logsumexp(0).item<double>(), 9);
    }

    [Fact]
    public void MaxMinReturnValuesAndIndices()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 3, 9, 1, 7, 2, 8 }, [2, 3]);
        Assert.Equal(9f, x.max().item<float>());
        Assert.Equal(1f, x.min().item<float>());
        var (values, indices) = x.max(1);
        Assert.Equal(new float[] { 9, 8 }, values.ToArray<float>());
        Assert.Equal(new long[] { 1, 2 }, indices.ToArray<long>());
        var (minValues, minIndices) = x.min(0, keepdim: true);
        Assert.Equal([1L, 3], minValues.shape);
        Assert.Equal(new long[] { 0, 1, 0 }, minIndices.ToArray<long>());
        Assert.Equal(1L, x.argmax().item<long>());
        Assert.Equal(new long[] { 1, 0, 1 }, x.argmax(0).ToArray<long>());
        Assert.Equal(new long[] { 2, 1 }, argmin(x, 1).ToArray<long>());
        Assert.Equal(new float[] { 7, 9, 8 }, x.amax(0).ToArray<float>());
    }

    [Fact]
    public void MedianTopkSortAndArgsortMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = X();
        var (mv, mi) = x.median(1);
        AssertClose(OpsReference.MedianDim1Values, mv);
        Assert.Equal(OpsReference.MedianDim1Indices, mi.ToArray<long>());
        AssertClose(OpsReference.MedianAll, x.median().reshape(1));
        // an even count gives the lower of the two middle values, as PyTorch (not their mean)
        Assert.Equal(2.0, tensor(new[] { 4.0, 1.0, 2.0, 3.0 }).median().item<double>());

        var (tv, ti) = topk(x, 2, dim: 1);
        AssertClose(OpsReference.Top2Values, tv);
        Assert.Equal(OpsReference.Top2Indices, ti.ToArray<long>());
        var (sv, si) = x.sort(0, descending: true);
        AssertClose(OpsReference.SortDim0DescValues, sv);
        Assert.Equal(OpsReference.SortDim0DescIndices, si.ToArray<long>());
        Assert.Equal(si.ToArray<long>(), x.argsort(0, descending: true).ToArray<long>());

        // stable sort keeps equal keys in their original order
        var ties = tensor(new long[] { 2, 1, 2, 1, 2 });
        Assert.Equal(new long[] { 1, 3, 0, 2, 4 }, ties.argsort(stable: true).ToArray<long>());
        var (smallest, where) = tensor(new float[] { 5, 1, 4, 2 }).topk(2, largest: false);
        Assert.Equal(new float[] { 1, 2 }, smallest.ToArray<float>());
        Assert.Equal(new long[] { 1, 3 }, where.ToArray<long>());
    }

    [Fact]
    public void SoftmaxAndLogSoftmaxMatchPyTorchAndSumToOne()
    {
        using var scope = NewDisposeScope();
        var x = X();
        AssertClose(OpsReference.SoftmaxDim1, x.softmax(1));
        AssertClose(OpsReference.LogSoftmaxDim0, x.log_softmax(0));
        Assert.All(x.softmax(-1).sum(-1).ToArray<float>(), s => Assert.Equal(1f, s, 5));
        // the dtype argument computes in float64
        Assert.Equal(ScalarType.Float64, x.softmax(1, float64).dtype);
        var half = x.half();
        Assert.Equal(ScalarType.Float32, half.log_softmax(1, float32).dtype);
    }

    [Fact]
    public void AllAnyAndCountNonzero()
    {
        using var scope = NewDisposeScope();
        var m = tensor(new[] { true, false, true, true }, [2, 2]);
        Assert.False(m.all().item<bool>());
        Assert.True(m.any().item<bool>());
        Assert.Equal(new[] { false, true }, m.all(1).ToArray<bool>());
        Assert.Equal(3L, m.count_nonzero().item<long>());
        Assert.Equal(new long[] { 1, 2 }, m.count_nonzero(1).ToArray<long>());
    }
}
