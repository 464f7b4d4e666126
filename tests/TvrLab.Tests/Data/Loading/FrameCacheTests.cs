using TvrLab.Data;
using TvrLab.Data.Cache;
using TvrLab.Testing;
using TvrLab.Video;

namespace TvrLab.Tests.Data.Loading;

[Collection("SynthVTT cache")]
public sealed class FrameCacheTests(SynthCacheFixture data)
{
    [Fact]
    public void Each_record_is_the_clip_the_reader_makes_with_zero_padding_and_the_index_holds_its_sample()
    {
        var cache = data.TrainCache;
        Assert.Equal((8, 4, 32), (cache.Count, cache.Length, cache.Size));
        Assert.Equal(4L * 3 * 32 * 32, cache.RecordBytes);
        Assert.Equal(8 * cache.RecordBytes, new FileInfo(cache.FramesPath).Length);
        Assert.Equal(data.Train.Videos.Select(v => v.Id), cache.Index.Videos.Select(v => v.Id));  // dataset order
        foreach (var video in data.Train.Videos.Take(3))
        {
            int record = cache.RecordOf(video.Id);
            using var clip = ClipReader.Read(video.Path!, SynthCacheFixture.CacheOptions.SamplerFor(video), SynthCacheFixture.CacheOptions.Preprocessing);
            Assert.True(cache.Record(record).SequenceEqual(clip.Frames.ToArray<byte>()), $"{video.Id}: cached bytes differ from ClipReader's clip");
            var entry = cache.Index.Videos[record];
            Assert.Equal(2, entry.Frames);
            Assert.Equal(clip.Sample.FrameIndices, entry.FrameIndices);
            Assert.Equal(clip.Sample.Times, entry.Times);
            Assert.Equal(new[] { true, true, false, false }, cache.Mask(record));
            Assert.All(cache.Record(record)[(2 * 3 * 32 * 32)..].ToArray(), b => Assert.Equal(0, b));
        }
        Assert.Equal(-1, cache.RecordOf("no-such-video"));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Record(8));
    }

    [Fact]
    public void The_build_reported_progress_once_per_video_and_nothing_bad()
    {
        Assert.Equal((8, 0, 0, 0, false), (data.TrainReport.Cached, data.TrainReport.Resumed, data.TrainReport.Bad.Count, data.TrainReport.Missing.Count, data.TrainReport.AlreadyComplete));
        Assert.Equal(Enumerable.Range(1, 8), data.TrainProgress.Select(p => p.Done).Order());
        Assert.All(data.TrainProgress, p => Assert.Equal(8, p.Total));
        Assert.Equal("video_id\tpath\tcause\n", File.ReadAllText(data.TrainReport.ReportPath));
        Assert.False(Directory.Exists(Path.Combine(data.CacheDir, "train.building")));
        // Built again with the same settings: nothing to do.
        var again = FrameCacheBuilder.Build(data.Train, data.CacheDir, SynthCacheFixture.CacheOptions);
        Assert.True(again.AlreadyComplete);
    }

    [Fact]
    public void An_interrupted_build_resumes_with_the_finished_videos_and_ends_byte_identical()
    {
        var dir = TestPaths.NewTempDir("cache-resume");
        try
        {
            var options = SynthCacheFixture.CacheOptions with { Workers = 1 };
            using var stop = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() =>
                FrameCacheBuilder.Build(data.Train, dir, options, p => { if (p.Done == 3) stop.Cancel(); }, cancel: stop.Token));
            var building = Path.Combine(dir, "train.building");
            var parts = Directory.GetFiles(building, "*.part");
            Assert.InRange(parts.Length, 3, 4);
            Assert.False(File.Exists(Path.Combine(dir, "train.index.json")));
            // A temporary file left by a write that was cut short is never taken for a part.
            File.WriteAllBytes(Path.Combine(building, "0000007.part.1.1.tmp"), [1, 2, 3]);

            var report = FrameCacheBuilder.Build(data.Train, dir, options);
            Assert.Equal((parts.Length, 8 - parts.Length), (report.Resumed, report.Cached));
            Assert.False(Directory.Exists(building));
            Assert.Equal(File.ReadAllBytes(data.TrainCache.FramesPath), File.ReadAllBytes(Path.Combine(dir, "train.frames")));

            // Other settings: refused unless overwriting.
            var other = options with { MaxFrames = 2 };
            Assert.Contains("other settings", Assert.Throws<InvalidOperationException>(() => FrameCacheBuilder.Build(data.Train, dir, other)).Message);
            Assert.Equal(8, FrameCacheBuilder.Build(data.Train, dir, other, overwrite: true).Cached);
            using var cache = FrameCache.Open(dir, "train");
            Assert.Equal(2, cache.Length);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Bad_videos_are_reported_not_fatal_and_missing_ones_listed()
    {
        var shared = TestPaths.SharedFile("data", "videos");
        var files = Directory.GetFiles(shared).Order().ToList();
        var dataset = new VideoTextDataset
        {
            Name = "shared", Split = "all", Evaluation = EvaluationMode.ManyCaptionsPerVideo,
            Videos = [.. files.Select(f => new VideoEntry(Path.GetFileName(f), f)), new VideoEntry("absent", null)],
            Captions = [.. files.Select(f => new Caption("a video", Path.GetFileName(f)))],
            MissingVideos = ["absent"],
        };
        // What the reader itself says about each file is what the cache must record.
        var options = new FrameCacheOptions { MaxFrames = 3, Preprocessing = new FramePreprocessing(16), Workers = 2 };
        var expectedBad = new Dictionary<string, string>();
        foreach (var f in files)
        {
            try { using var clip = ClipReader.Read(f, options.SamplerFor(new VideoEntry(f, f)), options.Preprocessing); }
            catch (VideoException e) { expectedBad[Path.GetFileName(f)] = e.Cause; }
        }
        Assert.Contains("ffc_input_audio_only_10sec.mp4", expectedBad.Keys);

        var dir = TestPaths.NewTempDir("cache-shared");
        try
        {
            var report = FrameCacheBuilder.Build(dataset, dir, options);
            Assert.Equal(expectedBad.OrderBy(b => b.Key), report.Bad.Select(b => new KeyValuePair<string, string>(b.Id, b.Cause)).OrderBy(b => b.Key));
            Assert.Equal(["absent"], report.Missing);
            Assert.Equal(files.Count - expectedBad.Count, report.Cached);
            var lines = File.ReadAllLines(report.ReportPath);
            Assert.Equal("video_id\tpath\tcause", lines[0]);
            Assert.Contains("absent\t\tvideo file not found", lines);
            Assert.Contains(lines, l => l.StartsWith("ffc_input_audio_only_10sec.mp4\t" + Path.Combine(shared, "ffc_input_audio_only_10sec.mp4") + "\t", StringComparison.Ordinal));
            using var cache = FrameCache.Open(dir, "all");
            Assert.Equal(report.Cached, cache.Count);
            Assert.All(expectedBad.Keys, id => Assert.Equal(-1, cache.RecordOf(id)));
            // The rotated video is stored upright as the reader gives it.
            var rotated = cache.RecordOf("decord_video_90.mov");
            using var upright = ClipReader.Read(Path.Combine(shared, "decord_video_90.mov"), options.SamplerFor(dataset.Videos[0]), options.Preprocessing);
            Assert.True(cache.Record(rotated).SequenceEqual(upright.Frames.ToArray<byte>()));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Opening_a_damaged_or_absent_cache_names_the_file()
    {
        var dir = TestPaths.NewTempDir("cache-damaged");
        try
        {
            Assert.Contains("tvrlab data cache", Assert.Throws<FileNotFoundException>(() => FrameCache.Open(dir, "train")).Message);
            File.Copy(Path.Combine(data.CacheDir, "train.index.json"), Path.Combine(dir, "train.index.json"));
            File.WriteAllBytes(Path.Combine(dir, "train.frames"), new byte[100]);
            var e = Assert.Throws<InvalidDataException>(() => FrameCache.Open(dir, "train"));
            Assert.Contains(Path.Combine(dir, "train.frames"), e.Message);
            Assert.Contains("100 bytes", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_closed_cache_refuses_reads()
    {
        var cache = FrameCache.Open(data.CacheDir, "train");
        cache.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cache.CopyTo(0, new byte[cache.RecordBytes]));
        Assert.Throws<ObjectDisposedException>(() => cache.Frames(0));
    }
}
