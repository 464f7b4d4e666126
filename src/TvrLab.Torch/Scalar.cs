namespace TvrLab.Torch;

/// <summary>
/// A number passed to an op. It remembers whether it was written as an integer, a float or a bool, so that
/// <c>int_tensor + 1</c> stays integral and <c>int_tensor + 1.5</c> promotes, as in PyTorch.
/// </summary>
public readonly struct Scalar
{
    public readonly double Value;
    /// <summary>0 floating point, 1 integer, 2 boolean (the shim's convention).</summary>
    public readonly int Kind;

    Scalar(double value, int kind) { Value = value; Kind = kind; }

    public static implicit operator Scalar(double v) => new(v, 0);
    public static implicit operator Scalar(float v) => new(v, 0);
    public static implicit operator Scalar(long v) => new(v, 1);
    public static implicit operator Scalar(int v) => new(v, 1);
    public static implicit operator Scalar(bool v) => new(v ? 1 : 0, 2);

    public override string ToString() => Kind switch { 1 => ((long)Value).ToString(), 2 => Value != 0 ? "True" : "False", _ => Value.ToString("R") };
}
