using System.Diagnostics;
using System.Text;

namespace TvrLab.Data.Synth;

/// <summary>One video of an encoder batch: its output file, its frame count, and the painter of frame f into an RGB24 buffer.</summary>
public sealed record EncodeJob(string Output, int Frames, Action<int, byte[]> Render);

/// <summary>An ffmpeg run that failed: the videos, the exit status and the end of ffmpeg's stderr.</summary>
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
    /// Encodes several videos with one ffmpeg: their frames go through stdin one video after the other, and a
    /// <c>split</c>/<c>trim</c> filter graph hands each video's frames to its own libx264 encoder and output file.
    /// Each file is byte-identical to encoding that video alone (the encoders share nothing), so a video's bytes do not
    /// depend on its batch, while ffmpeg's start-up (about 0.2 s of CPU) is paid once per batch.
    /// Cancellation or a timeout of <paramref name="timeoutPerVideo"/> times the batch size kills ffmpeg; a failure
    /// raises <see cref="EncoderException"/> with ffmpeg's stderr. Partial outputs may remain: write to temporary names.
    /// </summary>
    public async Task EncodeAsync(IReadOnlyList<EncodeJob> jobs, SynthOptions o, TimeSpan timeoutPerVideo, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var a in Arguments(jobs, o)) psi.ArgumentList.Add(a);
        var outputs = string.Join(", ", jobs.Select(j => Path.GetFileName(j.Output)));

        using var p = new Process { StartInfo = psi };
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.OutputDataReceived += (_, _) => { };
        if (!p.Start()) throw new EncoderException($"cannot start {Executable}");
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();

        var timeout = timeoutPerVideo * jobs.Count;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        await using var kill = limit.Token.Register(() => { try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } });
        string Tail() { lock (stderr) return stderr.Length > 2000 ? "..." + stderr.ToString(stderr.Length - 2000, 2000) : stderr.ToString(); }
        try
        {
            var frame = new byte[o.Width * o.Height * 3];
            var stdin = p.StandardInput.BaseStream;
            foreach (var job in jobs)
                for (var f = 0; f < job.Frames; f++)
                {
                    job.Render(f, frame);
                    await stdin.WriteAsync(frame, limit.Token);
                }
            stdin.Close();
            await p.WaitForExitAsync(limit.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            ct.ThrowIfCancellationRequested();
            if (limit.IsCancellationRequested) throw new EncoderException($"ffmpeg did not finish {outputs} within {timeout.TotalSeconds:0} s: {Tail()}");
            await p.WaitForExitAsync(CancellationToken.None);
            throw new EncoderException($"ffmpeg stopped reading frames for {outputs} (exit {p.ExitCode}): {Tail()}");
        }
        if (p.ExitCode != 0) throw new EncoderException($"ffmpeg failed on {outputs} (exit {p.ExitCode}): {Tail()}");
    }

    /// <summary>The whole ffmpeg command line of a batch: raw RGB24 on stdin, one filter-graph branch and output per job.</summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<EncodeJob> jobs, SynthOptions o)
    {
        var fps = o.Fps.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{o.Width}x{o.Height}", "-r", fps, "-i", "pipe:0" };
        var graph = new StringBuilder($"[0:v]split={jobs.Count}");
        for (var k = 0; k < jobs.Count; k++) graph.Append($"[in{k}]");
        for (int k = 0, first = 0; k < jobs.Count; first += jobs[k].Frames, k++)
            graph.Append($";[in{k}]trim=start_frame={first}:end_frame={first + jobs[k].Frames},setpts=PTS-STARTPTS[out{k}]");
        args.AddRange(["-filter_complex", graph.ToString()]);
        for (var k = 0; k < jobs.Count; k++)
        {
            args.AddRange(["-map", $"[out{k}]"]);
            args.AddRange(OutputArguments(o));
            args.Add(jobs[k].Output);
        }
        return args;
    }
}
