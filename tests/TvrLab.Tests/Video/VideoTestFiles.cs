using System.Diagnostics;
using TvrLab.Testing;

namespace TvrLab.Tests.Video;

/// <summary>
/// Test videos: the shared real files (read in place) and small files made with ffmpeg into a scratch folder, plus
/// reference decodes by the plain ffmpeg command line.
/// </summary>
public static class VideoTestFiles
{
    public static string Shared(string name) => TestPaths.SharedFile("data", "videos", name);

    public static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "TvrLab.Tests", "Video", "Fixtures", name);

    /// <summary>Runs ffmpeg with <paramref name="args"/> and returns stdout; fails the test on a non-zero exit.</summary>
    public static byte[] Ffmpeg(params string[] args) => Run("ffmpeg", ["-nostdin", "-hide_banner", "-v", "error", "-y", .. args]);

    /// <summary>Runs ffprobe with <paramref name="args"/> and returns stdout as text.</summary>
    public static string Ffprobe(params string[] args) => System.Text.Encoding.UTF8.GetString(Run("ffprobe", ["-v", "error", .. args]));

    static byte[] Run(string tool, string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(output);
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {err.Result}");
        return output.ToArray();
    }

    /// <summary>
    /// Every frame of the first video stream as RGB24, decoded front to back by plain ffmpeg (the reference), each
    /// frame once (passthrough: no frames duplicated or dropped to make a constant rate).
    /// </summary>
    public static byte[] DecodeAll(string path, bool autorotate = true) =>
        Ffmpeg([.. autorotate ? Array.Empty<string>() : ["-noautorotate"],
            "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);

    /// <summary>Makes a file in <paramref name="dir"/> from lavfi test source <paramref name="source"/>.</summary>
    public static string Generate(string dir, string name, string source, params string[] encode)
    {
        var path = Path.Combine(dir, name);
        Ffmpeg(["-f", "lavfi", "-i", source, .. encode, path]);
        return path;
    }

    /// <summary>The mean absolute difference of two equally long byte images.</summary>
    public static double MeanAbsDiff(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0;
        for (int i = 0; i < a.Length; i++) sum += Math.Abs(a[i] - b[i]);
        return (double)sum / a.Length;
    }
}
