using TvrLab.Data.Loading;
using TvrLab.Testing;
using TvrLab.Text;

namespace TvrLab.Tests.Data.Loading;

[Collection("SynthVTT cache")]
public sealed class VideoTextDataTests(SynthCacheFixture data)
{
    DataSource Source(string split, string cacheDir) => new("msrvtt", data.Dir, split, cacheDir)
    {
        Vocabulary = TestPaths.SharedFile("data", "clip", ClipVocabularyFile.FileName), Cache = SynthCacheFixture.CacheOptions,
    };

    [Fact]
    public void Open_reads_the_split_and_its_existing_cache()
    {
        using var train = VideoTextData.OpenTrain(Source("train", data.CacheDir), new LoaderOptions { BatchSize = 8, Seed = 5 });
        using var reference = new FrameCacheLoader(data.TrainCache, data.Train, SynthCacheFixture.Tokenizer, new LoaderOptions { BatchSize = 8, Seed = 5 });
        Assert.Equal(reference.Samples(0), train.Samples(0));
        using var test = VideoTextData.OpenEval(Source("test", data.CacheDir));
        Assert.Equal((4, 4), (test.VideoCount, test.caption_video.Length));
    }

    [Fact]
    public void A_missing_cache_is_built_when_the_videos_folder_is_given_and_named_when_not()
    {
        var dir = TestPaths.NewTempDir("open-build");
        try
        {
            Assert.Contains("tvrlab data cache", Assert.Throws<FileNotFoundException>(() => VideoTextData.OpenEval(Source("test", dir))).Message);
            int progress = 0;
            using var test = VideoTextData.OpenEval(Source("test", dir) with { VideosDir = data.VideosDir }, progress: _ => Interlocked.Increment(ref progress));
            Assert.Equal(4, progress);
            Assert.Equal(File.ReadAllBytes(data.TestCache.FramesPath), File.ReadAllBytes(Path.Combine(dir, "test.frames")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_cache_built_with_other_settings_is_rebuilt_from_the_videos_and_named_without_them()
    {
        var dir = TestPaths.NewTempDir("open-stale");
        try
        {
            using (VideoTextData.OpenEval(Source("test", dir) with { VideosDir = data.VideosDir })) { }
            var other = Source("test", dir) with { Cache = SynthCacheFixture.CacheOptions with { MaxFrames = 3 } };
            var e = Assert.Throws<InvalidDataException>(() => VideoTextData.OpenEval(other));
            Assert.Contains($"the cache was built with {SynthCacheFixture.CacheOptions.Describe()}, but the data source asks for {other.Cache.Describe()}", e.Message);
            Assert.Contains("test.index.json", e.Message);

            using (VideoTextData.OpenEval(other with { VideosDir = data.VideosDir })) { }
            using var rebuilt = TvrLab.Data.Cache.FrameCache.Open(dir, "test");
            Assert.Equal((3, other.Cache.Describe()), (rebuilt.Length, rebuilt.Index.Settings));
        }
        finally { Directory.Delete(dir, true); }
    }
}
