using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

/// <summary>`tvrlab video probe|frames` on real files.</summary>
public class VideoCommandTests
{
    static string Video(string name) => TestPaths.SharedFile("data", "videos", name);

    static string Field(string output, string name) =>
        output.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[name.Length..].Trim();

    [Fact]
    public void ProbePrintsTheMetadata()
    {
        var (code, output, _) = CliProcess.Run("video", "probe", Video("decord_video_90.mov"));
        Assert.True(code == 0, output);
        Assert.Equal("h264 yuv420p 568x320, rotation -90, decoded as 320x568", Field(output, "video"));
        Assert.Equal("30 fps (constant)", Field(output, "frame rate"));
        Assert.Equal("3", Field(output, "frames"));
        Assert.Equal("#0 video h264", Field(output, "streams"));
    }

    [Fact]
    public void FramesPrintsTimesShapeAndMaskAndSavesAStrip()
    {
        var strip = Path.Combine(TestPaths.NewTempDir("cli-strip"), "strip.png");
        var (code, output, _) = CliProcess.Run("video", "frames", Video("ffc_input_3sec.mp4"), "--max-frames", "4", "--size", "32", "--strip", strip);
        Assert.True(code == 0, output);
        Assert.Equal("0 25 50", Field(output, "frames"));
        Assert.Equal("0.000 1.000 2.000", Field(output, "times"));
        Assert.Equal("torch.float32 [4, 3, 32, 32]", Field(output, "tensor"));
        Assert.Equal("1 1 1 0", Field(output, "mask"));
        Assert.Equal($"{strip} (128x32)", Field(output, "strip"));
        Assert.True(new FileInfo(strip).Length > 100);
    }

    [Fact]
    public void FramesTakesAWindowAndTheOtherPolicies()
    {
        var (code, output, _) = CliProcess.Run("video", "frames", Video("mma_test.mp4"), "--policy", "window", "--start", "3", "--end", "6.5", "--size", "16");
        Assert.True(code == 0, output);
        Assert.Equal("90 120 150 180", Field(output, "frames"));
        Assert.Equal("clip4clip (max_frames 12, 1 fps, uniform slice, window 3-6 s)", Field(output, "sampler"));

        (code, output, _) = CliProcess.Run("video", "frames", Video("mma_test.mp4"), "--policy", "uniform", "--max-frames", "3", "--resize", "stretch", "--size", "16");
        Assert.True(code == 0, output);
        Assert.Equal("0 149 299", Field(output, "frames"));

        (code, output, _) = CliProcess.Run("video", "frames", Video("mma_test.mp4"), "--policy", "middle", "--size", "16");
        Assert.True(code == 0, output);
        Assert.Equal("150", Field(output, "frames"));
        Assert.Equal("torch.float32 [1, 3, 16, 16]", Field(output, "tensor"));
    }

    [Theory]
    [InlineData("probe")]
    [InlineData("frames")]
    public void ABadFileExitsNonZeroWithOneLine(string sub)
    {
        var path = Video("ffc_input_audio_only_10sec.mp4");
        var (code, _, stderr) = CliProcess.Run("video", sub, path);
        Assert.Equal(1, code);
        Assert.Equal($"error: {path}: no video stream (streams: audio aac)", stderr.Trim());
    }
}
