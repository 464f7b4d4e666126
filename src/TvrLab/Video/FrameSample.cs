namespace TvrLab.Video;

/// <summary>
/// The frames of a video as a sampler sees them: each frame's presentation time (display order, seconds from the
/// stream start), the nominal frame rate and the duration.
/// </summary>
public sealed record VideoTimeline(double[] FrameTimes, double Fps, double Duration, bool IsVariableFrameRate)
{
    public int FrameCount => FrameTimes.Length;

    /// <summary>The frame on screen at time <paramref name="t"/>: the last one whose time is at most t.</summary>
    public int FrameAt(double t)
    {
        int i = Array.BinarySearch(FrameTimes, t + 1e-6);
        if (i < 0) i = ~i - 1;
        return Math.Clamp(i, 0, FrameCount - 1);
    }

    /// <summary>A constant-rate timeline of <paramref name="frameCount"/> frames (for tests and notebooks).</summary>
    public static VideoTimeline Constant(int frameCount, double fps) =>
        new(Enumerable.Range(0, frameCount).Select(i => i / fps).ToArray(), fps, frameCount / fps, false);
}

/// <summary>
/// Which frames of a video make a clip of <see cref="Length"/> slots. <see cref="FrameIndices"/> (display order,
/// possibly repeated) fill the first slots; <see cref="Mask"/> marks them (true) and the zero padding after them
/// (false), as CLIP4Clip's <c>video_mask</c>.
/// </summary>
public sealed record FrameSample(int[] FrameIndices, double[] Times, bool[] Mask)
{
    /// <summary>Slots in the clip (max_frames).</summary>
    public int Length => Mask.Length;

    /// <summary>Slots holding a frame.</summary>
    public int ValidCount => FrameIndices.Length;

    /// <summary>A sample of <paramref name="frames"/> in a clip of <paramref name="length"/> slots.</summary>
    public static FrameSample Of(VideoTimeline video, IReadOnlyList<int> frames, int length)
    {
        if (frames.Count > length) throw new ArgumentException($"{frames.Count} frames do not fit a clip of {length}");
        var mask = new bool[length];
        for (int i = 0; i < frames.Count; i++) mask[i] = true;
        return new FrameSample(frames.ToArray(), frames.Select(f => video.FrameTimes[f]).ToArray(), mask);
    }
}

/// <summary>A frame sampling policy: which frames of a video a model sees. Separate from decoding.</summary>
public interface IFrameSampler
{
    /// <summary>Slots of the clips it makes (max_frames).</summary>
    int Length { get; }

    /// <summary>
    /// The frames to take from <paramref name="video"/>. <paramref name="random"/> drives train-time jitter (samplers
    /// without jitter ignore it; null means test time).
    /// </summary>
    FrameSample Sample(VideoTimeline video, Random? random = null);
}

/// <summary>Shared arithmetic of the samplers.</summary>
public static class Sampling
{
    /// <summary>
    /// <c>np.linspace(start, stop, num).astype(int)</c> exactly: y_i = i * ((stop - start) / (num - 1)) + start in
    /// double precision, the last value set to stop, then truncated toward zero.
    /// </summary>
    public static int[] LinspaceInt(double start, double stop, int num)
    {
        if (num < 0) throw new ArgumentOutOfRangeException(nameof(num), "num must be at least 0");
        var y = new int[num];
        if (num == 0) return y;
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) y[i] = (int)(i * step + start);
        if (num > 1) y[^1] = (int)stop;
        return y;
    }
}
