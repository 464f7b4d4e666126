using System.Globalization;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Video;

/// <summary>
/// A sampled, preprocessed clip: uint8 frames [T, 3, S, S] with zero padding after the valid frames, the sample
/// (frame indices, times, mask) and the probe it came from. Owns its tensor.
/// </summary>
public sealed class VideoClip : IDisposable
{
    public required VideoProbe Probe { get; init; }
    public required FrameSample Sample { get; init; }
    /// <summary>uint8 [T, 3, S, S]: resized and cropped, not normalised; padded slots are zero.</summary>
    public required Tensor Frames { get; init; }
    /// <summary>Messages from ffmpeg about a damaged stream that still decoded (concealed errors), else empty.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>float32 [T, 3, S, S] with CLIP's normalisation; padded slots stay zero, as CLIP4Clip's zero-filled video.</summary>
    public Tensor Normalized()
    {
        using var scope = NewDisposeScope();
        var mask = tensor(Sample.Mask, [Sample.Length, 1, 1, 1], dtype: float32);
        return scope.MoveToOuter(FramePreprocessing.Normalize(Frames) * mask);
    }

    /// <summary>The frame mask as int64 [T] (1 valid, 0 padding), CLIP4Clip's video_mask.</summary>
    public Tensor Mask() => tensor(Sample.Mask.Select(m => m ? 1L : 0L).ToArray());

    /// <summary>The frames side by side as one RGB image: (bytes, width T*S, height S), for <see cref="Imaging.Png"/>.</summary>
    public (byte[] Pixels, int Width, int Height) Strip()
    {
        using var scope = NewDisposeScope();
        long t = Frames.size(0), s = Frames.size(2);
        var pixels = Frames.permute(2, 0, 3, 1).contiguous().ToArray<byte>(); // [S, T, S, 3]: row y holds every frame's row y
        return (pixels, (int)(t * s), (int)s);
    }

    public void Dispose() => Frames.Dispose();
}

/// <summary>
/// Reads clips: probe → sample → decode the sampled frames → resize and crop. Every failure is one
/// <see cref="VideoException"/> naming the file and the cause.
/// </summary>
public static class ClipReader
{
    /// <summary>Reads a clip of <paramref name="path"/> as <paramref name="sampler"/> chooses and <paramref name="preprocessing"/> shapes it.</summary>
    public static VideoClip Read(string path, IFrameSampler sampler, FramePreprocessing preprocessing, Random? random = null,
        CancellationToken cancel = default)
    {
        var probe = VideoProbe.Run(path, cancel: cancel);
        return Read(probe, sampler, preprocessing, random, cancel);
    }

    /// <inheritdoc cref="Read(string, IFrameSampler, FramePreprocessing, Random?, CancellationToken)"/>
    public static VideoClip Read(VideoProbe probe, IFrameSampler sampler, FramePreprocessing preprocessing, Random? random = null,
        CancellationToken cancel = default)
    {
        using var scope = NewDisposeScope();
        var (sample, rgb, warnings) = DecodeSample(probe, sampler, random, cancel);
        var resized = preprocessing.ToUInt8(rgb);
        var frames = sample.ValidCount == sample.Length ? resized
            : cat([resized, zeros([sample.Length - sample.ValidCount, 3, preprocessing.Size, preprocessing.Size], dtype: uint8)], 0);
        return new VideoClip { Probe = probe, Sample = sample, Frames = scope.MoveToOuter(frames), Warnings = warnings };
    }

    /// <summary>
    /// The sampled frames as decoded, uint8 [V, H, W, 3] for the V valid slots. When the decoder delivers fewer frames
    /// than the packets promised (a damaged stream), the decodable frames are counted and the clip sampled again
    /// from those.
    /// </summary>
    public static (FrameSample Sample, Tensor Rgb, IReadOnlyList<string> Warnings) DecodeSample(VideoProbe probe, IFrameSampler sampler,
        Random? random = null, CancellationToken cancel = default)
    {
        if (probe.DisplayWidth < 1 || probe.DisplayHeight < 1)
            throw new VideoException(probe.Path, $"the video stream has no frame size ({probe.Width}x{probe.Height})");
        var timeline = probe.Timeline;
        var warnings = new List<string>(probe.Warnings);
        // The jitter must not change between a first attempt and a retry: draw it from a copy of the state.
        int seed = random?.Next() ?? 0;
        for (int attempt = 0; ; attempt++)
        {
            var sample = sampler.Sample(timeline, random is null ? null : new Random(seed));
            if (sample.ValidCount == 0)
                throw new VideoException(probe.Path, $"no frames to sample ({sampler} on a {probe.Duration.ToString("0.##", CultureInfo.InvariantCulture)} s video)");
            var rgb = empty([sample.ValidCount, probe.DisplayHeight, probe.DisplayWidth, 3], dtype: uint8);
            DecodeResult decoded;
            unsafe
            {
                var span = new Span<byte>((void*)rgb.data_ptr(), checked((int)rgb.numel()));
                decoded = FrameDecoder.DecodeInto(probe, sample.FrameIndices, span, cancel: cancel);
            }
            if (decoded.Complete)
            {
                if (decoded.Errors.Count > 0) warnings.Add(FfmpegTool.Cause(decoded.Errors, probe.Path, ""));
                return (sample, rgb, warnings);
            }
            rgb.Dispose();

            var (decodable, cause) = CountDecodableFrames(probe, cancel);
            if (decodable == 0)
                throw new VideoException(probe.Path, $"no decodable video frames ({probe.FrameCount} packets of {probe.Codec}; {cause})");
            if (attempt > 0 || decodable >= timeline.FrameCount)
                throw new VideoException(probe.Path, $"only {decoded.Decoded} of {decoded.Requested} sampled frames could be decoded ({cause})");
            warnings.Add($"{decodable} of {probe.FrameCount} frames decodable ({cause})");
            timeline = timeline with { FrameTimes = timeline.FrameTimes[..decodable] };
        }
    }

    /// <summary>Decodes the whole video stream once to count the frames that come out (ffprobe -count_frames).</summary>
    static (int Count, string Cause) CountDecodableFrames(VideoProbe probe, CancellationToken cancel)
    {
        var result = FfmpegTool.Run(FfmpegTool.FfprobePath, probe.Path,
            ["-v", "error", "-hide_banner", "-count_frames", "-select_streams", probe.StreamIndex.ToString(CultureInfo.InvariantCulture),
             "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", probe.Path],
            FrameDecoder.DefaultTimeout, cancel);
        int.TryParse(result.Stdout.Trim().Split('\n')[0].Trim(','), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count);
        return (count, FfmpegTool.Cause(result.Stderr, probe.Path, "the decoder reported no error"));
    }
}
