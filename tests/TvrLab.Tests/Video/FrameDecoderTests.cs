using System.Diagnostics;
using TvrLab.Testing;
using TvrLab.Video;
using static TvrLab.Tests.Video.VideoTestFiles;

namespace TvrLab.Tests.Video;

/// <summary>The frames the decoder selects are exactly those a plain front-to-back ffmpeg decode gives at those indices.</summary>
public class FrameDecoderTests
{
    static byte[] Decode(VideoProbe probe, int[] frames, double? seekAfter = 2.0)
    {
        var rgb = new byte[frames.Length * FrameDecoder.FrameBytes(probe)];
        var result = FrameDecoder.DecodeInto(probe, frames, rgb, seekAfterSeconds: seekAfter);
        Assert.True(result.Complete, $"decoded {result.Decoded} of {result.Requested}");
        return rgb;
    }

    static void AssertEqualsReference(string path, int[] frames, double? seekAfter = 2.0)
    {
        var probe = VideoProbe.Run(path);
        var all = DecodeAll(path);
        Assert.Equal(probe.FrameCount * FrameDecoder.FrameBytes(probe), all.Length);
        var rgb = Decode(probe, frames, seekAfter);
        int fb = FrameDecoder.FrameBytes(probe);
        for (int i = 0; i < frames.Length; i++)
            Assert.True(rgb.AsSpan(i * fb, fb).SequenceEqual(all.AsSpan(frames[i] * fb, fb)), $"{Path.GetFileName(path)}: slot {i} (frame {frames[i]}) differs");
    }

    [Theory]
    [InlineData("mma_test.mp4", new[] { 0, 30, 150, 299 })]
    [InlineData("ffc_input_3sec.mp4", new[] { 0, 25, 50, 74 })]
    [InlineData("ffc_input_3sec.webm", new[] { 0, 1, 2, 47, 89 })]   // VP8: 96 packets, 6 of them hidden alt-ref frames
    [InlineData("skv_carphone_distorted.mp4", new[] { 0, 29, 58, 87, 116 })]
    public void SelectedFramesEqualAFullDecode(string name, int[] frames) => AssertEqualsReference(Shared(name), frames);

    [Theory]
    [InlineData("mma_test.mp4", new[] { 150, 151, 200, 299 })]
    [InlineData("decord_flipping_a_pancake.mkv", new[] { 150, 200, 309 })]   // its audio starts 7 ms before the video
    public void SeekingToALateFirstFrameGivesTheSameFrames(string name, int[] frames)
    {
        AssertEqualsReference(Shared(name), frames, seekAfter: 2.0);   // seeks: the first frame is 5 s in
        AssertEqualsReference(Shared(name), frames, seekAfter: null);  // decodes from the start
    }

    [Fact]
    public void RepeatedFramesFillEverySlot() =>
        AssertEqualsReference(Shared("mma_test.mp4"), [0, 0, 30, 30, 30, 299]);

    [Fact]
    public void BFramesComeInDisplayOrder()
    {
        // decord's unordered.mov (I B B P, four white frames) and a moving pattern coded with up to 3 B-frames in a
        // row: packets arrive in decode order, frames are numbered in display order.
        for (int i = 0; i < 4; i++) AssertEqualsReference(Shared("decord_unordered.mov"), [i]);

        var path = Generate(TestPaths.NewTempDir("dec-bframes"), "bframes.mp4", "testsrc=s=64x48:r=25:d=2",
            "-c:v", "libx264", "-bf", "3", "-g", "12", "-pix_fmt", "yuv420p");
        Assert.Contains("B", Ffprobe("-show_entries", "frame=pict_type", "-of", "csv=p=0", path));
        int[] frames = [1, 2, 3, 13, 14, 30, 49];
        AssertEqualsReference(path, frames);
        var probe = VideoProbe.Run(path);
        var rgb = Decode(probe, frames);
        int fb = FrameDecoder.FrameBytes(probe);
        for (int i = 1; i < frames.Length; i++) Assert.False(rgb.AsSpan((i - 1) * fb, fb).SequenceEqual(rgb.AsSpan(i * fb, fb)));
    }

