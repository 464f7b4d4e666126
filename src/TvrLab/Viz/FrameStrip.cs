using System.Net;
using TvrLab.Video;

namespace TvrLab.Viz;

/// <summary>
/// Sampled frames of a video side by side as one PNG image, shown inline in notebooks, reports and retrieval
/// figures. <see cref="Tile"/> lays RGB frames out in a row; the PNG comes from the kit's encoder
/// (TvrLab.Imaging.Png) or from a file such as <c>tvrlab video frames --strip</c> writes.
/// </summary>
[TypeFormatterSource(typeof(VizFormatterSource), PreferredMimeTypes = [VizFormatterSource.HtmlMime, VizFormatterSource.PngMime, VizFormatterSource.PlainMime])]
public sealed class FrameStrip
{
    static readonly byte[] PngSignature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>A strip from PNG bytes of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public FrameStrip(byte[] png, int width, int height, string? label = null)
    {
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(PngSignature)) throw new ArgumentException("a frame strip needs PNG bytes (the PNG signature is missing)");
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"a frame strip's size must be positive, not {width}x{height}");
        (Png, Width, Height, Label) = (png, width, height, label);
    }

    public byte[] Png { get; }
    public int Width { get; }
    public int Height { get; }
    public string? Label { get; }

    /// <summary>The image as a data URI (what an img element or a plotly image trace takes).</summary>
    public string DataUri => "data:image/png;base64," + Convert.ToBase64String(Png);

    public string ToHtml() =>
        $"<figure style=\"margin:0.3em 0\"><img src=\"{DataUri}\" width=\"{Width}\" height=\"{Height}\" alt=\"{WebUtility.HtmlEncode(Label ?? "frames")}\">" +
        (Label is null ? "" : $"<figcaption>{WebUtility.HtmlEncode(Label)}</figcaption>") + "</figure>";

    public override string ToString() => $"FrameStrip({Label ?? "frames"}, {Width}x{Height})";

    /// <summary>
    /// The valid (not padded) frames of a sampled clip, left to right with a 2-pixel gap, as the model sees them
    /// (resized and cropped, before normalisation).
    /// </summary>
    public static FrameStrip Of(VideoClip clip, string? label = null)
    {
        int valid = clip.Sample.ValidCount, side = (int)clip.Frames.size(2);
        if (valid == 0) throw new ArgumentException($"{clip.Probe.Path}: the clip has no valid frames to show");
        var frames = new List<byte[]>(valid);
        for (int t = 0; t < valid; t++)
        {
            using var hwc = clip.Frames[t].permute(1, 2, 0).contiguous();   // [3, S, S] -> [S, S, 3]
            frames.Add(hwc.ToArray<byte>());
        }
        var (rgb, width, height) = Tile(frames, side, side);
        return new FrameStrip(Imaging.Png.Encode(rgb, width, height), width, height, label);
    }

    /// <summary>
    /// Lays equally sized RGB frames (rows top to bottom, 3 bytes per pixel) out left to right with
    /// <paramref name="gap"/> pixels of <paramref name="background"/> between them: the pixels of a strip.
    /// </summary>
    public static (byte[] Rgb, int Width, int Height) Tile(IReadOnlyList<byte[]> frames, int frameWidth, int frameHeight, int gap = 2,
        (byte R, byte G, byte B) background = default)
    {
        if (frames.Count == 0) throw new ArgumentException("a frame strip needs at least one frame");
        if (frameWidth < 1 || frameHeight < 1) throw new ArgumentOutOfRangeException(nameof(frameWidth), $"frame size must be positive, not {frameWidth}x{frameHeight}");
        var frameBytes = frameWidth * frameHeight * 3;
        for (int f = 0; f < frames.Count; f++)
            if (frames[f].Length != frameBytes)
                throw new ArgumentException($"frame {f} has {frames[f].Length} bytes; a {frameWidth}x{frameHeight} RGB frame has {frameBytes}");
        var width = frames.Count * frameWidth + (frames.Count - 1) * gap;
        var rgb = new byte[width * frameHeight * 3];
        for (int i = 0; i < rgb.Length; i += 3) (rgb[i], rgb[i + 1], rgb[i + 2]) = background;
        for (int f = 0; f < frames.Count; f++)
            for (int y = 0; y < frameHeight; y++)
                frames[f].AsSpan(y * frameWidth * 3, frameWidth * 3).CopyTo(rgb.AsSpan((y * width + f * (frameWidth + gap)) * 3));
        return (rgb, width, frameHeight);
    }
}
