using System.Text.Json;
using System.Text.Unicode;

namespace TvrLab.Torch.Safetensors;

/// <summary>
/// The parsed and validated JSON header of a safetensors file (format: NOTES.md, "Safetensors"). Every rule of the
/// format is checked here, so that a file that opens can be read without further checks.
/// </summary>
public sealed class SafetensorsHeader
{
    /// <summary>The format's limit on the header size.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Entries in the order of their data in the buffer.</summary>
    public IReadOnlyList<TensorInfo> Entries { get; }

    /// <summary>The optional <c>__metadata__</c> string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafetensorsHeader(IReadOnlyList<TensorInfo> entries, IReadOnlyDictionary<string, string> metadata)
    {
        Entries = entries;
        Metadata = metadata;
    }

    /// <summary>Every safetensors file holds at least the 8-byte header length.</summary>
    public static void CheckFileLength(string path, long fileLength)
    {
        if (fileLength < 8)
            throw new SafetensorsFormatException(path, null, $"not a safetensors file: it is {fileLength} bytes long, shorter than the 8-byte header length");
    }

    /// <summary>Checks the little-endian header length read from the first 8 bytes of a file of <paramref name="fileLength"/> bytes.</summary>
    public static long CheckHeaderLength(string path, long fileLength, ulong headerLength)
    {
        if (headerLength > MaxHeaderBytes)
            throw new SafetensorsFormatException(path, null, $"header length {headerLength} exceeds the format's limit of {MaxHeaderBytes:N0} bytes");
        if ((long)headerLength > fileLength - 8)
            throw new SafetensorsFormatException(path, null, $"header length {headerLength} runs past the end of the file ({fileLength} bytes, {fileLength - 8} after the length prefix)");
        return (long)headerLength;
    }

    /// <summary>Parses and validates the header JSON, given the length of the data buffer that follows it.</summary>
    public static SafetensorsHeader Parse(string path, ReadOnlySpan<byte> json, long bufferLength)
    {
        if (!Utf8.IsValid(json))
            throw new SafetensorsFormatException(path, null, "the header is not valid UTF-8");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json.ToArray()); }
        catch (JsonException e) { throw new SafetensorsFormatException(path, null, $"the header is not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SafetensorsFormatException(path, null, $"the header must be a JSON object, not {root.ValueKind}");
            var entries = new List<TensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new SafetensorsFormatException(path, property.Name, "the key appears twice in the header");
                if (property.Name == "__metadata__") ReadMetadata(path, property.Value, metadata);
                else entries.Add(ReadEntry(path, property.Name, property.Value, bufferLength));
            }
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            CheckContiguous(path, entries, bufferLength);
            return new SafetensorsHeader(entries, metadata);
        }
    }

    static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException(path, null, $"__metadata__ must be an object of strings, not {value.ValueKind}");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new SafetensorsFormatException(path, null, $"__metadata__ value of \"{item.Name}\" must be a string, not {item.Value.ValueKind}");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    static TensorInfo ReadEntry(string path, string key, JsonElement value, long bufferLength)
    {
        SafetensorsFormatException Bad(string problem) => new(path, key, problem);
        if (value.ValueKind != JsonValueKind.Object)
            throw Bad($"the entry must be an object with dtype, shape and data_offsets, not {value.ValueKind}");
        JsonElement Field(string name) =>
            value.TryGetProperty(name, out var f) ? f : throw Bad($"missing field \"{name}\"");

        var dtypeElement = Field("dtype");
        if (dtypeElement.ValueKind != JsonValueKind.String)
            throw Bad($"dtype must be a string, not {dtypeElement.ValueKind}");
        var dtype = dtypeElement.GetString()!;
        var elementSize = SafetensorsDtype.SizeOf(dtype)
            ?? throw Bad($"unknown dtype \"{dtype}\" (expected one of {string.Join(" ", SafetensorsDtype.Names)})");

        var shape = Integers(Field("shape"), "shape", Bad);
        var offsets = Integers(Field("data_offsets"), "data_offsets", Bad);
        if (offsets.Length != 2)
            throw Bad($"data_offsets must hold exactly two integers [begin, end], not {offsets.Length}");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end)
            throw Bad($"data_offsets [{begin}, {end}]: begin is past end");
        if (end > bufferLength)
            throw Bad($"data_offsets [{begin}, {end}] run past the end of the data buffer ({bufferLength} bytes)");

        long expected;
        try { expected = checked(shape.Aggregate(1L, (n, d) => n * d) * elementSize); }
        catch (OverflowException) { throw Bad($"shape {Tensor.ShapeString(shape)} is too large"); }
        if (expected != end - begin)
            throw Bad($"shape {Tensor.ShapeString(shape)} of {dtype} needs {expected} bytes but data_offsets [{begin}, {end}] hold {end - begin}");
        return new TensorInfo(key, dtype, shape, begin, end);
    }

    /// <summary>A JSON array of non-negative integers (shape, data_offsets).</summary>
    static long[] Integers(JsonElement array, string field, Func<string, SafetensorsFormatException> bad)
    {
        if (array.ValueKind != JsonValueKind.Array)
            throw bad($"{field} must be an array of non-negative integers, not {array.ValueKind}");
        var result = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
                throw bad($"{field} must be an array of non-negative integers; element {i} is {item.GetRawText()}");
            result[i++] = v;
        }
        return result;
    }

    /// <summary>Entries sorted by offset must tile the buffer exactly: no gaps, no overlaps, nothing left over.</summary>
    static void CheckContiguous(string path, List<TensorInfo> entries, long bufferLength)
    {
        long covered = 0;
        TensorInfo? previous = null;
        foreach (var e in entries)
        {
            if (e.Begin < covered)
                throw new SafetensorsFormatException(path, e.Name,
                    $"data_offsets [{e.Begin}, {e.End}] overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End}]");
            if (e.Begin > covered)
                throw new SafetensorsFormatException(path, e.Name,
                    previous is null
                        ? $"data_offsets [{e.Begin}, {e.End}]: the first tensor must begin at 0 (the data is not contiguous)"
                        : $"data_offsets [{e.Begin}, {e.End}] leave a gap after tensor '{previous.Name}' (ends at {previous.End}); the data is not contiguous");
            covered = e.End;
            previous = e;
        }
        if (covered != bufferLength)
            throw new SafetensorsFormatException(path, null,
                $"the tensors cover {covered} bytes but the data buffer has {bufferLength}: {bufferLength - covered} bytes belong to no tensor");
    }
}
