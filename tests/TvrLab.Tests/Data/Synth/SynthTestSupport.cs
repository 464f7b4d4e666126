using System.Diagnostics;
using TvrLab.Data.Synth;
using TvrLab.Testing;

namespace TvrLab.Tests.Data.Synth;

/// <summary>The tiny preset, generated once with real ffmpeg for every test of the "SynthVTT tiny" collection.</summary>
public sealed class TinyDatasetFixture : IDisposable
{
    public string Dir { get; } = TestPaths.NewTempDir("synth-tiny");
    public SynthReport Report { get; }
    public SynthDataset Dataset => Report.Dataset;
    readonly Lazy<IReadOnlyList<DecodedVideo>> decoded;

    public TinyDatasetFixture()
    {
        Report = SynthGenerator.GenerateAsync(SynthOptions.Tiny, Dir).GetAwaiter().GetResult();
        decoded = new(() => DecodedVideo.DecodeAll(Dataset.Entries.Select(e => (SynthGenerator.VideoPath(Dir, e.Video), e.Video.FrameCount)).ToList(),
            Dataset.Settings.Width, Dataset.Settings.Height));
    }

    /// <summary>The decoded frames of a video (all videos are decoded by one ffmpeg on first use).</summary>
    public DecodedVideo Decoded(SynthVideo video) => decoded.Value[video.Index];

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

[CollectionDefinition("SynthVTT tiny")]
public sealed class TinyDatasetCollection : ICollectionFixture<TinyDatasetFixture>;

/// <summary>Decoded frames of a video, each pixel classified to a palette colour, independent of the generator's rasteriser.</summary>
public sealed class DecodedVideo
{
    public int Width { get; }
    public int Height { get; }
    public int FrameCount => classes.Count;
    /// <summary>Per frame and pixel, the palette colour shown (<see cref="None"/> for none).</summary>
    readonly IReadOnlyList<byte[]> classes;
    public const byte None = 255;

    DecodedVideo(int width, int height, IReadOnlyList<byte[]> classes) => (Width, Height, this.classes) = (width, height, classes);

    /// <summary>
    /// Decodes videos to RGB24 with the ffmpeg CLI (not the generator's code), all in one ffmpeg through the concat
    /// demuxer, and classifies each pixel. Each file's frame count is read from its MP4 sample table first, so the
    /// concatenated frames can be split between the videos.
    /// </summary>
    public static IReadOnlyList<DecodedVideo> DecodeAll(IReadOnlyList<(string Path, int Frames)> videos, int width, int height)
    {
        foreach (var (path, frames) in videos) Assert.True(Mp4SampleCount(path) == frames, $"{path}: {Mp4SampleCount(path)} frames, expected {frames}");
        var list = Path.GetTempFileName();
        File.WriteAllLines(list, videos.Select(v => $"file '{v.Path}'"));
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-hide_banner", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", list, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var frameBytes = width * height * 3;
        var rgb = new byte[frameBytes];
        var result = new List<DecodedVideo>();
        var stream = p.StandardOutput.BaseStream;
        foreach (var (path, frames) in videos)
        {
            var classes = new List<byte[]>();
            for (var f = 0; f < frames; f++)
            {
                stream.ReadExactly(rgb);
                var c = new byte[width * height];
                for (var i = 0; i < c.Length; i++) c[i] = Classify(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) is { } k ? (byte)k : None;
                classes.Add(c);
            }
            result.Add(new DecodedVideo(width, height, classes));
        }
        Assert.Equal(-1, stream.ReadByte()); // nothing beyond the expected frames
        p.WaitForExit();
        File.Delete(list);
        Assert.True(p.ExitCode == 0, $"ffmpeg could not decode the videos: {stderr.Result}");
        return result;
    }

