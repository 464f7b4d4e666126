using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;

namespace TvrLab.Torch.Tests;

/// <summary>Elementwise math, broadcasting, scalars and type promotion, in-place forms, comparisons and logic.</summary>
public class MathTests
{
    [Fact]
    public void BinaryOpsBroadcastAndTakeScalarsOnEitherSide()
    {
        using var scope = NewDisposeScope();
        var col = tensor(new float[] { 1, 2 }, [2, 1]);
        var row = tensor(new float[] { 10, 20, 30 });
        Assert.Equal(new float[] { 11, 21, 31, 12, 22, 32 }, (col + row).ToArray<float>());
        Assert.Equal(new float[] { -9, -19, -29, -8, -18, -28 }, (col - row).ToArray<float>());
        Assert.Equal(new float[] { 10, 20, 30, 20, 40, 60 }, (col * row).ToArray<float>());
        Assert.Equal(new float[] { 0.1f, 0.05f }, (col / tensor(new float[] { 10, 40 }, [2, 1])).ToArray<float>());
        Assert.Equal(new float[] { 3, 4 }, (col + 2).ToArray<float>());
        Assert.Equal(new float[] { 1, 0 }, (2 - col).ToArray<float>());
        Assert.Equal(new float[] { 2, 1 }, (2 / col).ToArray<float>());
        Assert.Equal(new float[] { 2, 4 }, (2 * col).ToArray<float>());
        Assert.Equal(new float[] { 1, 0 }, (col % 2).ToArray<float>());
        Assert.Equal(new float[] { -1, -2 }, (-col).ToArray<float>());
        // add/sub with alpha: a + alpha * b
        Assert.Equal(new float[] { 21, 42 }, col.add(col, alpha: 20).ToArray<float>());
        Assert.Equal(new float[] { -1, -2 }, col.sub(col, alpha: 2).ToArray<float>());
    }

    [Fact]
    public void ScalarsPromoteAsInPyTorch()
    {
        using var scope = NewDisposeScope();
        var ints = tensor(new long[] { 1, 2, 3 });
        Assert.Equal(ScalarType.Int64, (ints + 1).dtype);               // int + int stays integral
        Assert.Equal(ScalarType.Float32, (ints + 1.5).dtype);           // int + float -> default float
        Assert.Equal(ScalarType.Float32, (ints / 2).dtype);             // true division
        Assert.Equal(new float[] { 0.5f, 1, 1.5f }, (ints / 2).ToArray<float>());
        Assert.Equal(new float[] { 3, 1.5f, 1 }, (3 / ints).ToArray<float>());  // reciprocal(x) * 3, as x.__rtruediv__
        Assert.Equal(new long[] { 0, 1, 1 }, ints.div(tensor(new long[] { 2, 2, 2 }), rounding_mode: "floor").ToArray<long>());
        Assert.Equal(ScalarType.Float64, (zeros([2], float64) + 1f).dtype);  // a scalar never widens a tensor's float type
        Assert.Equal(new long[] { 1, 4, 9 }, ints.pow(2).ToArray<long>());
        Assert.Equal(new float[] { 2, 4, 8 }, pow(2.0, ints.@float()).ToArray<float>());
    }

