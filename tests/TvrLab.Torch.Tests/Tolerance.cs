namespace TvrLab.Torch.Tests;

/// <summary>Compares doubles up to an absolute tolerance, for Assert.Equal on arrays of computed values.</summary>
internal sealed class Tolerance(double absolute) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= absolute || (double.IsNaN(x) && double.IsNaN(y));
    public int GetHashCode(double obj) => 0;
}
