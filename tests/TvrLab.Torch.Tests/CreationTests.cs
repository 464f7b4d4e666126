using static TvrLab.Torch.torch;

namespace TvrLab.Torch.Tests;

/// <summary>Creation functions, dtypes, and the copies between tensors and managed memory.</summary>
public class CreationTests
{
    [Fact]
    public void FactoriesMakeTheShapesDtypesAndValuesOfPyTorch()
    {
        using var scope = NewDisposeScope();
        var z = zeros(2, 3);
        Assert.Equal([2L, 3], z.shape);
        Assert.Equal(ScalarType.Float32, z.dtype);
        Assert.All(z.ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.All(ones([4], float64).ToArray<double>(), v => Assert.Equal(1.0, v));
        // full takes its dtype from the value, as torch.full: int64 for 7, float32 for 2.5, bool for true
        Assert.Equal(ScalarType.Int64, full([2], 7).dtype);
        Assert.Equal(new[] { 2.5f, 2.5f }, full([2], 2.5).ToArray<float>());
        Assert.Equal(ScalarType.Bool, full([1], true).dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, arange(4).ToArray<long>());
        Assert.Equal(new float[] { 1, 1.5f, 2, 2.5f }, arange(1, 3, 0.5, dtype: float32).ToArray<float>());
        Assert.Equal(new float[] { 0, 0.25f, 0.5f, 0.75f, 1 }, linspace(0, 1, 5).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0 }, eye(2, 3).ToArray<float>());
        Assert.Equal(0, scalar_tensor(3.5).dim());
        Assert.Equal(3.5, scalar_tensor(3.5).item<double>());
    }

    [Fact]
    public void ManagedArraysAndSpansRoundTripForEveryDtype()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new float[] { 1.5f, -2 }, tensor(new float[] { 1.5f, -2 }).ToArray<float>());
        Assert.Equal(new double[] { 1e-300, 3 }, tensor(new double[] { 1e-300, 3 }).ToArray<double>());
        Assert.Equal(new long[] { long.MaxValue, -1 }, tensor(new long[] { long.MaxValue, -1 }).ToArray<long>());
        Assert.Equal(new int[] { int.MinValue, 7 }, tensor(new int[] { int.MinValue, 7 }).ToArray<int>());
        Assert.Equal(new byte[] { 0, 255 }, tensor(new byte[] { 0, 255 }).ToArray<byte>());
        Assert.Equal(new[] { true, false, true }, tensor(new[] { true, false, true }).ToArray<bool>());
        Assert.Equal(ScalarType.Byte, tensor(new byte[] { 1 }).dtype);
        Assert.Equal(ScalarType.Int32, tensor(new int[] { 1 }).dtype);

        // spans (e.g. a slice of a larger buffer, or stack memory) copy the same way, in both directions
        Span<float> buffer = stackalloc float[6] { 1, 2, 3, 4, 5, 6 };
        var t = tensor(buffer[1..5], [2, 2]);
        Assert.Equal([2L, 2], t.shape);
        Span<float> back = stackalloc float[4];
        t.CopyTo(back);
        Assert.Equal(new float[] { 2, 3, 4, 5 }, back.ToArray());
        Assert.Throws<TorchException>(() => t.CopyTo(new float[3]));  // wrong length
        Assert.Equal(new[,] { { 1f, 2f }, { 3f, 4f } }, tensor(new[,] { { 1f, 2f }, { 3f, 4f } }).ToArray2D<float>());
        Assert.Equal([2L, 1, 2], tensor(new[, ,] { { { 1L, 2L } }, { { 3L, 4L } } }).shape);
    }

    [Fact]
    public void HalfAndBFloat16RoundTripFromManagedData()
    {
        using var scope = NewDisposeScope();
        // float16 maps to System.Half both ways
        var halves = new[] { (Half)1.5, (Half)(-0.000122070312), Half.MaxValue };
        var h = tensor(halves);
        Assert.Equal(ScalarType.Float16, h.dtype);
        Assert.Equal(halves, h.ToArray<Half>());
        Assert.Equal((Half)1.5, h[0].item<Half>());

        // bfloat16 has no .NET type: floats go in with dtype bfloat16 and come out through float32, exactly for
        // values bf16 represents (8 significant bits) and rounded to nearest-even otherwise
        var b = tensor(new[] { 1.5f, -3.25f, 1.00390625f, 1.01171875f }, dtype: bfloat16);
        Assert.Equal(ScalarType.BFloat16, b.dtype);
        Assert.Equal(new[] { 1.5f, -3.25f, 1.0f, 1.015625f }, b.@float().ToArray<float>());
        var ex = Assert.Throws<InvalidOperationException>(() => b.ToArray<float>());
        Assert.Contains("torch.bfloat16", ex.Message);
    }

    [Fact]
    public void FactoriesMakeLeavesThatRequireGradWhenAsked()
    {
        using var scope = NewDisposeScope();
        foreach (var t in new[] { zeros([2], requires_grad: true), ones([2], requires_grad: true), full([2], 1.5, requires_grad: true),
                                  rand([2], requires_grad: true), randn([2], requires_grad: true), empty([2], requires_grad: true),
                                  arange(0, 2, 1, float32, requires_grad: true), linspace(0, 1, 2, requires_grad: true),
                                  tensor(new float[] { 1, 2 }, requires_grad: true) })
        {
            Assert.True(t.requires_grad);
            Assert.True(t.is_leaf);
        }
        Assert.False(zeros(2).requires_grad);
        var ex = Assert.Throws<TorchException>(() => zeros([2], int64, requires_grad: true));
        Assert.Contains("floating point", ex.Message);
    }

    [Fact]
    public void ShapeMustMatchTheDataLength()
    {
        var ex = Assert.Throws<ArgumentException>(() => tensor(new float[5], [2, 3]));
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void ItemConvertsLikePythonsItemThenACast()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(3, tensor(new long[] { 3 }).item<int>());
        Assert.Equal(long.MaxValue, tensor(new long[] { long.MaxValue }).item<long>());  // exact through int64
        Assert.Equal(2.5f, tensor(new[] { 2.5 }).item<float>());
        Assert.True(tensor(new[] { true }).item<bool>());
        Assert.Throws<OverflowException>(() => tensor(new long[] { 300 }).item<byte>());
        var ex = Assert.Throws<TorchException>(() => zeros(2).item<float>());
        Assert.Contains("2 elements", ex.Message);
    }

    [Fact]
    public void LikeFactoriesKeepShapeAndTakeAnOptionalDtype()
    {
        using var scope = NewDisposeScope();
        var x = zeros([2, 3], float64);
        Assert.Equal(ScalarType.Float64, ones_like(x).dtype);
        Assert.Equal(ScalarType.Int64, zeros_like(x, int64).dtype);
        Assert.Equal([2L, 3], full_like(x, 4, float16).shape);
        Assert.Equal(4.0, full_like(x, 4).sum().item<double>() / 6);
    }
}
