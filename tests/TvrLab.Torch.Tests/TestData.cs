using static TvrLab.Torch.torch;

namespace TvrLab.Torch.Tests;

/// <summary>Deterministic inputs and weights shared with Reference/nn_reference.py, and value assertions.</summary>
internal static class TestData
{
    /// <summary>sin(0.7 i + phase) / 2 over the flat index i, in float64 then float32: det() in nn_reference.py, op for op.</summary>
    public static Tensor Det(long[] shape, double phase)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        using var scope = NewDisposeScope();
        var t = ((arange(0, n, dtype: float64) * 0.7 + phase).sin() * 0.5).@float().reshape(shape);
        return scope.MoveToOuter(t);
    }

    /// <summary>Overwrites a parameter's values (as PyTorch's <c>with torch.no_grad(): p.copy_(v)</c>).</summary>
    public static void Set(Tensor parameter, Tensor value)
    {
        using (no_grad()) parameter.copy_(value);
    }

    public static void AssertClose(float[] expected, Tensor actual, double atol = 1e-5, double rtol = 1e-5)
    {
        var have = actual.detach().cpu().@float().ToArray<float>();
        Assert.True(expected.Length == have.Length, $"expected {expected.Length} values, got {have.Length} (shape {Tensor.ShapeString(actual.shape)})");
        for (int i = 0; i < have.Length; i++)
        {
            var tolerance = atol + rtol * Math.Abs(expected[i]);
            Assert.True(Math.Abs(expected[i] - have[i]) <= tolerance, $"value {i}: expected {expected[i]:R}, got {have[i]:R}");
        }
    }
}
