using System.Diagnostics;
using System.Text;

namespace TvrLab.Data.Synth;

/// <summary>An ffmpeg run that failed: the video, the exit status and the end of ffmpeg's stderr.</summary>
public sealed class EncoderException(string message) : Exception(message);

/// <summary>
/// Encodes raw RGB24 frames to H.264 (libx264, yuv420p) in MP4 by piping them into ffmpeg's stdin. One encoder
/// thread, bit-exact flags and no metadata make the output byte-identical for the same frames and ffmpeg build.
/// </summary>
public sealed class FfmpegEncoder(string executable)
{
    /// <summary>The ffmpeg executable.</summary>
    public string Executable { get; } = executable;

    /// <summary>ffmpeg from $TVRLAB_FFMPEG, else the first <c>ffmpeg</c> on PATH.</summary>
    public static FfmpegEncoder Locate()
    {
        if (Environment.GetEnvironmentVariable("TVRLAB_FFMPEG") is { Length: > 0 } configured)
            return File.Exists(configured) ? new(configured) : throw new FileNotFoundException($"TVRLAB_FFMPEG is set to '{configured}', which does not exist");
        var name = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return new(Path.Combine(dir, name));
        throw new FileNotFoundException("ffmpeg was not found on PATH: install it (Debian/Ubuntu: apt-get install ffmpeg) or set TVRLAB_FFMPEG to its path");
    }

    /// <summary>The first line of <c>ffmpeg -version</c>, recorded in the manifest.</summary>
    public string Version()
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-version");
        using var p = Process.Start(psi) ?? throw new EncoderException($"cannot start {Executable}");
        var first = p.StandardOutput.ReadLine() ?? "";
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return first.Trim();
    }

    /// <summary>The encoder arguments after the input (also recorded in the manifest).</summary>
    public static IReadOnlyList<string> OutputArguments(SynthOptions o) =>
    [
        "-an", "-c:v", "libx264", "-preset", o.X264Preset, "-crf", o.Crf.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-pix_fmt", "yuv420p", "-g", o.Fps.ToString(System.Globalization.CultureInfo.InvariantCulture), "-threads", "1",
        "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-movflags", "+faststart", "-f", "mp4",
    ];

    /// <summary>
    /// Encodes <paramref name="frames"/> frames that <paramref name="render"/> paints into <paramref name="output"/>.
    /// Cancellation or <paramref name="timeout"/> kills ffmpeg; a failure raises <see cref="EncoderException"/> with
    /// ffmpeg's stderr. A partial output file may remain: write to a temporary name.
    /// </summary>
    public async Task EncodeAsync(string output, SynthOptions o, int frames, Action<int, byte[]> render, TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
                     "-s", $"{o.Width}x{o.Height}", "-r", o.Fps.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "pipe:0" })
            psi.ArgumentList.Add(a);
        foreach (var a in OutputArguments(o)) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(output);

        using var p = new Process { StartInfo = psi };
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.OutputDataReceived += (_, _) => { };
        if (!p.Start()) throw new EncoderException($"cannot start {Executable}");
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        await using var kill = limit.Token.Register(() => { try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } });
        string Tail() { lock (stderr) return stderr.Length > 2000 ? "..." + stderr.ToString(stderr.Length - 2000, 2000) : stderr.ToString(); }
        try
        {
            var frame = new byte[o.Width * o.Height * 3];
            var stdin = p.StandardInput.BaseStream;
            for (var f = 0; f < frames; f++)
            {
                render(f, frame);
                await stdin.WriteAsync(frame, limit.Token);
            }
            stdin.Close();
            await p.WaitForExitAsync(limit.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            ct.ThrowIfCancellationRequested();
            if (limit.IsCancellationRequested) throw new EncoderException($"ffmpeg did not finish {output} within {timeout.TotalSeconds:0} s: {Tail()}");
            await p.WaitForExitAsync(CancellationToken.None);
            throw new EncoderException($"ffmpeg stopped reading frames for {output} (exit {p.ExitCode}): {Tail()}");
        }
        if (p.ExitCode != 0) throw new EncoderException($"ffmpeg failed on {output} (exit {p.ExitCode}): {Tail()}");
    }
}
