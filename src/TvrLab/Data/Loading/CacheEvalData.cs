using TvrLab.Data.Cache;
using TvrLab.Text;

namespace TvrLab.Data.Loading;

/// <summary>
/// An evaluation split over a <see cref="FrameCache"/>: the videos with a cache record, in dataset order, and their
/// captions tokenized once (CLIP4Clip's max_words encoding). Which captions take part follows the dataset's
/// <see cref="VideoTextDataset.Evaluation"/>: <see cref="EvaluationMode.OneCaptionPerVideo"/> (MSR-VTT 1k-A) keeps
/// the first caption of each video; <see cref="EvaluationMode.ManyCaptionsPerVideo"/> (MSVD, MSR-VTT's full test)
/// keeps every caption; <see cref="EvaluationMode.Paragraph"/> keeps every caption as read (the readers join a
/// video's sentences into one paragraph). A video without a cache record is left out with its captions, and listed in
/// <see cref="UncachedVideos"/> (report it beside the metrics: they are over fewer videos).
/// </summary>
public sealed class CacheEvalData : IEvalData
{
    readonly FrameCache cache;
    readonly TokenizedBatch tokens;
    readonly int[] records;
    readonly PrefetchOwner prefetches = new();
    readonly bool ownsCache;

    public VideoTextDataset Dataset { get; }
    /// <summary>For each evaluation caption, its index in <see cref="VideoTextDataset.Captions"/>.</summary>
    public IReadOnlyList<int> Captions { get; }
    /// <summary>For each evaluation video, its index in <see cref="VideoTextDataset.Videos"/>.</summary>
    public IReadOnlyList<int> VideoIndices { get; }
    /// <inheritdoc/>
    public int[] caption_video { get; }
    /// <inheritdoc/>
    public int VideoCount => records.Length;
    /// <summary>Ids of the dataset's videos with no record in the cache, left out of the evaluation.</summary>
    public IReadOnlyList<string> UncachedVideos { get; }
    /// <summary>Background threads and batches made ahead for <see cref="Videos"/>.</summary>
    public int Workers { get; init; } = 2;
    public int Prefetch { get; init; } = 2;

    /// <param name="ownsCache">Dispose the cache with this object.</param>
    public CacheEvalData(FrameCache cache, VideoTextDataset dataset, ClipTokenizer tokenizer, int maxWords = 32, bool ownsCache = false)
    {
        this.ownsCache = ownsCache;
        this.cache = cache;
        Dataset = dataset;
        var perVideo = dataset.CaptionsPerVideo();
        var videoList = new List<int>();
        var recordList = new List<int>();
        var captions = new List<int>();
        var captionVideo = new List<int>();
        var uncached = new List<string>();
        for (int v = 0; v < dataset.Videos.Count; v++)
        {
            int record = cache.RecordOf(dataset.Videos[v].Id);
            if (record < 0) { uncached.Add(dataset.Videos[v].Id); continue; }
            var kept = dataset.Evaluation == EvaluationMode.OneCaptionPerVideo ? perVideo[v].Take(1) : perVideo[v];
            foreach (var c in kept) { captions.Add(c); captionVideo.Add(videoList.Count); }
            videoList.Add(v);
            recordList.Add(record);
        }
        // Captions in dataset order (the order of the annotation file), each pointing at its video's evaluation index.
        var order = Enumerable.Range(0, captions.Count).OrderBy(i => captions[i]).ToArray();
        Captions = order.Select(i => captions[i]).ToArray();
        caption_video = order.Select(i => captionVideo[i]).ToArray();
        VideoIndices = videoList;
        records = recordList.ToArray();
        UncachedVideos = uncached;
        if (records.Length == 0) throw new ArgumentException($"{dataset}: none of its videos is in the cache {cache.FramesPath}");
        tokens = tokenizer.EncodeMaxWords(Captions.Select(c => dataset.Captions[c].Text).ToArray(), maxWords);
    }

    /// <inheritdoc/>
    /// <remarks>caption_index is the row's position in <see cref="caption_video"/>.</remarks>
    public IEnumerable<TextBatch> Texts(int batch_size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch_size, 1);
        for (int start = 0; start < Captions.Count; start += batch_size)
        {
            var rows = Enumerable.Range(start, Math.Min(batch_size, Captions.Count - start)).ToArray();
            var (ids, mask) = Collate.Text(tokens, rows);
            yield return new TextBatch(ids, mask, rows);
        }
    }

    /// <inheritdoc/>
    /// <remarks>uint8 frames as cached, prefetched on background threads; video_index is the row's evaluation video index.</remarks>
    public IEnumerable<VideoBatch> Videos(int batch_size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch_size, 1);
        ObjectDisposedException.ThrowIf(prefetches.IsDisposed, this);
        return prefetches.Stream((records.Length + batch_size - 1) / batch_size, (b, _) =>
        {
            int start = b * batch_size, n = Math.Min(batch_size, records.Length - start);
            var rows = records.AsSpan(start, n);
            return new VideoBatch(Collate.Frames(cache, rows, pin: false), Collate.FrameMask(cache, rows), Enumerable.Range(start, n).ToArray());
        }, Workers, Prefetch, "tvrlab eval videos");
    }

    public void Dispose()
    {
        prefetches.Dispose();
        if (ownsCache) cache.Dispose();
    }
}
