using TvrLab.Imaging;
using TvrLab.Testing;
using static TvrLab.Tests.Video.VideoTestFiles;

namespace TvrLab.Tests.Imaging;

/// <summary>The encoder's files decode, through ffmpeg's PNG decoder, to exactly the pixels given.</summary>
public class PngTests
{
    [Theory]
    [InlineData(3, PngFilter.None, "rgb24")]
    [InlineData(3, PngFilter.Sub, "rgb24")]
    [InlineData(4, PngFilter.None, "rgba")]
    [InlineData(4, PngFilter.Sub, "rgba")]
    public void DecodesBackToTheSamePixels(int channels, PngFilter filter, string ffmpegFormat)
    {
        const int width = 37, height = 23;   // odd sizes: no row alignment to hide behind
        var pixels = new byte[width * height * channels];
        new Random(channels * 10 + (int)filter).NextBytes(pixels);
        var path = Path.Combine(TestPaths.NewTempDir("png"), "image.png");
        File.WriteAllBytes(path, Png.Encode(pixels, width, height, channels, filter));

        Assert.Equal($"png,{width},{height}", Ffprobe("-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path).Trim());
        var decoded = Ffmpeg("-i", path, "-f", "rawvideo", "-pix_fmt", ffmpegFormat, "pipe:1");
        Assert.Equal(pixels, decoded);
    }

    [Fact]
    public void SubFilterCompressesSmoothImagesBetter()
    {
        const int width = 256, height = 64;
        var ramp = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++) ramp[(y * width + x) * 3 + c] = (byte)(x * (c + 1) + y);
        Assert.True(Png.Encode(ramp, width, height, filter: PngFilter.Sub).Length < Png.Encode(ramp, width, height, filter: PngFilter.None).Length);
    }

    [Fact]
    public void SaveWritesThroughATemporaryFile()
    {
        var dir = TestPaths.NewTempDir("png-save");
        var path = Path.Combine(dir, "strip.png");
        Png.Save(path, new byte[] { 255, 0, 0, 0, 255, 0 }, 2, 1);
        Assert.Equal(new byte[] { 255, 0, 0, 0, 255, 0 }, Ffmpeg("-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"));
        Assert.Equal(["strip.png"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Crc32MatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, Png.Crc32.Compute("123456789"u8));   // the CRC-32 check value of the ISO-HDLC catalogue

    [Fact]
    public void RejectsWrongSizes()
    {
        Assert.Contains("needs 12", Assert.Throws<ArgumentException>(() => Png.Encode(new byte[10], 2, 2)).Message);
        Assert.Throws<ArgumentException>(() => Png.Encode(new byte[2], 1, 1, channels: 2));
        Assert.Throws<ArgumentException>(() => Png.Encode([], 0, 1));
    }
}
