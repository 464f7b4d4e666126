using TvrLab.Verification;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Verification;

public class ToleranceCheckTests
{
    [Fact]
    public void AppliesAtolPlusRtolTimesExpected()
    {
        using var scope = NewDisposeScope();
        var expected = tensor(new[] { 100.0, 0.0 });
        // allowed: 1e-3 + 1e-2 · 100 = 1.001 at [0], 1e-3 at [1]
        Assert.True(ToleranceCheck.Compare("x", tensor(new[] { 101.0, 0.0009 }), expected, 1e-3, 1e-2).Passed);
        var fail = ToleranceCheck.Compare("x", tensor(new[] { 100.0, 0.0011 }), expected, 1e-3, 1e-2);
        Assert.False(fail.Passed);
        Assert.Equal(0.0011, fail.WorstDeviation, 15);
        Assert.StartsWith("x[1]:", fail.Detail);
    }

    [Fact]
    public void ComparesAcrossDtypesAndOneElementShapes()
    {
        using var scope = NewDisposeScope();
        Assert.True(ToleranceCheck.Compare("r", scalar_tensor(3L), tensor(new[] { 3.0 }), 0, 0).Passed);
        var mismatch = ToleranceCheck.Compare("m", zeros(2, 3), zeros(3, 2), 1, 1);
        Assert.False(mismatch.Passed);
        Assert.Contains("shape [2, 3], expected [3, 2]", mismatch.Detail);
    }

    [Fact]
    public void InfinitiesAndNaNsMatchOnlyThemselves()
    {
        using var scope = NewDisposeScope();
        var e = tensor(new[] { double.NegativeInfinity, double.NaN, 1.0 });
        Assert.True(ToleranceCheck.Compare("p", tensor(new[] { double.NegativeInfinity, double.NaN, 1.0 }), e, 0, 0).Passed);
        var nan = ToleranceCheck.Compare("p", tensor(new[] { double.NegativeInfinity, double.NaN, double.NaN }), e, 1, 1);
        Assert.False(nan.Passed);
        Assert.Equal(double.PositiveInfinity, nan.WorstDeviation);
        Assert.False(ToleranceCheck.Compare("p", tensor(new[] { double.PositiveInfinity, double.NaN, 1.0 }), e, 1, 1).Passed);
    }
}
