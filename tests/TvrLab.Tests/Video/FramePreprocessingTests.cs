using TvrLab.Torch;
using TvrLab.Video;
using static TvrLab.Torch.torch;
using static TvrLab.Tests.Video.VideoTestFiles;

namespace TvrLab.Tests.Video;

public class FramePreprocessingTests
{
    [Theory]
    [InlineData(720, 1280, 224, 398, 0, 87)]     // int(224 * 1280 / 720) = 398
    [InlineData(256, 340, 224, 297, 0, 36)]      // left = round(36.5) = 36, half to even as Python
    [InlineData(568, 320, 397, 224, 86, 0)]      // portrait: top = round(86.5) = 86
    [InlineData(144, 176, 224, 273, 0, 24)]      // upscaling: left = round(24.5) = 24
    [InlineData(224, 224, 224, 224, 0, 0)]
    [InlineData(1, 1, 224, 224, 0, 0)]
    public void ShortSideGeometryFollowsTorchvision(int h, int w, int rh, int rw, int top, int left) =>
        Assert.Equal((rh, rw, top, left), FramePreprocessing.Clip4Clip.Geometry(h, w));

    [Theory]
    [InlineData("mma_test.mp4", 224, "pil_mma_test_224.png")]                              // 340x256 → 297x224 → crop
    [InlineData("skv_carphone_distorted.mp4", 224, "pil_skv_carphone_distorted_224.png")]  // upscaling
    [InlineData("ffc_input_3sec.mp4", 64, "pil_ffc_input_3sec_64.png")]                    // 1280x720 → 113x64: strong antialiasing
    public void ShortSideResizeMatchesClipsPilTransform(string video, int size, string reference)
    {
        // Reference: CLIP's transform, PIL Resize(size, BICUBIC) + CenterCrop(size), on the same decoded frame
        // (Fixtures/make_pil_reference.py). PIL resamples in 8-bit fixed point, libtorch in float: they differ by
        // rounding only.
        using var scope = NewDisposeScope();
        var probe = VideoProbe.Run(Shared(video));
        var rgb = new byte[FrameDecoder.FrameBytes(probe)];
        FrameDecoder.DecodeInto(probe, [0], rgb);
        var frame = tensor(rgb, [1, probe.DisplayHeight, probe.DisplayWidth, 3]);
        var ours = new FramePreprocessing(size).ToUInt8(frame);
        Assert.Equal([1L, 3, size, size], ours.shape);

        var pil = Ffmpeg("-i", Fixture(reference), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1");
        var oursHwc = ours[0].permute(1, 2, 0).contiguous().ToArray<byte>();
        // Measured with Python's torch 1.13 against PIL 9.4 on these frames: mean 0.07-0.14, at most 0.04 % of values
        // off by more than 1, max 5 (PIL clips to 8 bits between its horizontal and vertical passes).
        int maxDiff = 0, offByMore = 0;
        for (int i = 0; i < pil.Length; i++)
        {
            int d = Math.Abs(pil[i] - oursHwc[i]);
            maxDiff = Math.Max(maxDiff, d);
            if (d > 1) offByMore++;
        }
        Assert.InRange(MeanAbsDiff(pil, oursHwc), 0, 0.2);
        Assert.InRange((double)offByMore / pil.Length, 0, 0.001);
        Assert.InRange(maxDiff, 0, 6);
    }

    [Fact]
    public void StretchResizesToTheSquareWithoutCropping()
    {
        using var scope = NewDisposeScope();
        // A horizontal ramp 0..255 over 512 columns, 64 rows: stretched to 32 x 32 it stays a ramp end to end.
        var ramp = arange(512).div(2.0).floor().to(uint8).view(1, 1, 512, 1).expand(1, 64, 512, 3).contiguous();
        var out_ = new FramePreprocessing(32, FrameResize.Stretch).ToUInt8(ramp);
        Assert.Equal([1L, 3, 32, 32], out_.shape);
        var row = out_[0, 0, 5].ToArray<byte>();
        Assert.InRange((int)row[0], 2, 6);        // mean of columns 0..15 ≈ 3.75
        Assert.InRange((int)row[^1], 249, 253);   // mean of columns 496..511 ≈ 251.75
        for (int i = 1; i < row.Length; i++) Assert.True(row[i] > row[i - 1]);
    }

    [Fact]
    public void NormalizeUsesClipMeanAndStd()
    {
        using var scope = NewDisposeScope();
        var frames = tensor(new byte[] { 0, 255, 128, 0, 255, 128 }, [1, 3, 1, 2]);
        var x = FramePreprocessing.Normalize(frames).ToArray<float>();
        double[] mean = [0.48145466, 0.4578275, 0.40821073], std = [0.26862954, 0.26130258, 0.27577711];
        double[] pixels = [0, 255, 128, 0, 255, 128];
        for (int i = 0; i < 6; i++)
            Assert.Equal((pixels[i] / 255 - mean[i / 2]) / std[i / 2], x[i], 5);
    }

    [Fact]
    public void ClipIsPaddedWithZerosAfterNormalisation()
    {
        using var scope = NewDisposeScope();
        using var clip = ClipReader.Read(Shared("ffc_input_3sec.mp4"), new Clip4ClipSampler(12), FramePreprocessing.Clip4Clip);
        Assert.Equal([12L, 3, 224, 224], clip.Frames.shape);
        Assert.Equal([1L, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], clip.Mask().ToArray<long>());
        var x = clip.Normalized();
        Assert.Equal(float32, x.dtype);
        Assert.Equal(0.0, x[3..].abs().sum().item<float>());
        Assert.True(x[..3].abs().sum().item<float>() > 0);
        Assert.Equal(0, clip.Frames[3..].sum().item<long>());
    }
}
