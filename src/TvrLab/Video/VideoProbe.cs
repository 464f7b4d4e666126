using System.Globalization;
using System.Text.Json;

namespace TvrLab.Video;

/// <summary>One stream of a media file, as ffprobe lists it.</summary>
public sealed record MediaStream(int Index, string Type, string Codec);

/// <summary>
/// What ffprobe says about a video file: the first video stream's geometry, rate and codec, every stream present, and
/// the presentation time of every video frame (from the packet timestamps: a demux-only pass, no decoding), which
/// gives the frame count and shows variable frame rate.
/// </summary>
public sealed record VideoProbe
{
    public required string Path { get; init; }
    public required string Format { get; init; }
    /// <summary>Index of the video stream used (the first one that is not cover art).</summary>
    public required int StreamIndex { get; init; }
    /// <summary>Codec of the first video stream (h264, vp8, hevc, ...).</summary>
    public required string Codec { get; init; }
    public required string PixelFormat { get; init; }
    /// <summary>Coded width and height, before rotation.</summary>
    public required int Width { get; init; }
    public required int Height { get; init; }
    /// <summary>Display rotation in degrees from the display matrix (e.g. -90), 0 when none.</summary>
    public required int Rotation { get; init; }
    /// <summary>Nominal frame rate (ffprobe's r_frame_rate, falling back to avg_frame_rate).</summary>
    public required double Fps { get; init; }
    /// <summary>Duration in seconds: from the last frame's time plus one frame interval, else the container's.</summary>
    public required double Duration { get; init; }
    /// <summary>Presentation time of every video frame in display order, in seconds from the stream's start.</summary>
    public required double[] FrameTimes { get; init; }
    /// <summary>Video stream start minus container start, in seconds: what ffmpeg's input -ss counts from.</summary>
    public double SeekOffset { get; init; }
    public required IReadOnlyList<MediaStream> Streams { get; init; }
    /// <summary>Messages ffprobe printed although it succeeded (a damaged or truncated file).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Number of video frames (packets of the video stream with distinct presentation times).</summary>
    public int FrameCount => FrameTimes.Length;

    /// <summary>Width and height of the decoded frames: ffmpeg applies the rotation, so 90 and 270 swap them.</summary>
    public int DisplayWidth => RotationSwapsAxes ? Height : Width;
    public int DisplayHeight => RotationSwapsAxes ? Width : Height;
    bool RotationSwapsAxes => Math.Abs(Rotation) % 180 == 90;

    public bool HasAudio => Streams.Any(s => s.Type == "audio");

    /// <summary>
    /// True when frame intervals vary by more than half the typical one (container timestamp rounding, e.g. 33/34 ms in
    /// Matroska, is not variable).
    /// </summary>
    public bool IsVariableFrameRate
    {
        get
        {
            if (FrameTimes.Length < 3) return false;
            var deltas = new double[FrameTimes.Length - 1];
            for (int i = 0; i < deltas.Length; i++) deltas[i] = FrameTimes[i + 1] - FrameTimes[i];
            Array.Sort(deltas);
            double median = deltas[deltas.Length / 2];
            return deltas[0] < 0.5 * median || deltas[^1] > 1.5 * median;
        }
    }

    /// <summary>The timeline the frame samplers work on.</summary>
    public VideoTimeline Timeline => new(FrameTimes, Fps, Duration, IsVariableFrameRate);

    /// <summary>Default time limit for one ffprobe call.</summary>
    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Probes <paramref name="path"/>. Throws <see cref="VideoException"/> naming the file and the cause when it is
    /// missing, empty, not a media file, has no video stream or no video frames.
    /// </summary>
    public static VideoProbe Run(string path, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new VideoException(path, "file not found");
        if (info.Length == 0) throw new VideoException(path, "empty file (0 bytes)");

        var result = FfmpegTool.Run(FfmpegTool.FfprobePath, path,
        [
            "-v", "error", "-hide_banner", "-of", "json",
            "-show_entries",
            "format=format_name,duration,start_time" +
            ":stream=index,codec_type,codec_name,width,height,pix_fmt,r_frame_rate,avg_frame_rate,start_time" +
            ":stream_side_data=rotation:stream_tags=rotate:stream_disposition=attached_pic" +
            ":packet=stream_index,pts_time,dts_time",
            path,
        ], timeout ?? DefaultTimeout, cancel);
        if (result.ExitCode != 0)
            throw new VideoException(path, $"not a readable media file ({FfmpegTool.Cause(result.Stderr, path, $"ffprobe exit code {result.ExitCode}")})");
        try
        {
            return Parse(path, result.Stdout, result.Stderr);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new VideoException(path, $"unexpected ffprobe output ({e.Message})", e);
        }
    }

