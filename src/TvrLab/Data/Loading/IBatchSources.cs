using TvrLab.Torch;

namespace TvrLab.Data.Loading;

/// <summary>
/// Training batches, epoch by epoch: the contract between the loader and the trainer. Epoch <c>e</c> is the same
/// sequence of batches for the same seed however often it is asked for, so a resumed run can skip to <c>start</c>.
/// </summary>
public interface ITrainBatches : IDisposable
{
    /// <summary>Batches in one epoch (the last partial batch is dropped, as CLIP4Clip's DistributedSampler + drop_last).</summary>
    int BatchesPerEpoch { get; }

    /// <summary>The batches of <paramref name="epoch"/>, shuffled by the seed and the epoch, from batch <paramref name="start"/> on.</summary>
    IEnumerable<VideoTextBatch> Epoch(int epoch, int start = 0);
}

/// <summary>A batch of captions for evaluation: token ids [B, L], mask [B, L] and each row's caption index.</summary>
public sealed record TextBatch(Tensor input_ids, Tensor text_mask, int[] caption_index) : IDisposable
{
    public void Dispose() { input_ids.Dispose(); text_mask.Dispose(); }
}

/// <summary>A batch of videos for evaluation: frames [B, T, 3, S, S] (uint8 or normalised float), mask [B, T], each row's video index.</summary>
public sealed record VideoBatch(Tensor video, Tensor video_mask, int[] video_index) : IDisposable
{
    public void Dispose() { video.Dispose(); video_mask.Dispose(); }
}

/// <summary>
/// An evaluation split: every caption and every video once, so that each is encoded once and the similarity matrix
/// [captions, videos] is scored in chunks (CLIP4Clip's eval_epoch with its multi-sentence de-duplication).
/// </summary>
public interface IEvalData : IDisposable
{
    /// <summary>For each caption, the index of its ground-truth video (many captions may share a video).</summary>
    int[] caption_video { get; }

    /// <summary>Number of videos.</summary>
    int VideoCount { get; }

    /// <summary>All captions in order, <paramref name="batch_size"/> at a time.</summary>
    IEnumerable<TextBatch> Texts(int batch_size);

    /// <summary>All videos in order, <paramref name="batch_size"/> at a time.</summary>
    IEnumerable<VideoBatch> Videos(int batch_size);
}
