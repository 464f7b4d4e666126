using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TvrLab.Video;

/// <summary>
/// Runs ffmpeg and ffprobe (Debian's ffmpeg 5.1 or any later one on PATH). Arguments go through
/// <see cref="ProcessStartInfo.ArgumentList"/>, never a shell string; every call has a time limit, keeps the tail of
/// stderr for the error message, and kills the whole process tree on timeout or cancellation.
/// </summary>
public static partial class FfmpegTool
{
    /// <summary>The ffmpeg executable: $TVRLAB_FFMPEG, else <c>ffmpeg</c> on PATH.</summary>
    public static string FfmpegPath { get; set; } = Environment.GetEnvironmentVariable("TVRLAB_FFMPEG") is { Length: > 0 } p ? p : "ffmpeg";

    /// <summary>The ffprobe executable: $TVRLAB_FFPROBE, else <c>ffprobe</c> on PATH.</summary>
    public static string FfprobePath { get; set; } = Environment.GetEnvironmentVariable("TVRLAB_FFPROBE") is { Length: > 0 } p ? p : "ffprobe";

    /// <summary>What a finished run left: its exit code, its stdout (when not streamed) and the last lines of stderr.</summary>
    internal sealed record Result(int ExitCode, string Stdout, IReadOnlyList<string> Stderr);

    /// <summary>
    /// Runs <paramref name="tool"/> on <paramref name="videoPath"/>. When <paramref name="readStdout"/> is given it
    /// consumes stdout as a stream on this thread (whatever it leaves unread is drained); otherwise stdout is
    /// returned as text. Throws <see cref="VideoException"/> when the tool cannot start or runs past
    /// <paramref name="timeout"/>, and <see cref="OperationCanceledException"/> when <paramref name="cancel"/> fires.
    /// </summary>
    internal static Result Run(string tool, string videoPath, IEnumerable<string> arguments, TimeSpan timeout,
        CancellationToken cancel, Action<Stream>? readStdout = null)
    {
        cancel.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);

        using var process = new Process { StartInfo = start };
        var stderr = new StderrTail(64);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Add(e.Data); };
        try { process.Start(); }
        catch (Win32Exception e)
        {
            throw new VideoException(videoPath, $"cannot start {Path.GetFileName(tool)} ({e.Message}); install ffmpeg or set TVRLAB_FFMPEG / TVRLAB_FFPROBE", e);
        }
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        using var killOnLimit = limit.Token.Register(() => KillTree(process));
        string stdout = "";
        try
        {
            var output = process.StandardOutput.BaseStream;
            if (readStdout is null) stdout = process.StandardOutput.ReadToEnd();
            else
            {
                readStdout(output);
                output.CopyTo(Stream.Null);
            }
            process.WaitForExit();
        }
        catch (Exception) when (limit.IsCancellationRequested)
        {
            // Killed on timeout or cancellation: the pipe closed under the reader. Reported below.
        }
        catch
        {
            KillTree(process);
            throw;
        }

        if (limit.IsCancellationRequested && !HasExitedCleanly(process))
        {
            process.WaitForExit();
            cancel.ThrowIfCancellationRequested();
            throw new VideoException(videoPath, $"{Path.GetFileName(tool)} did not finish within {timeout.TotalSeconds:0.#} s and was stopped");
        }
        process.WaitForExit(); // flushes the asynchronous stderr reader
        return new Result(process.ExitCode, stdout, stderr.Lines());
    }

    /// <summary>
    /// The cause in ffmpeg's stderr, cleaned for a one-line message: "[mov,mp4 @ 0x..]" prefixes and the file name
    /// are removed, repeats of a message (differing only in numbers) dropped, the first <paramref name="limit"/> kept.
    /// </summary>
    internal static string Cause(IReadOnlyList<string> stderr, string videoPath, string fallback, int limit = 3)
    {
        var name = Path.GetFileName(videoPath);
        var causes = new List<string>();
        var kinds = new HashSet<string>();
        foreach (var raw in stderr)
        {
            var line = ContextPrefix().Replace(raw, "").Trim();
            foreach (var prefix in new[] { videoPath + ": ", name + ": " })
                if (line.StartsWith(prefix, StringComparison.Ordinal)) line = line[prefix.Length..];
            if (line.Length == 0 || line.StartsWith("Last message repeated", StringComparison.Ordinal)) continue;
            if (kinds.Add(Digits().Replace(line, "#"))) causes.Add(line.TrimEnd('.'));
        }
        return causes.Count == 0 ? fallback : string.Join("; ", causes.Take(limit));
    }

    [GeneratedRegex(@"^(\[[^\]]*@ ?0x[0-9a-fA-F]+\]\s*)+")]
    private static partial Regex ContextPrefix();

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex Digits();

    static bool HasExitedCleanly(Process p)
    {
        try { return p.HasExited && p.ExitCode == 0; } catch (InvalidOperationException) { return false; }
    }

    static void KillTree(Process p)
    {
        try { if (!p.HasExited) p.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already gone
        catch (Win32Exception) { }
    }

    /// <summary>The last lines of a process's stderr (thread-safe: lines arrive on a pool thread).</summary>
    sealed class StderrTail(int capacity)
    {
        readonly Queue<string> lines = new();
        public void Add(string line) { lock (lines) { lines.Enqueue(line); if (lines.Count > capacity) lines.Dequeue(); } }
        public IReadOnlyList<string> Lines() { lock (lines) return lines.ToList(); }
    }
}
