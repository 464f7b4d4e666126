using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TvrLab.Torch.Safetensors;

/// <summary>
/// Writes safetensors files: the header lists tensors by decreasing element size, then by name (so that every
/// tensor's data is aligned to its element size), is padded with spaces to a multiple of 8 bytes, and the data
/// follows contiguously. The file is written under a temporary name and renamed, so a reader never sees half a file.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Saves tensors (any device, dtype, layout) and optional string metadata to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (tensors.ContainsKey("__metadata__"))
            throw new ArgumentException("\"__metadata__\" is reserved for the metadata map and cannot name a tensor", nameof(tensors));
        var order = tensors.Keys
            .Select(name => (Name: name, Tensor: tensors[name] ?? throw new ArgumentNullException(nameof(tensors), $"tensor '{name}' is null")))
            .OrderByDescending(x => x.Tensor.element_size()).ThenBy(x => x.Name, StringComparer.Ordinal)
            .ToList();

        var header = Header(order, metadata);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> prefix = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
                stream.Write(prefix);
                stream.Write(header);
                foreach (var (_, tensor) in order) WriteData(stream, tensor);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The header JSON, padded with spaces to a multiple of 8 bytes.</summary>
    static byte[] Header(List<(string Name, Tensor Tensor)> order, IReadOnlyDictionary<string, string>? metadata)
    {
        using var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in order)
            {
                var bytes = tensor.numel() * tensor.element_size();
                w.WriteStartObject(name);
                w.WriteString("dtype", SafetensorsDtype.NameOf(tensor.dtype));
                w.WriteStartArray("shape");
                foreach (var d in tensor.shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        var padded = (json.Length + 7) / 8 * 8;
        if (padded > SafetensorsHeader.MaxHeaderBytes)
            throw new ArgumentException($"the header would be {padded} bytes, over the format's limit of {SafetensorsHeader.MaxHeaderBytes:N0}");
        var header = new byte[padded];
        json.Position = 0;
        json.ReadExactly(header, 0, (int)json.Length);
        header.AsSpan((int)json.Length).Fill((byte)' ');
        return header;
    }

    /// <summary>Writes a tensor's bytes straight from a contiguous CPU copy (no managed buffer).</summary>
    static unsafe void WriteData(Stream stream, Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        var remaining = cpu.numel() * cpu.element_size();
        var p = (byte*)cpu.data_ptr();
        while (remaining > 0)
        {
            var n = (int)Math.Min(remaining, 1 << 30);
            stream.Write(new ReadOnlySpan<byte>(p, n));
            p += n;
            remaining -= n;
        }
        GC.KeepAlive(cpu);
    }
}
