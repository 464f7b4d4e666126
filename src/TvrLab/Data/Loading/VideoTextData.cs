using TvrLab.Data.Cache;
using TvrLab.Data.Readers;
using TvrLab.Text;

namespace TvrLab.Data.Loading;

/// <summary>
/// Where a split's data is: the annotations (a format of <see cref="DatasetReaders.Formats"/> and a file or folder),
/// the split's name, the frame-cache folder and, to build a cache that is not there yet, the videos folder and the
/// cache settings.
/// </summary>
/// <param name="Format">msrvtt, msvd, didemo, activitynet, lsmdc or vatex.</param>
/// <param name="Annotations">The annotation file or folder (a SynthVTT folder reads as msrvtt).</param>
/// <param name="Split">The split's name as the reader gives it (<c>tvrlab data stats</c> lists them), e.g. train-9k, test-1kA, train, test.</param>
/// <param name="CacheDir">The frame-cache folder (<c>tvrlab data cache --out</c>).</param>
public sealed record DataSource(string Format, string Annotations, string Split, string CacheDir)
{
    /// <summary>The videos folder; when set, a cache missing from <see cref="CacheDir"/> is built first.</summary>
    public string? VideosDir { get; init; }
    /// <summary>The settings a missing cache is built with.</summary>
    public FrameCacheOptions Cache { get; init; } = new();
    /// <summary>MSR-VTT training lists: every caption its own sample (true) or one random caption per video per epoch.</summary>
    public bool ExpandCaptions { get; init; } = true;
    /// <summary>The CLIP BPE vocabulary; null finds it where <see cref="ClipVocabularyFile.Locate"/> looks.</summary>
    public string? Vocabulary { get; init; }
}

/// <summary>
/// From annotations and a frame cache to the trainer's and evaluator's inputs in one call:
/// <code>
/// var source = new DataSource("msrvtt", "data/synthvtt-tiny", "train", "data/cache/synthvtt-tiny") { VideosDir = "data/synthvtt-tiny/videos" };
/// using var train = VideoTextData.OpenTrain(source, new LoaderOptions { BatchSize = 32, Seed = 42 });
/// using var test = VideoTextData.OpenEval(source with { Split = "test" });
/// foreach (var batch in train.Epoch(epoch)) { using var b = batch.to(device); var video = ClipImageNormalization.Apply(b.video, b.video_mask); ... }
/// </code>
/// The returned loader owns its cache (disposing it closes the memory map).
/// </summary>
public static class VideoTextData
{
    /// <summary>Reads the split of <paramref name="source"/>'s annotations (video paths resolved when a videos folder is given).</summary>
    public static VideoTextDataset Read(DataSource source) =>
        DatasetReaders.Read(source.Format, source.Annotations, source.VideosDir, expandCaptions: source.ExpandCaptions)[source.Split];

    /// <summary>
    /// Opens the split's frame cache. With a videos folder, the cache is built first when it is missing and built
    /// again when it was made with other settings or videos than <paramref name="source"/>'s (a cache is derived data);
    /// without one, a cache made with other settings is an error naming both.
    /// </summary>
    public static FrameCache OpenCache(DataSource source, VideoTextDataset dataset, Action<FrameCacheProgress>? progress = null)
    {
        var indexPath = CacheFiles.IndexPath(source.CacheDir, FrameCacheBuilder.FileSafe(dataset.Split));
        if (source.VideosDir is not null)
            FrameCacheBuilder.Build(dataset, source.CacheDir, source.Cache, progress, overwrite: true);   // returns at once when it matches
        else if (File.Exists(indexPath) && CacheFiles.ReadJson<FrameCacheIndex>(indexPath).Settings is var built && built != source.Cache.Describe())
            throw new InvalidDataException($"{indexPath}: the cache was built with {built}, but the data source asks for {source.Cache.Describe()}; " +
                                           "give the videos folder to rebuild it, or another cache folder");
        return FrameCache.Open(source.CacheDir, dataset.Split);
    }

    /// <summary>Training batches of the split (see <see cref="FrameCacheLoader"/>).</summary>
    public static FrameCacheLoader OpenTrain(DataSource source, LoaderOptions? options = null, Action<FrameCacheProgress>? progress = null)
    {
        var dataset = Read(source);
        var tokenizer = LoadTokenizer(source);
        var cache = OpenCache(source, dataset, progress);
        try { return new FrameCacheLoader(cache, dataset, tokenizer, options, ownsCache: true); }
        catch { cache.Dispose(); throw; }
    }

    /// <summary>Evaluation data of the split (see <see cref="CacheEvalData"/>).</summary>
    public static CacheEvalData OpenEval(DataSource source, int maxWords = 32, Action<FrameCacheProgress>? progress = null)
    {
        var dataset = Read(source);
        var tokenizer = LoadTokenizer(source);
        var cache = OpenCache(source, dataset, progress);
        try { return new CacheEvalData(cache, dataset, tokenizer, maxWords, ownsCache: true); }
        catch { cache.Dispose(); throw; }
    }

    static ClipTokenizer LoadTokenizer(DataSource source) => ClipTokenizer.Load(source.Vocabulary ?? ClipVocabularyFile.Locate());
}
