using System.IO.MemoryMappedFiles;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Data.Cache;

/// <summary>
/// A built frame cache of one split, memory-mapped read-only: record r is video <see cref="FrameCacheIndex.Videos"/>[r]
/// as uint8 [T, 3, S, S] (zero after its valid frames). Safe to read from several threads.
/// </summary>
public sealed unsafe class FrameCache : IDisposable
{
    readonly MemoryMappedFile? file;
    readonly MemoryMappedViewAccessor? view;
    readonly byte* data;
    readonly Dictionary<string, int> records;

    public FrameCacheIndex Index { get; }
    public string FramesPath { get; }

    /// <summary>Opens the cache of <paramref name="split"/> in <paramref name="dir"/> (as <see cref="FrameCacheBuilder"/> wrote it).</summary>
    public static FrameCache Open(string dir, string split) => new(dir, FrameCacheBuilder.FileSafe(split));

    FrameCache(string dir, string split)
    {
        var indexPath = CacheFiles.IndexPath(dir, split);
        if (!File.Exists(indexPath)) throw new FileNotFoundException($"{indexPath}: no frame cache of split {split} here (build it with `tvrlab data cache`)", indexPath);
        Index = CacheFiles.ReadJson<FrameCacheIndex>(indexPath);
        if (Index.Format != FrameCacheIndex.CurrentFormat)
            throw new InvalidDataException($"{indexPath}: format {Index.Format}, expected {FrameCacheIndex.CurrentFormat}");
        FramesPath = CacheFiles.FramesPath(dir, split);
        long expected = Index.Videos.Count * Index.RecordBytes;
        long actual = File.Exists(FramesPath) ? new FileInfo(FramesPath).Length : -1;
        if (actual != expected)
            throw new InvalidDataException($"{FramesPath}: {(actual < 0 ? "missing" : $"{actual} bytes")}, the index needs {expected} ({Index.Videos.Count} records of {Index.RecordBytes})");
        records = Index.Videos.Select((v, r) => (v.Id, r)).ToDictionary(x => x.Id, x => x.r);
        if (expected > 0)
        {
            file = MemoryMappedFile.CreateFromFile(FramesPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref data);
            data += view.PointerOffset;
        }
    }

    /// <summary>Videos in the cache.</summary>
    public int Count => Index.Videos.Count;

    /// <summary>Slots per clip T.</summary>
    public int Length => Index.Length;

    /// <summary>Frame size S.</summary>
    public int Size => Index.Size;

    /// <summary>The record of a video id, or -1 when it is not cached (bad, missing or unknown).</summary>
    public int RecordOf(string videoId) => records.TryGetValue(videoId, out var r) ? r : -1;

    /// <summary>Bytes per record: T x 3 x S x S.</summary>
    public long RecordBytes => Index.RecordBytes;

    /// <summary>
    /// The bytes of record <paramref name="record"/>, valid while the cache is open (a caller that may race with
    /// <see cref="Dispose"/> uses <see cref="CopyTo"/> instead).
    /// </summary>
    public ReadOnlySpan<byte> Record(int record)
    {
        CheckRecord(record);
        ObjectDisposedException.ThrowIf(view is null || disposed, this);
        return new ReadOnlySpan<byte>(data + record * RecordBytes, checked((int)RecordBytes));
    }

    /// <summary>
    /// Copies record <paramref name="record"/> to <paramref name="destination"/> (exactly <see cref="RecordBytes"/>
    /// long). Safe against a concurrent <see cref="Dispose"/>: the mapping stays until the copy ends, and a copy that
    /// starts after it throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void CopyTo(int record, Span<byte> destination)
    {
        CheckRecord(record);
        if (destination.Length != RecordBytes)
            throw new ArgumentException($"a record is {RecordBytes} bytes, the destination {destination.Length}", nameof(destination));
        ObjectDisposedException.ThrowIf(view is null || disposed, this);
        bool added = false;
        var handle = view.SafeMemoryMappedViewHandle;
        try
        {
            handle.DangerousAddRef(ref added); // throws ObjectDisposedException once the view is closed
            new ReadOnlySpan<byte>(data + record * RecordBytes, destination.Length).CopyTo(destination);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Record <paramref name="record"/> as a new uint8 tensor [T, 3, S, S].</summary>
    public Tensor Frames(int record)
    {
        var frames = empty([Length, 3, Size, Size], dtype: uint8);
        try { CopyTo(record, new Span<byte>((void*)frames.data_ptr(), checked((int)RecordBytes))); }
        catch { frames.Dispose(); throw; }
        return frames;
    }

    void CheckRecord(int record)
    {
        if ((uint)record >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(record), $"record {record} of a cache of {Count} ({FramesPath})");
    }

    /// <summary>The frame mask of record <paramref name="record"/>: its first <see cref="CachedVideo.Frames"/> slots.</summary>
    public bool[] Mask(int record)
    {
        CheckRecord(record);
        return Enumerable.Range(0, Length).Select(t => t < Index.Videos[record].Frames).ToArray();
    }

    bool disposed;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (view is not null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
        }
        file?.Dispose();
    }
}