    static VideoProbe Parse(string path, string json, IReadOnlyList<string> stderr)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var streams = new List<MediaStream>();
        JsonElement? video = null;
        if (root.TryGetProperty("streams", out var ss))
            foreach (var s in ss.EnumerateArray())
            {
                var type = Str(s, "codec_type") ?? "unknown";
                streams.Add(new MediaStream(s.GetProperty("index").GetInt32(), type, Str(s, "codec_name") ?? "unknown"));
                // The first video stream that is not cover art (an attached picture).
                bool coverArt = s.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.GetInt32() == 1;
                if (type == "video" && !coverArt && video is null) video = s;
            }
        var streamList = string.Join(", ", streams.Select(s => $"{s.Type} {s.Codec}"));
        if (video is not { } v)
            throw new VideoException(path, streams.Count == 0 ? "no streams" : $"no video stream (streams: {streamList})");

        int videoIndex = v.GetProperty("index").GetInt32();
        var format = root.TryGetProperty("format", out var f) ? f : default;
        double formatDuration = Num(format, "duration") ?? 0;
        double streamStart = Num(v, "start_time") ?? 0;
        double fps = Rate(Str(v, "r_frame_rate")) is > 0 and var r ? r : Rate(Str(v, "avg_frame_rate"));

        // Frame times: every packet of the video stream, by presentation time (dts when pts is missing), sorted into
        // display order (B-frames arrive out of order).
        var times = new List<double>();
        if (root.TryGetProperty("packets", out var packets))
            foreach (var p in packets.EnumerateArray())
                if (p.GetProperty("stream_index").GetInt32() == videoIndex && (Num(p, "pts_time") ?? Num(p, "dts_time")) is { } t)
                    times.Add(t - streamStart);
        times.Sort();
        // A packet that shares its time with another shows no frame of its own (VP8/VP9 alt-reference frames): keep one.
        times = times.Where((t, i) => i == 0 || t - times[i - 1] > 1e-9).ToList();
        if (times.Count == 0)
            throw new VideoException(path, $"no video frames (video stream {Str(v, "codec_name")} has no packets)");
        if (fps <= 0) fps = times.Count > 1 ? (times.Count - 1) / (times[^1] - times[0]) : 1;

        double duration = times[^1] + 1 / fps;
        if (!(duration > 0)) duration = formatDuration;

        return new VideoProbe
        {
            Path = path,
            Format = Str(format, "format_name") ?? "unknown",
            StreamIndex = videoIndex,
            Codec = Str(v, "codec_name") ?? "unknown",
            PixelFormat = Str(v, "pix_fmt") ?? "unknown",
            Width = v.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
            Height = v.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
            Rotation = RotationOf(v),
            Fps = fps,
            Duration = duration,
            FrameTimes = times.ToArray(),
            SeekOffset = streamStart - (Num(format, "start_time") ?? streamStart),
            Streams = streams,
            Warnings = stderr.Count == 0 ? [] : [FfmpegTool.Cause(stderr, path, "", limit: 10)],
        };
    }

    static int RotationOf(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var sides))
            foreach (var side in sides.EnumerateArray())
                if (side.TryGetProperty("rotation", out var rot)) return (int)Math.Round(rot.GetDouble());
        if (stream.TryGetProperty("tags", out var tags) && Str(tags, "rotate") is { } tag && int.TryParse(tag, out var deg))
            return -deg; // the old "rotate" tag counts clockwise; the display matrix counter-clockwise
        return 0;
    }

    static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    static double? Num(JsonElement e, string name) =>
        Str(e, name) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>"30000/1001" → 29.97; "0/0" → 0.</summary>
    static double Rate(string? fraction)
    {
        if (fraction is null) return 0;
        var parts = fraction.Split('/');
        if (parts.Length != 2 || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out var n) ||
            !double.TryParse(parts[1], CultureInfo.InvariantCulture, out var d) || d == 0) return 0;
        return n / d;
    }
}
