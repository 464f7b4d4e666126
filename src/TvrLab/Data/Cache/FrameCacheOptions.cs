using TvrLab.Video;

namespace TvrLab.Data.Cache;

/// <summary>Which frames the cache keeps of each video.</summary>
public enum CacheSampling
{
    /// <summary>CLIP4Clip/DRL: 1 fps, then linspace to MaxFrames; a video's time window (DiDeMo, LSMDC) is honoured.</summary>
    Clip4Clip,
    /// <summary>CLIP-ViP at test time: MaxFrames frames at linspace over the video (train-time jitter cannot be cached).</summary>
    Uniform,
    /// <summary>The middle frame (CLIP-ViP's frame source).</summary>
    Middle,
}

/// <summary>
/// How a frame cache is built: the sampling, the clip length, the frame size and resize, and the parallelism. Every
/// field but <see cref="Workers"/> is part of the cache's identity: a cache built with other settings is not reused.
/// </summary>
public sealed record FrameCacheOptions
{
    public CacheSampling Sampling { get; init; } = CacheSampling.Clip4Clip;
    /// <summary>Frame slots per clip (max_frames: 12, or 64 for DiDeMo/ActivityNet).</summary>
    public int MaxFrames { get; init; } = 12;
    /// <summary>Frames are stored resized to Size x Size, as uint8 (normalised at load time).</summary>
    public FramePreprocessing Preprocessing { get; init; } = FramePreprocessing.Clip4Clip;
    /// <summary>Videos decoded at once.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The clip length of the records: 1 for the middle frame, else <see cref="MaxFrames"/>.</summary>
    public int Length => Sampling == CacheSampling.Middle ? 1 : MaxFrames;

    /// <summary>The sampler for one video (its time window, if any, applies to CLIP4Clip sampling).</summary>
    public IFrameSampler SamplerFor(VideoEntry video) => Sampling switch
    {
        CacheSampling.Clip4Clip => new Clip4ClipSampler(MaxFrames, Start: video.Start, End: video.End),
        _ when video.Start is not null || video.End is not null =>
            throw new ArgumentException($"video {video.Id} has a time window; only clip4clip sampling takes windows, not {Sampling}"),
        CacheSampling.Uniform => new UniformSampler(MaxFrames),
        _ => new MiddleFrameSampler(),
    };

    /// <summary>The settings that define the cache's content, as one line (stored in its index).</summary>
    public string Describe() => $"{Sampling.ToString().ToLowerInvariant()} max_frames {Length}, {Preprocessing.Size}px {Preprocessing.Resize}";
}
