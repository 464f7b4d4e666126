using TvrLab.Testing;
using TvrLab.Video;
using static TvrLab.Tests.Video.VideoTestFiles;

namespace TvrLab.Tests.Video;

public class VideoProbeTests
{
    [Fact]
    public void ProbesH264WithAudio()
    {
        var p = VideoProbe.Run(Shared("ffc_input_3sec.mp4"));
        Assert.Equal(("h264", 1280, 720, 0), (p.Codec, p.Width, p.Height, p.Rotation));
        Assert.Equal(25, p.Fps, 6);
        Assert.Equal(75, p.FrameCount);
        Assert.Equal(3.0, p.Duration, 6);
        Assert.Equal(0.04, p.FrameTimes[1], 6);
        Assert.True(p.HasAudio);
        Assert.Equal(["video h264", "audio aac"], p.Streams.Select(s => $"{s.Type} {s.Codec}"));
        Assert.False(p.IsVariableFrameRate);
        Assert.Empty(p.Warnings);
    }

    [Fact]
    public void ProbesMatroskaWithoutFrameCountInTheHeader()
    {
        // Matroska/WebM carry no frame count: it comes from the packets (ffprobe: 310 and 96 video packets; 6 of
        // the VP8 packets are hidden alt-reference frames sharing a time with the next frame, so 90 frames).
        var mkv = VideoProbe.Run(Shared("decord_flipping_a_pancake.mkv"));
        Assert.Equal(("h264", 426, 240, 310), (mkv.Codec, mkv.Width, mkv.Height, mkv.FrameCount));
        Assert.Equal(30, mkv.Fps, 6);
        Assert.Equal(["video h264", "audio opus"], mkv.Streams.Select(s => $"{s.Type} {s.Codec}"));
        Assert.False(mkv.IsVariableFrameRate); // 33/34 ms timestamps are rounding, not a variable rate

        var webm = VideoProbe.Run(Shared("ffc_input_3sec.webm"));
        Assert.Equal(("vp8", 640, 360, 90, false), (webm.Codec, webm.Width, webm.Height, webm.FrameCount, webm.HasAudio));
    }

    [Fact]
    public void ProbesNtscRate()
    {
        var p = VideoProbe.Run(Shared("skv_carphone_distorted.mp4"));
        Assert.Equal(30000.0 / 1001, p.Fps, 9);
        Assert.Equal((176, 144, 120), (p.Width, p.Height, p.FrameCount));
    }

    [Fact]
    public void ReportsRotationAndSwapsTheDisplaySize()
    {
        var p = VideoProbe.Run(Shared("decord_video_90.mov"));
        Assert.Equal((568, 320, -90), (p.Width, p.Height, p.Rotation));
        Assert.Equal((320, 568), (p.DisplayWidth, p.DisplayHeight));
    }

    [Fact]
    public void ListsBFrameVideoFramesInDisplayOrder()
    {
        var p = VideoProbe.Run(Shared("decord_unordered.mov")); // I B B P: packets arrive in decode order
        Assert.Equal(4, p.FrameCount);
        Assert.Equal([0, 1 / 32.0, 2 / 32.0, 3 / 32.0], p.FrameTimes.Select(t => Math.Round(t, 6)));
    }

    [Fact]
    public void DetectsVariableFrameRate()
    {
        var dir = TestPaths.NewTempDir("probe-vfr");
        var p = VideoProbe.Run(MakeVfr(dir));
        Assert.True(p.IsVariableFrameRate);
        Assert.Equal(120, p.FrameCount);
        Assert.Equal(1.0, p.FrameTimes[10], 6);
        Assert.Equal(2.0 + 1 / 30.0, p.FrameTimes[21], 6);
    }

    /// <summary>20 frames at 10 fps (0..1.9 s), then 100 at 30 fps (2.0..5.3 s).</summary>
    internal static string MakeVfr(string dir) =>
        Generate(dir, "vfr.mp4", "testsrc2=s=64x48:r=30:d=4",
            "-vf", "setpts='if(lt(N,20),N*3,60+(N-20))/(30*TB)'", "-fps_mode", "vfr", "-c:v", "libx264", "-pix_fmt", "yuv420p");
}
