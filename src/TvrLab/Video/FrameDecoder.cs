using System.Globalization;

namespace TvrLab.Video;

/// <summary>
/// Decodes chosen frames of a video to RGB24 (8-bit, display orientation: ffmpeg applies rotation metadata) with one
/// ffmpeg process whose <c>select</c> filter passes only the wanted frames, streamed over stdout one frame-sized chunk
/// at a time. Decoding stops after the last wanted frame, and when the first one is far into the video ffmpeg seeks
/// to it first, so long videos are neither decoded to the end nor held in memory.
/// </summary>
public static class FrameDecoder
{
    /// <summary>Default time limit for one decode.</summary>
    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Bytes of one decoded frame: display width x height x 3.</summary>
    public static int FrameBytes(VideoProbe video) => checked(video.DisplayWidth * video.DisplayHeight * 3);

    /// <summary>
    /// Decodes <paramref name="frames"/> (display-order indices, non-decreasing, repeats allowed) into
    /// <paramref name="destination"/>, frame i at bytes [i * FrameBytes, (i + 1) * FrameBytes) as rows of RGB.
    /// Returns how many of the distinct frames were decoded, and ffmpeg's complaints: fewer frames than asked means
    /// the file holds fewer decodable frames than its packets promised (<see cref="ClipReader"/> recounts then); all
    /// of them with complaints means a damaged stream that the decoder concealed. Throws <see cref="VideoException"/>
    /// when ffmpeg cannot start or times out.
    /// </summary>
    /// <param name="seekAfterSeconds">ffmpeg seeks (input -ss) when the first wanted frame is at least this far in; null never seeks.</param>
    public static unsafe DecodeResult DecodeInto(VideoProbe video, IReadOnlyList<int> frames, Span<byte> destination,
        TimeSpan? timeout = null, double? seekAfterSeconds = 2.0, CancellationToken cancel = default)
    {
        int frameBytes = FrameBytes(video);
        if (destination.Length < (long)frames.Count * frameBytes)
            throw new ArgumentException($"destination holds {destination.Length} bytes; {frames.Count} frames need {(long)frames.Count * frameBytes}");
        for (int i = 0; i < frames.Count; i++)
        {
            if (frames[i] < 0 || frames[i] >= video.FrameCount)
                throw new ArgumentOutOfRangeException(nameof(frames), $"frame {frames[i]} is outside 0..{video.FrameCount - 1}");
            if (i > 0 && frames[i] < frames[i - 1]) throw new ArgumentException("frames must be in non-decreasing order", nameof(frames));
        }
        var distinct = frames.Distinct().ToArray();
        if (distinct.Length == 0) return new DecodeResult(0, 0, []);

        // Seek to just before the first wanted frame (half way from the previous one); frame numbers then count from it.
        int first = distinct[0];
        double? seek = null;
        if (seekAfterSeconds is { } after && first > 0 && video.FrameTimes[first] >= after)
            seek = video.SeekOffset + (video.FrameTimes[first - 1] + video.FrameTimes[first]) / 2;
        int origin = seek is null ? 0 : first;
        var select = "select='" + string.Join("+", distinct.Select(f => $"eq(n,{f - origin})")) + "'";

        var args = new List<string> { "-nostdin", "-hide_banner", "-v", "error" };
        if (seek is { } ss) args.AddRange(["-ss", ss.ToString("0.######", CultureInfo.InvariantCulture)]);
        args.AddRange(["-i", video.Path, "-map", $"0:{video.StreamIndex}", "-vf", select, "-fps_mode", "passthrough",
            "-frames:v", distinct.Length.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);

        int decoded = 0;
        FfmpegTool.Result result;
        fixed (byte* start = destination)
        {
            nint address = (nint)start;
            int length = distinct.Length * frameBytes;
            result = FfmpegTool.Run(FfmpegTool.FfmpegPath, video.Path, args, timeout ?? DefaultTimeout, cancel, stdout =>
            {
                var buffer = new Span<byte>((void*)address, length);
                while (decoded < distinct.Length &&
                       stdout.ReadAtLeast(buffer.Slice(decoded * frameBytes, frameBytes), frameBytes, throwOnEndOfStream: false) == frameBytes)
                    decoded++;
            });
        }
        var errors = result.Stderr.Count > 0 ? result.Stderr
            : result.ExitCode != 0 ? [$"ffmpeg exit code {result.ExitCode}"] : (IReadOnlyList<string>)[];

        // Spread the distinct frames over their slots, last slot first (a slot's source never lies after it).
        if (decoded == distinct.Length && distinct.Length < frames.Count)
        {
            for (int i = frames.Count - 1; i >= 0; i--)
            {
                int source = Array.BinarySearch(distinct, frames[i]);
                if (source != i) destination.Slice(source * frameBytes, frameBytes).CopyTo(destination.Slice(i * frameBytes, frameBytes));
            }
        }
        return new DecodeResult(decoded, distinct.Length, errors);
    }
}

/// <summary>What <see cref="FrameDecoder.DecodeInto"/> delivered: distinct frames decoded of those asked, and ffmpeg's stderr.</summary>
public readonly record struct DecodeResult(int Decoded, int Requested, IReadOnlyList<string> Errors)
{
    public bool Complete => Decoded == Requested;
}
