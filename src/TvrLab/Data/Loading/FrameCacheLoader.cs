using TvrLab.Data.Cache;
using TvrLab.Data.Synth;
using TvrLab.Text;

namespace TvrLab.Data.Loading;

/// <summary>One training sample: a caption and its video, as indices into the dataset's lists and the cache.</summary>
/// <param name="Caption">Index in <see cref="VideoTextDataset.Captions"/>.</param>
/// <param name="Video">Index in <see cref="VideoTextDataset.Videos"/>.</param>
/// <param name="Record">The video's record in the <see cref="FrameCache"/>.</param>
public readonly record struct TrainSample(int Caption, int Video, int Record);

/// <summary>
/// Training batches from a <see cref="FrameCache"/>: the split's captions tokenized once (CLIP4Clip's max_words
/// encoding), samples shuffled by (seed, epoch), collated on background threads into <see cref="VideoTextBatch"/>es of
/// uint8 frames (normalise on the device with <see cref="Video.ClipImageNormalization"/>).
/// <list type="bullet">
/// <item><see cref="CaptionSampling.EveryCaption"/>: every caption is a sample with its video (CLIP4Clip's
/// expanded MSR-VTT sentences, MSVD, LSMDC), so a video appears once per caption in an epoch.</item>
/// <item><see cref="CaptionSampling.OneRandomCaptionPerVideo"/>: every video once per epoch with one of its captions,
/// drawn from (seed, epoch) (CLIP4Clip's MSR-VTT loader without --expand_msrvtt_sentences).</item>
/// </list>
/// Captions whose video is not in the cache (missing or bad when it was built) are left out and counted in
/// <see cref="SkippedCaptions"/>.
/// </summary>
public sealed class FrameCacheLoader : ITrainBatches
{
    readonly FrameCache cache;
    readonly TokenizedBatch tokens;
    /// <summary>For each video of the dataset with a cache record, (video, record, its captions).</summary>
    readonly (int Video, int Record, int[] Captions)[] videos;
    readonly TrainSample[] everyCaption;
    readonly PrefetchOwner prefetches = new();
    readonly bool ownsCache;

    public VideoTextDataset Dataset { get; }
    public LoaderOptions Options { get; }
    /// <summary>What a sample is (the options' choice, else the dataset's).</summary>
    public CaptionSampling Sampling { get; }
    /// <summary>Samples in one epoch (before dropping the last partial batch).</summary>
    public int SamplesPerEpoch => Sampling == CaptionSampling.EveryCaption ? everyCaption.Length : videos.Length;
    /// <inheritdoc/>
    public int BatchesPerEpoch => SamplesPerEpoch / Options.BatchSize;
    /// <summary>Captions left out because their video has no record in the cache.</summary>
    public int SkippedCaptions { get; }
    /// <summary>Ids of the dataset's videos with no record in the cache (missing or bad when it was built).</summary>
    public IReadOnlyList<string> UncachedVideos { get; }
    /// <summary>Epochs being enumerated now (each with its prefetch threads).</summary>
    public int ActiveEpochs => prefetches.Active;
    /// <summary>Whether <see cref="LoaderOptions.PinMemory"/> takes effect here (it needs CUDA).</summary>
    public static bool PinsMemory => Collate.CanPin;

    /// <param name="cache">The split's frame cache (stays owned by the caller; keep it open while batches are made).</param>
    /// <param name="dataset">The split the cache was built from.</param>
    /// <param name="tokenizer">CLIP's BPE tokenizer.</param>
    /// <param name="ownsCache">Dispose the cache with the loader.</param>
    public FrameCacheLoader(FrameCache cache, VideoTextDataset dataset, ClipTokenizer tokenizer, LoaderOptions? options = null, bool ownsCache = false)
    {
        this.ownsCache = ownsCache;
        Options = options ?? new LoaderOptions();
        Options.Validate();
        this.cache = cache;
        Dataset = dataset;
        Sampling = Options.Sampling ?? dataset.Sampling;
        tokens = tokenizer.EncodeMaxWords(dataset.Captions.Select(c => c.Text).ToArray(), Options.MaxWords);

        var perVideo = dataset.CaptionsPerVideo();
        var cached = new List<(int, int, int[])>();
        var uncached = new List<string>();
        for (int v = 0; v < dataset.Videos.Count; v++)
        {
            int record = cache.RecordOf(dataset.Videos[v].Id);
            if (record < 0) { uncached.Add(dataset.Videos[v].Id); SkippedCaptions += perVideo[v].Count; }
            else if (perVideo[v].Count > 0) cached.Add((v, record, perVideo[v].ToArray()));
        }
        videos = cached.ToArray();
        UncachedVideos = uncached;
        everyCaption = videos.SelectMany(v => v.Captions.Select(c => new TrainSample(c, v.Video, v.Record))).OrderBy(s => s.Caption).ToArray();
        if (BatchesPerEpoch == 0)
            throw new ArgumentException($"{dataset}: {SamplesPerEpoch} samples with a cached video ({uncached.Count} videos not in the cache {cache.FramesPath}), fewer than one batch of {Options.BatchSize}");
    }

    /// <summary>
    /// The samples of <paramref name="epoch"/> in training order (all of them; batch b is samples [b*B, (b+1)*B)).
    /// OneRandomCaptionPerVideo draws each video's caption from stream ("caption", epoch) of the seed; the order is a
    /// Fisher-Yates shuffle from stream ("shuffle", epoch).
    /// </summary>
    public TrainSample[] Samples(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        TrainSample[] samples;
        if (Sampling == CaptionSampling.EveryCaption) samples = (TrainSample[])everyCaption.Clone();
        else
        {
            var draw = Seeds.Stream(Options.Seed, "caption", epoch);
            samples = videos.Select(v => new TrainSample(v.Captions[draw.Next(v.Captions.Length)], v.Video, v.Record)).ToArray();
        }
        Seeds.Stream(Options.Seed, "shuffle", epoch).Shuffle(samples);
        return samples;
    }

    /// <inheritdoc/>
    /// <remarks>Batches before <paramref name="start"/> are never collated. Enumerating starts the prefetch threads;
    /// leaving the loop early (or disposing the loader) stops them.</remarks>
    public IEnumerable<VideoTextBatch> Epoch(int epoch, int start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, BatchesPerEpoch);
        ObjectDisposedException.ThrowIf(prefetches.IsDisposed, this);
        var samples = Samples(epoch);
        int size = Options.BatchSize;
        return prefetches.Stream(BatchesPerEpoch - start, (i, _) => Collated(samples.AsSpan((start + i) * size, size)),
            Options.Workers, Options.Prefetch, "tvrlab loader");
    }

    /// <summary>Collates <paramref name="samples"/> into one batch.</summary>
    public VideoTextBatch Collated(ReadOnlySpan<TrainSample> samples)
    {
        var records = new int[samples.Length];
        var captions = new int[samples.Length];
        var videoIndex = new int[samples.Length];
        for (int i = 0; i < samples.Length; i++) (records[i], captions[i], videoIndex[i]) = (samples[i].Record, samples[i].Caption, samples[i].Video);
        var video = Collate.Frames(cache, records, Options.PinMemory);
        var videoMask = Collate.FrameMask(cache, records);
        var (ids, mask) = Collate.Text(tokens, captions);
        return new VideoTextBatch(ids, mask, video, videoMask, videoIndex, captions);
    }

    /// <summary>Stops any epoch being prefetched (its consumer gets an <see cref="OperationCanceledException"/>).</summary>
    public void Dispose()
    {
        prefetches.Dispose();
        if (ownsCache) cache.Dispose();
    }
}