    [Fact]
    public void UnaryOpsMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = Det([3, 4], 0.1) * 4;
        AssertClose(OpsReference.GeluExact, x.gelu());
        AssertClose(OpsReference.GeluTanh, x.gelu("tanh"));
        AssertClose(OpsReference.Erf, x.erf());
        var v = tensor(new double[] { 0.25, 1, 4 });
        Assert.Equal(new double[] { 0.5, 1, 2 }, v.sqrt().ToArray<double>());
        Assert.Equal(new double[] { 2, 1, 0.5 }, v.rsqrt().ToArray<double>());
        Assert.Equal(new double[] { -2, 0, 2 }, v.log2().ToArray<double>());
        Assert.Equal(new double[] { Math.Log(0.25), 0, Math.Log(4) }, v.log().ToArray<double>());
        Assert.Equal(new double[] { 1 / (1 + Math.Exp(-0.25)), 1 / (1 + Math.Exp(-1)), 1 / (1 + Math.Exp(-4)) }, v.sigmoid().ToArray<double>(), new Tolerance(1e-12));
        Assert.Equal(new double[] { 0, 0.5, 3 }, tensor(new double[] { -2, 0.5, 3 }).relu().ToArray<double>());
        Assert.Equal(new double[] { -1, 0.5, 2 }, tensor(new double[] { -2, 0.5, 3 }).clamp(-1, 2).ToArray<double>());
        Assert.Equal(new double[] { -2, 0.5, 2 }, tensor(new double[] { -2, 0.5, 3 }).clamp(max: 2).ToArray<double>());
        Assert.Equal(new double[] { 0, 0.5, 3 }, tensor(new double[] { -2, 0.5, 3 }).clamp_min(0).ToArray<double>());
    }

    [Fact]
    public void InPlaceOpsWriteIntoTheSameTensorAndReturnIt()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 4, 9 });
        var same = x.sqrt_();
        Assert.Same(x, same);
        Assert.Equal(new double[] { 1, 2, 3 }, x.ToArray<double>());
        x.add_(1).mul_(2).sub_(tensor(new double[] { 1, 1, 1 })).div_(3);
        Assert.Equal(new double[] { 1, 5.0 / 3, 7.0 / 3 }, x.ToArray<double>(), new Tolerance(1e-15));
        x.pow_(2).neg_().abs_().clamp_(max: 4);
        Assert.Equal(new double[] { 1, 25.0 / 9, 4 }, x.ToArray<double>(), new Tolerance(1e-14));
        x.floor_();
        Assert.Equal(new double[] { 1, 2, 4 }, x.ToArray<double>());
        x.fill_(0.5).exp_().log_();
        Assert.Equal(new double[] { 0.5, 0.5, 0.5 }, x.ToArray<double>(), new Tolerance(1e-15));
        x.zero_().add_(tensor(new double[] { 1, 2, 3 }), alpha: 2).remainder_(4);
        Assert.Equal(new double[] { 2, 0, 2 }, x.ToArray<double>());
        x.addcmul_(x, x, value: 0.5).lerp_(zeros([3], float64), 0.5);   // (x + 0.5 x^2) / 2
        Assert.Equal(new double[] { 2, 0, 2 }, x.ToArray<double>());
        var m = tensor(new float[] { 1, 2, 3 });
        m.masked_fill_(m > 1, -1);
        Assert.Equal(new float[] { 1, -1, -1 }, m.ToArray<float>());
    }

    [Fact]
    public void ComparisonsLogicAndSpecialValues()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3 });
        var b = tensor(new float[] { 3, 2, 1 });
        Assert.Equal(new[] { true, false, false }, (a < b).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, (a <= b).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, a.eq(b).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, a.ne(b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true }, (a > 2).ToArray<bool>());
        Assert.Equal(new[] { false, true, true }, (a >= 2).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, ((a > 1) & (b > 1)).ToArray<bool>());
        Assert.Equal(new[] { true, true, true }, ((a > 1) | (b > 1)).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, ((a > 1) ^ (b > 1)).ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, (~(a > 1)).ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, (a > 1).logical_not().ToArray<bool>());

        var special = tensor(new[] { 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity });
        Assert.Equal(new[] { false, true, false, false }, isnan(special).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, true }, isinf(special).ToArray<bool>());
        Assert.Equal(new[] { true, false, false, false }, special.isfinite().ToArray<bool>());
        Assert.Equal(new[] { 1f, 0f, float.MaxValue, float.MinValue }, special.nan_to_num().ToArray<float>());
        Assert.Equal(new[] { 1f, -1f, 9f, -9f }, special.nan_to_num(-1, 9, -9).ToArray<float>());

        Assert.True(allclose(tensor(new[] { 1.0, 2.0 }), tensor(new[] { 1.0 + 1e-9, 2.0 })));
        Assert.Equal(new[] { true, false }, isclose(tensor(new[] { 1.0, 2.0 }), tensor(new[] { 1.0, 2.1 })).ToArray<bool>());
        Assert.True(equal(a, tensor(new float[] { 1, 2, 3 })));
    }

    [Fact]
    public void WhereTakesTensorsOrNumbersOnEitherSide()
    {
        using var scope = NewDisposeScope();
        var cond = tensor(new[] { true, false, true });
        var x = tensor(new float[] { 1, 2, 3 });
        var y = tensor(new float[] { -1, -2, -3 });
        Assert.Equal(new float[] { 1, -2, 3 }, where(cond, x, y).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 3 }, where(cond, x, 0).ToArray<float>());
        Assert.Equal(new float[] { 9, -2, 9 }, where(cond, 9f, y).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 1 }, where(cond, 1f, 0f).ToArray<float>());
        Assert.Equal(new float[] { 1, -2, 3 }, x.where(cond, y).ToArray<float>());
        // the condition broadcasts: one row of flags for every row
        var grid = arange(6, dtype: float32).reshape(2, 3);
        Assert.Equal(new float[] { 0, -1, 2, 3, -1, 5 }, where(cond, grid, -1f).ToArray<float>());
    }
}
