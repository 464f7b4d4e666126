using TvrLab.Data.Cache;
using TvrLab.Text;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Data.Loading;

/// <summary>Collation of cache records and tokenized captions into the batch tensors (CLIP4Clip's default_collate of
/// pairs_text, pairs_mask, video, video_mask).</summary>
internal static class Collate
{
    /// <summary>Frames of <paramref name="records"/> as uint8 [B, T, 3, S, S], copied straight from the memory map.</summary>
    public static unsafe Tensor Frames(FrameCache cache, ReadOnlySpan<int> records, bool pin)
    {
        var video = empty([records.Length, cache.Length, 3, cache.Size, cache.Size], dtype: uint8);
        try
        {
            var at = (byte*)video.data_ptr();
            int bytes = checked((int)cache.RecordBytes);
            for (int i = 0; i < records.Length; i++) cache.CopyTo(records[i], new Span<byte>(at + (long)i * bytes, bytes));
            return pin ? Pinned(video) : video;
        }
        catch { video.Dispose(); throw; }
    }

    /// <summary>Frame masks of <paramref name="records"/> as int64 [B, T]: 1 on the first Frames slots of each record.</summary>
    public static Tensor FrameMask(FrameCache cache, ReadOnlySpan<int> records)
    {
        var mask = new long[records.Length * cache.Length];
        for (int i = 0; i < records.Length; i++)
            mask.AsSpan(i * cache.Length, cache.Index.Videos[records[i]].Frames).Fill(1);
        return tensor(mask, [records.Length, cache.Length]);
    }

    /// <summary>Token ids and attention masks of rows <paramref name="captions"/> of <paramref name="tokens"/>, int64 [B, L] each.</summary>
    public static (Tensor InputIds, Tensor TextMask) Text(TokenizedBatch tokens, ReadOnlySpan<int> captions)
    {
        int length = tokens.Length;
        var ids = new long[captions.Length * length];
        var mask = new long[captions.Length * length];
        for (int i = 0; i < captions.Length; i++)
        {
            ReadOnlySpan<int> rowIds = tokens.IdsOf(captions[i]), rowMask = tokens.MaskOf(captions[i]);
            for (int j = 0; j < length; j++) (ids[i * length + j], mask[i * length + j]) = (rowIds[j], rowMask[j]);
        }
        return (tensor(ids, [captions.Length, length]), tensor(mask, [captions.Length, length]));
    }

    /// <summary>Whether pinning is possible here: page-locked host memory needs a CUDA device.</summary>
    public static bool CanPin { get; } = cuda.is_available();

    /// <summary>A page-locked copy (disposing the pageable one), or the tensor itself where pinning is impossible.</summary>
    public static Tensor Pinned(Tensor t)
    {
        if (!CanPin) return t;
        var pinned = t.pin_memory();
        t.Dispose();
        return pinned;
    }
}
