namespace TvrLab.Torch;

/// <summary>
/// One position of a Python-style index. C# ranges and indices convert implicitly, so
/// <c>x[.., 0]</c> is <c>x[:, 0]</c>, <c>x[1..^1]</c> is <c>x[1:-1]</c>, <c>x[^1]</c> is <c>x[-1]</c>; use
/// <see cref="torch.None"/> for a new axis, <see cref="torch.Ellipsis"/> for <c>...</c>,
/// <see cref="Slice"/> for a step, and a long or bool tensor for advanced indexing.
/// </summary>
public readonly struct TensorIndex
{
    internal enum IndexKind { Integer = 0, Slice = 1, None = 2, Ellipsis = 3, Tensor = 4 }

    internal readonly IndexKind Kind;
    internal readonly long Start, Stop, Step;
    internal readonly Tensor? Tensor;

    /// <summary>Marks an omitted slice bound, as in x[:3] or x[2:].</summary>
    internal const long Omitted = long.MinValue;

    TensorIndex(IndexKind kind, long start = 0, long stop = 0, long step = 1, Tensor? tensor = null)
    {
        Kind = kind; Start = start; Stop = stop; Step = step; Tensor = tensor;
    }

    public static readonly TensorIndex NewAxis = new(IndexKind.None);
    public static readonly TensorIndex Ellipsis = new(IndexKind.Ellipsis);

    /// <summary>start:stop:step with either bound omitted when null.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1) =>
        new(IndexKind.Slice, start ?? Omitted, stop ?? Omitted, step);

    public static implicit operator TensorIndex(long i) => new(IndexKind.Integer, i);
    public static implicit operator TensorIndex(int i) => new(IndexKind.Integer, i);
    public static implicit operator TensorIndex(Index i) => new(IndexKind.Integer, i.IsFromEnd ? -i.Value : i.Value);
    public static implicit operator TensorIndex(Tensor t) => new(IndexKind.Tensor, tensor: t);

    public static implicit operator TensorIndex(Range r)
    {
        long start = r.Start.IsFromEnd ? (r.Start.Value == 0 ? long.MaxValue : -r.Start.Value) : r.Start.Value;
        long stop = r.End.IsFromEnd ? (r.End.Value == 0 ? Omitted : -r.End.Value) : r.End.Value;
        return new(IndexKind.Slice, start, stop, 1);
    }
}