    /// <summary>The sample count of an MP4's first video track (its <c>stsz</c> box), read without ffmpeg.</summary>
    static int Mp4SampleCount(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf("stsz"u8);
        Assert.True(at >= 4, $"{path}: no stsz box");
        // stsz: size, "stsz", version and flags, sample_size, sample_count (big-endian).
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 12, 4));
    }

    /// <summary>The palette colour a pixel shows: the nearest of the 12 colours and their texture shades, if within
    /// <see cref="Tolerance"/> (blended edge pixels between two colours fall outside and count as none).</summary>
    public static SynthColour? Classify(byte r, byte g, byte b)
    {
        SynthColour? best = null;
        var bestD = Tolerance * Tolerance;
        foreach (var c in Enum.GetValues<SynthColour>())
            foreach (var (cr, cg, cb) in new[] { Lexicon.Rgb(c), Lexicon.Shade(c) })
            {
                var d = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb);
                if (d < bestD) (best, bestD) = (c, d);
            }
        return best;
    }

    /// <summary>Euclidean RGB distance within which a pixel counts as a palette colour.</summary>
    public const int Tolerance = 50;

    /// <summary>
    /// Core pixels of colour <paramref name="c"/> in frame <paramref name="f"/> (the pixel and its four neighbours all
    /// show c, so the thin bands where anti-aliasing and chroma subsampling blend two colours into a third drop out):
    /// count and centroid (x, y in [0,1]).
    /// </summary>
    public (int Count, double X, double Y) Mask(int f, SynthColour c)
    {
        var frame = classes[f];
        int n = 0;
        double sx = 0, sy = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            if (!IsCore(frame, i, (byte)c)) continue;
            n++;
            sx += i % Width + 0.5;
            sy += i / Width + 0.5;
        }
        return n == 0 ? (0, double.NaN, double.NaN) : (n, sx / n / Width, sy / n / Height);
    }

    /// <summary>The core pixel indices of colour <paramref name="c"/> in frame <paramref name="f"/>.</summary>
    public HashSet<int> Pixels(int f, SynthColour c) => Enumerable.Range(0, Width * Height).Where(i => IsCore(classes[f], i, (byte)c)).ToHashSet();

    bool IsCore(byte[] frame, int i, byte c)
    {
        if (frame[i] != c) return false;
        int x = i % Width, y = i / Width;
        return (x == 0 || frame[i - 1] == c) && (x == Width - 1 || frame[i + 1] == c)
            && (y == 0 || frame[i - Width] == c) && (y == Height - 1 || frame[i + Width] == c);
    }

    /// <summary>Share of pixels of frame <paramref name="f"/> whose colour differs between this video and <paramref name="other"/>.</summary>
    public double DifferentPixels(DecodedVideo other, int f) => classes[f].Zip(other.classes[f]).Count(p => p.First != p.Second) / (double)(Width * Height);

    /// <summary>Share of the frame's pixels showing colour <paramref name="c"/>.</summary>
    public double Share(int f, SynthColour c) => Mask(f, c).Count / (double)(Width * Height);
}

/// <summary>Expected sizes of the generator's shapes, from their geometry (not from its rasteriser).</summary>
public static class ShapeGeometry
{
    /// <summary>Area of a shape inscribed in a circle of radius 1.</summary>
    public static double UnitArea(SynthShape s) => s switch
    {
        SynthShape.Circle => Math.PI,
        SynthShape.Ring => Math.PI * (1 - 0.4 * 0.4),
        SynthShape.Square => 2,
        SynthShape.Cross => 2 * 1.9 * 0.62 - 0.62 * 0.62,
        SynthShape.Triangle => 3 * Math.Sqrt(3) / 4,
        SynthShape.Diamond => 1.2,
        SynthShape.Hexagon => 3 * Math.Sqrt(3) / 2,
        SynthShape.Star => 10 * 0.5 * 1 * 0.5 * Math.Sin(Math.PI / 5),
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>Expected pixel area of an object at its pose.</summary>
    public static double Area(SceneObject o, Pose pose, int width, int height)
    {
        var r = Lexicon.Radius(o.Size) * pose.Scale * Math.Min(width, height);
        return UnitArea(o.Shape) * r * r;
    }
}
