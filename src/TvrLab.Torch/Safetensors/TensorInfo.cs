namespace TvrLab.Torch.Safetensors;

/// <summary>
/// One header entry of a safetensors file: the dtype name as written ("F32", "BF16", ...), the shape, and the byte
/// range [<see cref="Begin"/>, <see cref="End"/>) relative to the start of the data buffer.
/// </summary>
public sealed record TensorInfo(string Name, string DtypeName, long[] Shape, long Begin, long End)
{
    /// <summary>The libtorch element type, or null for format dtypes TvrLab cannot hold (U16, U32, U64, F8_*).</summary>
    public ScalarType? Dtype => SafetensorsDtype.ToScalarType(DtypeName);

    public long ByteLength => End - Begin;

    public long NumElements => Shape.Aggregate(1L, (n, d) => n * d);

    public override string ToString() => $"{Name}: {DtypeName} {Tensor.ShapeString(Shape)}";
}
