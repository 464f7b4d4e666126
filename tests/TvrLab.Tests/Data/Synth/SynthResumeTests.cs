using TvrLab.Data.Synth;
using TvrLab.Testing;

namespace TvrLab.Tests.Data.Synth;

/// <summary>A 12-video dataset generated once, cleanly: the reference that resumed runs must reproduce byte for byte.</summary>
public sealed class ReferenceRunFixture : IDisposable
{
    public static readonly SynthOptions Options = SynthOptions.Tiny with { Videos = 12, TestVideos = 4 };
    public string Dir { get; } = TestPaths.NewTempDir("synth-ref");
    public SynthReport Report { get; }

    public ReferenceRunFixture() => Report = SynthGenerator.GenerateAsync(Options, Dir).GetAwaiter().GetResult();

    /// <summary>SHA-256 of every file under a folder, by relative path.</summary>
    public static SortedDictionary<string, string> Hashes(string dir) =>
        new(Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), SynthFiles.Sha256), StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(Dir, true);
}

/// <summary>Generation is resumable, writes through temporary names, and records and skips failed videos.</summary>
public sealed class SynthResumeTests(ReferenceRunFixture reference) : IClassFixture<ReferenceRunFixture>
{
    static SynthOptions Options => ReferenceRunFixture.Options;

    sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    string CopyOfReference(string name)
    {
        var dir = TestPaths.NewTempDir(name);
        foreach (var f in Directory.GetFiles(reference.Dir, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir, Path.GetRelativePath(reference.Dir, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
        return dir;
    }

    /// <summary>A stand-in ffmpeg: a shell script that misbehaves on any batch holding one video and runs the real ffmpeg otherwise.</summary>
    static FfmpegEncoder Misbehaving(string dir, string video, string action)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the stand-in encoder is a POSIX shell script");
        var script = Path.Combine(dir, "fake-ffmpeg.sh");
        File.WriteAllText(script, $"#!/bin/sh\ncase \"$*\" in */{video}.mp4.tmp*) {action};; esac\nexec ffmpeg \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new FfmpegEncoder(script);
    }

    [Fact]
    public async Task TheSameRunTwiceGivesIdenticalFilesIncludingTheVideosWhateverTheEncoderBatches()
    {
        Assert.True(reference.Report.Complete);
        Assert.Equal((12, 0), (reference.Report.Rendered, reference.Report.Kept));
        var dir = TestPaths.NewTempDir("synth-again");
        try
        {
            // The reference ran 2-3 videos per ffmpeg; here every video gets its own ffmpeg, on one worker.
            await SynthGenerator.GenerateAsync(Options with { VideosPerEncoder = 1, Parallelism = 1 }, dir);
            Assert.Equal(ReferenceRunFixture.Hashes(reference.Dir), ReferenceRunFixture.Hashes(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task DeletedTruncatedAndSameSizeCorruptedVideosAreRenderedAgainAndTheRestKept()
    {
        var dir = CopyOfReference("synth-damaged");
        try
        {
            File.Delete(Path.Combine(dir, "videos", "video3.mp4"));
            using (var f = File.OpenWrite(Path.Combine(dir, "videos", "video5.mp4"))) f.SetLength(100);
            var flipped = Path.Combine(dir, "videos", "video7.mp4");
            var bytes = File.ReadAllBytes(flipped);
            bytes[^1] ^= 0xFF;
            File.WriteAllBytes(flipped, bytes);

            var sizeOnly = await SynthGenerator.GenerateAsync(Options, dir, verifyHashes: false);
            Assert.Equal((2, 10), (sizeOnly.Rendered, sizeOnly.Kept)); // a same-size change is only caught by the hash
            var hashed = await SynthGenerator.GenerateAsync(Options, dir);
            Assert.Equal((1, 11), (hashed.Rendered, hashed.Kept));
            Assert.Equal(ReferenceRunFixture.Hashes(reference.Dir), ReferenceRunFixture.Hashes(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task ARunCancelledMidwayResumesToTheSameDataset()
    {
        var dir = TestPaths.NewTempDir("synth-cancel");
        try
        {
            using var cts = new CancellationTokenSource();
            var progress = new Inline<SynthProgress>(p => { if (p.Stage == "videos" && p.Done >= 4) cts.Cancel(); });
            var oneAtATime = Options with { Parallelism = 1, VideosPerEncoder = 2 };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SynthGenerator.GenerateAsync(oneAtATime, dir, progress, ct: cts.Token));
            Assert.False(File.Exists(Path.Combine(dir, SynthFiles.Manifest)));
            var finished = Directory.GetFiles(Path.Combine(dir, "videos"), "*.mp4").Length;
            Assert.Equal(4, finished);
            // What a hard kill can leave: a half-written video under its temporary name and a torn state line.
            File.WriteAllText(Path.Combine(dir, "videos", "video11.mp4.tmp"), "partial");
            File.AppendAllText(Path.Combine(dir, RenderState.FileName), "{\"video_id\":\"video11\",\"ke");

            var resumed = await SynthGenerator.GenerateAsync(Options, dir);
            Assert.True(resumed.Complete);
            Assert.Equal(finished, resumed.Kept);
            Assert.Equal(12 - finished, resumed.Rendered);
            Assert.Equal(ReferenceRunFixture.Hashes(reference.Dir), ReferenceRunFixture.Hashes(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task AFailingVideoIsRecordedAndSkippedAndTheRerunCompletesIt()
    {
        var dir = TestPaths.NewTempDir("synth-fail");
        try
        {
            var failing = Misbehaving(dir, "video2", "echo 'simulated encoder crash' >&2; exit 3");
            var report = await SynthGenerator.GenerateAsync(Options, dir, encoder: failing);
            var failure = Assert.Single(report.Failures);
            Assert.Equal("video2", failure.VideoId);
            Assert.Contains("simulated encoder crash", failure.Error);
            Assert.Contains("exit 3", failure.Error);
            Assert.Equal(11, report.Rendered); // its batch was retried video by video
            Assert.False(File.Exists(Path.Combine(dir, SynthFiles.Manifest)));
            Assert.False(File.Exists(Path.Combine(dir, "videos", "video2.mp4.tmp")));

            var rerun = await SynthGenerator.GenerateAsync(Options, dir);
            Assert.Equal((1, 11, true), (rerun.Rendered, rerun.Kept, rerun.Complete));
            File.Delete(Path.Combine(dir, "fake-ffmpeg.sh"));
            Assert.Equal(ReferenceRunFixture.Hashes(reference.Dir), ReferenceRunFixture.Hashes(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task AHangingEncoderIsKilledAtTheTimeoutAndReported()
    {
        var dir = TestPaths.NewTempDir("synth-hang");
        try
        {
            var hanging = Misbehaving(dir, "video1", "sleep 60");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // 10 s: far above a real encode of these tiny videos even on a loaded 2-core machine (2 s timed out a real one
            // under a parallel test run), far below the hanging encoder's 60 s
            var report = await SynthGenerator.GenerateAsync(Options with { EncodeTimeout = TimeSpan.FromSeconds(10), VideosPerEncoder = 3 }, dir, encoder: hanging);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(50), "the hanging encoder was not killed");
            var failure = Assert.Single(report.Failures);
            Assert.Equal("video1", failure.VideoId);
            Assert.Contains("did not finish", failure.Error);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task AFolderOfOtherSettingsIsRefusedUnlessOverwriteIsAllowed()
    {
        var dir = CopyOfReference("synth-other");
        try
        {
            var other = Options with { Seed = 5, Videos = 8, TestVideos = 2 };
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SynthGenerator.GenerateAsync(other, dir));
            Assert.Contains("seed 0", error.Message);
            Assert.Contains("seed 5", error.Message);
            Assert.Contains(dir, error.Message);

            var report = await SynthGenerator.GenerateAsync(other, dir, overwrite: true);
            Assert.True(report.Complete);
            Assert.Equal(8, report.Rendered);
            Assert.Equal(8, Directory.GetFiles(Path.Combine(dir, "videos")).Length); // video8..video11 of the old dataset are gone
        }
        finally { Directory.Delete(dir, true); }
    }
}
