using System.Globalization;
using TvrLab.Torch;

namespace TvrLab.Verification;

/// <summary>The comparison of one output with its expected tensor.</summary>
/// <param name="WorstDeviation">max |a − e| (infinite where one side is NaN or an infinity the other lacks).</param>
/// <param name="WorstToleranceRatio">max |a − e| / (atol + rtol·|e|); the output passes when it is ≤ 1.</param>
/// <param name="Detail">Where the worst element is and its two values, or why the tensors cannot be compared.</param>
public sealed record OutputComparison(string Output, bool Passed, double WorstDeviation, double WorstToleranceRatio, string Detail);

/// <summary>The golden tolerance rule: elementwise |actual − expected| ≤ atol + rtol·|expected|.</summary>
public static class ToleranceCheck
{
    /// <summary>
    /// Compares in float64. Shapes must match, except that one-element tensors compare whatever their shapes ([] and
    /// [1]). Equal infinities and NaN against NaN count as exact matches.
    /// </summary>
    public static OutputComparison Compare(string output, Tensor actual, Tensor expected, double atol, double rtol)
    {
        var (sa, se) = (actual.shape, expected.shape);
        var oneElement = actual.numel() == 1 && expected.numel() == 1;
        if (!oneElement && !sa.SequenceEqual(se))
            return new(output, false, double.PositiveInfinity, double.PositiveInfinity,
                $"{output}: shape {Tensor.ShapeString(sa)}, expected {Tensor.ShapeString(se)}");
        using var a64 = actual.to(Device.CPU, ScalarType.Float64);
        using var e64 = expected.to(Device.CPU, ScalarType.Float64);
        var a = a64.ToArray<double>();
        var e = e64.ToArray<double>();
        double worst = 0, worstRatio = 0;
        var at = -1;
        for (int i = 0; i < a.Length; i++)
        {
            var same = a[i] == e[i] || (double.IsNaN(a[i]) && double.IsNaN(e[i]));
            var deviation = same ? 0 : Math.Abs(a[i] - e[i]);
            if (double.IsNaN(deviation)) deviation = double.PositiveInfinity;
            var allowed = atol + rtol * Math.Abs(e[i]);
            var ratio = deviation == 0 ? 0 : allowed > 0 ? deviation / allowed : double.PositiveInfinity;
            if (at < 0 || ratio > worstRatio || (ratio == worstRatio && deviation > worst)) (worst, worstRatio, at) = (deviation, ratio, i);
        }
        var passed = worstRatio <= 1;
        var detail = at < 0 ? $"{output}: empty"
            : $"{output}{Index(at, se)}: actual {G(a[at])}, expected {G(e[at])}, |a-e| {G(worst)}, allowed {G(atol + rtol * Math.Abs(e[at]))}";
        return new(output, passed, worst, worstRatio, detail);
    }

    static string Index(int flat, long[] shape)
    {
        if (shape.Length == 0) return "";
        var index = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { index[d] = flat % shape[d]; flat /= (int)shape[d]; }
        return "[" + string.Join(", ", index) + "]";
    }

    static string G(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
