namespace TvrLab.Torch.Safetensors;

/// <summary>
/// The safetensors dtype names ("F32", "BF16", ...) and their element sizes, and which of them map to a libtorch
/// <see cref="ScalarType"/>. Names the format defines but libtorch 1.13 cannot hold (U16, U32, U64, F8_*) are still
/// parsed and validated, so that such a file can be opened and listed; loading one of those tensors fails.
/// </summary>
public static class SafetensorsDtype
{
    static readonly Dictionary<string, (int Size, ScalarType? Type)> Known = new(StringComparer.Ordinal)
    {
        ["BOOL"] = (1, ScalarType.Bool), ["U8"] = (1, ScalarType.Byte), ["I8"] = (1, ScalarType.Int8),
        ["F8_E4M3"] = (1, null), ["F8_E5M2"] = (1, null),
        ["I16"] = (2, ScalarType.Int16), ["U16"] = (2, null), ["F16"] = (2, ScalarType.Float16), ["BF16"] = (2, ScalarType.BFloat16),
        ["I32"] = (4, ScalarType.Int32), ["U32"] = (4, null), ["F32"] = (4, ScalarType.Float32),
        ["I64"] = (8, ScalarType.Int64), ["U64"] = (8, null), ["F64"] = (8, ScalarType.Float64),
    };

    /// <summary>Every dtype name of the format, for error messages.</summary>
    public static IEnumerable<string> Names => Known.Keys;

    /// <summary>Bytes per element of a dtype name, or null when the name is not a safetensors dtype.</summary>
    public static int? SizeOf(string name) => Known.TryGetValue(name, out var k) ? k.Size : null;

    /// <summary>The libtorch element type of a dtype name, or null when TvrLab cannot hold it.</summary>
    public static ScalarType? ToScalarType(string name) => Known.TryGetValue(name, out var k) ? k.Type : null;

    /// <summary>The safetensors name of a libtorch element type.</summary>
    public static string NameOf(ScalarType type) => type switch
    {
        ScalarType.Bool => "BOOL", ScalarType.Byte => "U8", ScalarType.Int8 => "I8", ScalarType.Int16 => "I16",
        ScalarType.Float16 => "F16", ScalarType.BFloat16 => "BF16", ScalarType.Int32 => "I32", ScalarType.Float32 => "F32",
        ScalarType.Int64 => "I64", ScalarType.Float64 => "F64",
        _ => throw new ArgumentException($"safetensors cannot store {type.PyTorchName()}"),
    };
}