    [Fact]
    public void VariableFrameRateFramesFollowTheirTimes()
    {
        var path = VideoProbeTests.MakeVfr(TestPaths.NewTempDir("dec-vfr"));
        var probe = VideoProbe.Run(path);
        var sample = new Clip4ClipSampler(12).Sample(probe.Timeline);
        Assert.Equal([0, 10, 20, 50, 80, 110], sample.FrameIndices);
        Assert.Equal([0, 1, 2, 3, 4, 5], sample.Times.Select(t => Math.Round(t, 3)));
        AssertEqualsReference(path, sample.FrameIndices);
    }

    [Fact]
    public void RotationMetadataIsApplied()
    {
        // decord's video_90.mov: coded 568x320 with a -90 degree display matrix → frames come out 320x568, turned
        // clockwise: rotated[r][c] = coded[H - 1 - c][r].
        var path = Shared("decord_video_90.mov");
        var probe = VideoProbe.Run(path);
        var rotated = Decode(probe, [0]);
        Assert.Equal(320 * 568 * 3, rotated.Length);
        var coded = DecodeAll(path, autorotate: false)[..(568 * 320 * 3)];
        const int W = 568, H = 320;   // coded
        var clockwise = new byte[coded.Length];
        var counter = new byte[coded.Length];
        for (int r = 0; r < W; r++)
            for (int c = 0; c < H; c++)
                for (int k = 0; k < 3; k++)
                {
                    clockwise[(r * H + c) * 3 + k] = coded[((H - 1 - c) * W + r) * 3 + k];
                    counter[(r * H + c) * 3 + k] = coded[(c * W + (W - 1 - r)) * 3 + k];
                }
        // Rotation happens before the RGB conversion, so chroma is resampled differently: near, not bit-exact.
        Assert.InRange(MeanAbsDiff(rotated, clockwise), 0, 2);
        Assert.True(MeanAbsDiff(rotated, counter) > 10, "frames are turned the wrong way");
    }

    [Fact]
    public void RejectsFramesOutOfOrderOrRange()
    {
        var probe = VideoProbe.Run(Shared("ffc_input_3sec.mp4"));
        var buffer = new byte[3 * FrameDecoder.FrameBytes(probe)];
        Assert.Throws<ArgumentException>(() => FrameDecoder.DecodeInto(probe, [30, 10], buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameDecoder.DecodeInto(probe, [75], buffer));
        Assert.Throws<ArgumentException>(() => FrameDecoder.DecodeInto(probe, [0, 1, 2, 3], buffer));
    }

    [Fact]
    public void AHangingDecodeIsStoppedAtItsTimeLimit()
    {
        // A FIFO nobody writes to: ffmpeg blocks opening it forever.
        var fifo = MakeFifo("dec-timeout");
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<VideoException>(() => FrameDecoder.DecodeInto(FakeProbe(fifo), [0], new byte[3], timeout: TimeSpan.FromSeconds(1)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15));
        Assert.Equal(fifo + ": ffmpeg did not finish within 1 s and was stopped", e.Message);
        AssertNoProcessReads(fifo);
    }

    [Fact]
    public void CancellationStopsTheDecoder()
    {
        var fifo = MakeFifo("dec-cancel");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        Assert.ThrowsAny<OperationCanceledException>(() => FrameDecoder.DecodeInto(FakeProbe(fifo), [0], new byte[3], cancel: cancel.Token));
        AssertNoProcessReads(fifo);
    }

    static string MakeFifo(string name)
    {
        var path = Path.Combine(TestPaths.NewTempDir(name), "stuck.mp4");
        Process.Start("mkfifo", [path])!.WaitForExit();
        return path;
    }

    static VideoProbe FakeProbe(string path) => new()
    {
        Path = path, Format = "mp4", StreamIndex = 0, Codec = "h264", PixelFormat = "yuv420p", Width = 1, Height = 1, Rotation = 0,
        Fps = 1, Duration = 1, FrameTimes = [0], Streams = [new MediaStream(0, "video", "h264")],
    };

    /// <summary>No process (ffmpeg included) has <paramref name="path"/> on its command line any more.</summary>
    static void AssertNoProcessReads(string path)
    {
        Thread.Sleep(200);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            Assert.DoesNotContain(path, cmdline);
        }
    }
}
