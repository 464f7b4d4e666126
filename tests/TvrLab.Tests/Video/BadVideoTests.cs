using TvrLab.Testing;
using TvrLab.Video;
using static TvrLab.Tests.Video.VideoTestFiles;

namespace TvrLab.Tests.Video;

/// <summary>Every bad file either decodes correctly or raises one VideoException naming the file and the cause.</summary>
public class BadVideoTests
{
    static readonly IFrameSampler Sampler = new Clip4ClipSampler(12);

    static VideoException Fails(string path)
    {
        var e = Assert.Throws<VideoException>(() => { using var _ = ClipReader.Read(path, Sampler, FramePreprocessing.Clip4Clip); });
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void AudioOnlyFileHasNoVideoStream() =>
        Assert.Equal("no video stream (streams: audio aac)", Fails(Shared("ffc_input_audio_only_10sec.mp4")).Cause);

    [Fact]
    public void EmptyFile()
    {
        var path = Path.Combine(TestPaths.NewTempDir("bad-empty"), "empty.mp4");
        File.WriteAllBytes(path, []);
        Assert.Equal("empty file (0 bytes)", Fails(path).Cause);
    }

    [Fact]
    public void MissingFile() =>
        Assert.Equal("file not found", Fails(Path.Combine(TestPaths.NewTempDir("bad-missing"), "nothing.mp4")).Cause);

    [Fact]
    public void TextFileRenamedMp4()
    {
        var path = Path.Combine(TestPaths.NewTempDir("bad-text"), "notes.mp4");
        File.WriteAllText(path, "this is a caption file, not a video\n");
        Assert.Equal("not a readable media file (moov atom not found; Invalid data found when processing input)", Fails(path).Cause);
    }

    [Fact]
    public void TruncatedMp4WithIndexAtTheEnd()
    {
        // The moov atom (the index) of this file is at its end, so a truncated copy has none.
        var path = Path.Combine(TestPaths.NewTempDir("bad-trunc"), "truncated.mp4");
        File.WriteAllBytes(path, File.ReadAllBytes(Shared("ffc_input_3sec.mp4"))[..350_000]);
        Assert.Contains("moov atom not found", Fails(path).Cause);
    }

    [Fact]
    public void TruncatedMp4WithIndexAtTheStartDecodesWhatIsThere()
    {
        // faststart puts the index first: the packets present are the frames there are (119 of 300 here).
        var dir = TestPaths.NewTempDir("bad-trunc-fs");
        var whole = Path.Combine(dir, "faststart.mp4");
        Ffmpeg("-i", Shared("mma_test.mp4"), "-c", "copy", "-movflags", "+faststart", whole);
        var path = Path.Combine(dir, "truncated.mp4");
        File.WriteAllBytes(path, File.ReadAllBytes(whole)[..600_000]);

        using var clip = ClipReader.Read(path, Sampler, FramePreprocessing.Clip4Clip);
        Assert.Equal(119, clip.Probe.FrameCount);
        Assert.Equal([0, 30, 60, 90], clip.Sample.FrameIndices);   // 1 frame per second of the 3.97 s that remain
        Assert.Contains(clip.Probe.Warnings, w => w.Contains("partial file"));
        AssertFramesMatchReference(path, clip.Probe, clip.Sample.FrameIndices);
    }

    [Fact]
    public void TruncatedMatroskaDecodesWhatIsThere()
    {
        var path = Path.Combine(TestPaths.NewTempDir("bad-trunc-mkv"), "truncated.mkv");
        File.WriteAllBytes(path, File.ReadAllBytes(Shared("decord_flipping_a_pancake.mkv"))[..200_000]);
        using var clip = ClipReader.Read(path, Sampler, FramePreprocessing.Clip4Clip);
        Assert.Equal(140, clip.Probe.FrameCount);
        Assert.Equal([0, 30, 60, 90, 120], clip.Sample.FrameIndices);
        Assert.Contains(clip.Probe.Warnings, w => w.Contains("File ended prematurely"));
    }

    [Fact]
    public void CorruptBitstreamIsConcealedAndReported()
    {
        // decord's corrupted.mp4: broken NAL units; ffmpeg conceals them and still gives all 50 frames.
        using var clip = ClipReader.Read(Shared("decord_corrupted.mp4"), Sampler, FramePreprocessing.Clip4Clip);
        Assert.Equal([0, 10, 20, 30, 40], clip.Sample.FrameIndices);
        Assert.Contains(clip.Warnings, w => w.Contains("Invalid NAL unit size"));
    }

    [Fact]
    public void ZeroDecodableFrames()
    {
        // A valid index over packets of random bytes: 300 packets, nothing decodes.
        var dir = TestPaths.NewTempDir("bad-garbage");
        var whole = Path.Combine(dir, "faststart.mp4");
        Ffmpeg("-i", Shared("mma_test.mp4"), "-c", "copy", "-movflags", "+faststart", whole);
        var bytes = File.ReadAllBytes(whole);
        int mdat = bytes.AsSpan().IndexOf("mdat"u8);
        new Random(1).NextBytes(bytes.AsSpan(mdat + 64));
        var path = Path.Combine(dir, "garbage.mp4");
        File.WriteAllBytes(path, bytes);

        var cause = Fails(path).Cause;
        Assert.StartsWith("no decodable video frames (300 packets of h264; ", cause);
    }

    [Fact]
    public void OnePixelVideo()
    {
        var path = Generate(TestPaths.NewTempDir("bad-1x1"), "one.mp4", "testsrc2=s=64x64:r=10:d=1",
            "-vf", "scale=1:1", "-pix_fmt", "yuv444p", "-c:v", "libx264");
        using var clip = ClipReader.Read(path, Sampler, FramePreprocessing.Clip4Clip);
        Assert.Equal((1, 1, 10), (clip.Probe.Width, clip.Probe.Height, clip.Probe.FrameCount));
        Assert.Equal([12L, 3, 224, 224], clip.Frames.shape);
        // One pixel resized to 224 x 224 stays one colour: the decoded pixel.
        var pixel = DecodeAll(path)[..3];
        var first = clip.Frames[0].ToArray<byte>();
        for (int c = 0; c < 3; c++)
            Assert.All(first.AsSpan(c * 224 * 224, 224 * 224).ToArray(), v => Assert.Equal(pixel[c], v));
    }

    [Theory]
    [InlineData("libx265", "hevc")]
    [InlineData("libx264", "h264")]
    public void TenBitVideoDecodesToEightBitRgb(string encoder, string codec)
    {
        var dir = TestPaths.NewTempDir("bad-10bit");
        string[] x265Quiet = encoder == "libx265" ? ["-x265-params", "log-level=error"] : [];
        var path = Generate(dir, "hdr.mp4", "testsrc2=s=64x48:r=25:d=2", ["-pix_fmt", "yuv420p10le", "-c:v", encoder, .. x265Quiet]);
        var probe = VideoProbe.Run(path);
        Assert.Equal((codec, "yuv420p10le"), (probe.Codec, probe.PixelFormat));

        var sample = new Clip4ClipSampler(12).Sample(probe.Timeline);
        var rgb = new byte[sample.ValidCount * FrameDecoder.FrameBytes(probe)];
        Assert.True(FrameDecoder.DecodeInto(probe, sample.FrameIndices, rgb).Complete);
        // Against the source pattern itself (lossy coding: a small mean error; a bit-depth mix-up would be large).
        var source = Ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x48:r=25:d=2", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1");
        int fb = 64 * 48 * 3;
        for (int i = 0; i < sample.ValidCount; i++)
            Assert.InRange(MeanAbsDiff(rgb.AsSpan(i * fb, fb), source.AsSpan(sample.FrameIndices[i] * fb, fb)), 0, 6);
    }

    [Fact]
    public void WindowPastTheEndHasNoFrames()
    {
        var path = Shared("ffc_input_3sec.mp4");
        var e = Assert.Throws<VideoException>(() => ClipReader.Read(path, new Clip4ClipSampler(12, Start: 10, End: 20), FramePreprocessing.Clip4Clip));
        Assert.StartsWith("no frames to sample", e.Cause);
    }

    internal static void AssertFramesMatchReference(string path, VideoProbe probe, int[] frames)
    {
        var all = DecodeAll(path);
        int fb = FrameDecoder.FrameBytes(probe);
        var rgb = new byte[frames.Length * fb];
        Assert.True(FrameDecoder.DecodeInto(probe, frames, rgb).Complete);
        for (int i = 0; i < frames.Length; i++)
            Assert.True(rgb.AsSpan(i * fb, fb).SequenceEqual(all.AsSpan(frames[i] * fb, fb)), $"frame {frames[i]} differs");
    }
}
