using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TvrLab.Data.Cache;

/// <summary>One cached video in the index: its id, how many slots hold frames, and where they came from.</summary>
public sealed record CachedVideo(string Id, int Frames, int[] FrameIndices, double[] Times, int Width, int Height, double Duration, string[] Warnings);

/// <summary>A video that could not be cached, and why.</summary>
public sealed record BadVideo(string Id, string? Path, string Cause);

/// <summary>
/// The index of one split's cache (<c>&lt;split&gt;.index.json</c>): record r of <c>&lt;split&gt;.frames</c> holds
/// <see cref="Videos"/>[r] as uint8 [T, 3, S, S]; the bad and missing videos are listed, not stored.
/// </summary>
public sealed record FrameCacheIndex
{
    public const string CurrentFormat = "tvrlab-frame-cache/1";
    public string Format { get; init; } = CurrentFormat;
    public required string Dataset { get; init; }
    public required string Split { get; init; }
    /// <summary>Hash of the settings and the dataset's video list the cache was built from.</summary>
    public required string Fingerprint { get; init; }
    public required string Settings { get; init; }
    /// <summary>Slots per clip T and frame size S: every record is T x 3 x S x S bytes.</summary>
    public required int Length { get; init; }
    public required int Size { get; init; }
    public required List<CachedVideo> Videos { get; init; }
    public List<BadVideo> Bad { get; init; } = [];
    public List<string> Missing { get; init; } = [];

    public long RecordBytes => (long)Length * 3 * Size * Size;
}

/// <summary>Names, atomic writes and the part-file format of a cache folder.</summary>
internal static class CacheFiles
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    static readonly byte[] PartMagic = "TVRC"u8.ToArray();

    public static string FramesPath(string dir, string split) => Path.Combine(dir, $"{split}.frames");
    public static string IndexPath(string dir, string split) => Path.Combine(dir, $"{split}.index.json");
    public static string ReportPath(string dir, string split) => Path.Combine(dir, $"{split}.bad.tsv");
    public static string BuildDir(string dir, string split) => Path.Combine(dir, $"{split}.building");
    public static string PartPath(string buildDir, int record) => Path.Combine(buildDir, $"{record:D7}.part");
    public static string BadPath(string buildDir, int record) => Path.Combine(buildDir, $"{record:D7}.bad");

    /// <summary>Writes through a temporary name in the same folder, then renames: a reader sees the old file or the whole new one.</summary>
    public static void WriteAtomic(string path, Action<Stream> write)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            using (var s = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(s);
                s.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteJsonAtomic<T>(string path, T value) =>
        WriteAtomic(path, s => JsonSerializer.Serialize(s, value, Json));

    public static T ReadJson<T>(string path)
    {
        using var s = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(s, Json) ?? throw new InvalidDataException($"{path}: empty JSON");
    }

    /// <summary>A part file: "TVRC", header length (int32 LE), the video's index entry as JSON, then the frames.</summary>
    public static void WritePart(string path, CachedVideo video, ReadOnlySpan<byte> frames)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(video, Json);
        var payload = frames.ToArray();
        WriteAtomic(path, s =>
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, header.Length);
            s.Write(PartMagic);
            s.Write(length);
            s.Write(header);
            s.Write(payload);
        });
    }

    /// <summary>Reads a part's entry and copies its <paramref name="recordBytes"/> frame bytes to <paramref name="output"/>.</summary>
    public static CachedVideo ReadPart(string path, long recordBytes, Stream output)
    {
        using var s = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        s.ReadExactly(head);
        if (!head[..4].SequenceEqual(PartMagic)) throw new InvalidDataException($"{path}: not a frame-cache part");
        var header = new byte[BinaryPrimitives.ReadInt32LittleEndian(head[4..])];
        s.ReadExactly(header);
        if (s.Length - s.Position != recordBytes)
            throw new InvalidDataException($"{path}: {s.Length - s.Position} bytes of frames, expected {recordBytes}");
        s.CopyTo(output);
        return JsonSerializer.Deserialize<CachedVideo>(header, Json) ?? throw new InvalidDataException($"{path}: empty header");
    }

    /// <summary>Hash of the settings and of every video's id, path and window, in order.</summary>
    public static string Fingerprint(VideoTextDataset dataset, FrameCacheOptions options)
    {
        var text = new StringBuilder(options.Describe()).Append('\n');
        foreach (var v in dataset.Videos) text.Append($"{v.Id}\t{Path.GetFileName(v.Path)}\t{v.Start:R}\t{v.End:R}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
