using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using TvrLab.Torch.Interop;

namespace TvrLab.Torch.Safetensors;

/// <summary>
/// A safetensors file opened lazily: the file is memory-mapped, the header is parsed and validated at once, and a
/// tensor's bytes are read only when it is loaded (so listing a 2 GB checkpoint or loading one tensor of it touches
/// only the pages needed). Loaded tensors are copies and stay valid after the file is closed.
/// </summary>
/// <example>
/// <code>
/// using var file = SafetensorsFile.Open("clip.safetensors");
/// foreach (var info in file.Entries) Console.WriteLine(info);      // name: F32 [512, 768]
/// var w = file.Load("visual.proj");
/// </code>
/// </example>
public sealed unsafe class SafetensorsFile : IDisposable
{
    readonly MemoryMappedFile map;
    readonly MemoryMappedViewAccessor view;
    readonly byte* buffer;           // start of the data buffer inside the mapped view
    readonly Dictionary<string, TensorInfo> byName;
    bool disposed;

    /// <summary>The file's path as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>Header entries in the order of their data.</summary>
    public IReadOnlyList<TensorInfo> Entries { get; }

    /// <summary>Tensor names in the order of their data.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The <c>__metadata__</c> string map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafetensorsFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* buffer, SafetensorsHeader header)
    {
        Path = path;
        this.map = map;
        this.view = view;
        this.buffer = buffer;
        Entries = header.Entries;
        Keys = header.Entries.Select(e => e.Name).ToArray();
        Metadata = header.Metadata;
        byName = header.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>Maps a file and validates its header; throws <see cref="SafetensorsFormatException"/> naming the file when it is malformed.</summary>
    public static SafetensorsFile Open(string path)
    {
        var length = new FileInfo(path) is { Exists: true } fi ? fi.Length : throw new FileNotFoundException($"{path}: no such safetensors file", path);
        SafetensorsHeader.CheckFileLength(path, length);
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        var acquired = false;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            acquired = true;
            start += view.PointerOffset;
            var headerLength = SafetensorsHeader.CheckHeaderLength(path, length, BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(start, 8)));
            var header = SafetensorsHeader.Parse(path, new ReadOnlySpan<byte>(start + 8, (int)headerLength), length - 8 - headerLength);
            return new SafetensorsFile(path, map, view, start + 8 + headerLength, header);
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    public bool Contains(string key) => byName.ContainsKey(key);

    /// <summary>The header entry of one tensor.</summary>
    public TensorInfo Info(string key) =>
        byName.TryGetValue(key, out var info) ? info
            : throw new KeyNotFoundException($"{Path}: no tensor '{key}' (the file holds {Keys.Count}: {Preview(Keys)})");

    /// <summary>Reads one tensor into a new CPU tensor of its stored dtype, then moves it to <paramref name="device"/> and <paramref name="dtype"/> when given.</summary>
    public Tensor Load(string key, Device? device = null, ScalarType? dtype = null)
    {
        var info = Info(key);
        var type = info.Dtype ?? throw new SafetensorsFormatException(Path, key, $"dtype {info.DtypeName} is valid safetensors but TvrLab's tensors cannot hold it");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is not");
        var handle = view.SafeMemoryMappedViewHandle;
        var added = false;
        handle.DangerousAddRef(ref added);   // keeps the mapping alive even if Dispose runs on another thread meanwhile
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var t = new Tensor(Native.tvr_from_data(buffer + info.Begin, info.ByteLength, info.Shape, info.Shape.Length, (int)type));
            if ((device is { } d && d != Device.CPU) || (dtype is { } dt && dt != type))
            {
                using var stored = t;
                t = stored.to(device ?? Device.CPU, dtype ?? type);
                // The copy joined the current dispose scope like any result; the stored tensor is freed here.
            }
            return t;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Reads every tensor (optionally only those whose name starts with <paramref name="prefix"/>).</summary>
    public Dictionary<string, Tensor> LoadAll(Device? device = null, ScalarType? dtype = null, string prefix = "")
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var key in Keys)
            if (key.StartsWith(prefix, StringComparison.Ordinal)) result[key] = Load(key, device, dtype);
        return result;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        map.Dispose();
    }

    static string Preview(IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Take(5)) + (keys.Count > 5 ? ", ..." : "");
}
