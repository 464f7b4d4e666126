using TvrLab.Data;
using TvrLab.Data.Cache;
using TvrLab.Data.Readers;
using TvrLab.Data.Synth;
using TvrLab.Testing;
using TvrLab.Text;
using TvrLab.Video;

namespace TvrLab.Tests.Data.Loading;

/// <summary>
/// A small SynthVTT folder (12 videos of 2 s at 10 fps, 5 captions each; 8 train, 4 test) generated once with real
/// ffmpeg, and its frame caches (CLIP4Clip sampling, 4 slots of 32x32: each 2 s video fills 2 slots, 2 are padding),
/// shared by the cache, loader and evaluation tests.
/// </summary>
public sealed class SynthCacheFixture : IDisposable
{
    public static readonly FrameCacheOptions CacheOptions = new() { MaxFrames = 4, Preprocessing = new FramePreprocessing(32), Workers = 2 };

    public string Dir { get; } = TestPaths.NewTempDir("synth-cache");
    public string VideosDir => Path.Combine(Dir, "videos");
    public string CacheDir => Path.Combine(Dir, "cache");
    public VideoTextDataset Train { get; }
    public VideoTextDataset Test { get; }
    public FrameCache TrainCache { get; }
    public FrameCache TestCache { get; }
    public FrameCacheReport TrainReport { get; }
    public List<FrameCacheProgress> TrainProgress { get; } = [];

    public SynthCacheFixture()
    {
        SynthGenerator.GenerateAsync(SynthOptions.Tiny with { Videos = 12, TestVideos = 4, CaptionsPerVideo = 5 }, Dir).GetAwaiter().GetResult();
        var collection = DatasetReaders.Read("msrvtt", Dir, VideosDir);
        Train = collection["train"];
        Test = collection["test"];
        TrainReport = FrameCacheBuilder.Build(Train, CacheDir, CacheOptions, p => { lock (TrainProgress) TrainProgress.Add(p); });
        FrameCacheBuilder.Build(Test, CacheDir, CacheOptions);
        TrainCache = FrameCache.Open(CacheDir, "train");
        TestCache = FrameCache.Open(CacheDir, "test");
    }

    static readonly Lazy<ClipTokenizer> tokenizer = new(() => ClipTokenizer.Load(TestPaths.SharedFile("data", "clip", ClipVocabularyFile.FileName)));

    /// <summary>CLIP's tokenizer from ../shared (loaded once).</summary>
    public static ClipTokenizer Tokenizer => tokenizer.Value;

    public void Dispose()
    {
        TrainCache.Dispose();
        TestCache.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}

[CollectionDefinition("SynthVTT cache")]
public sealed class SynthCacheCollection : ICollectionFixture<SynthCacheFixture>;
