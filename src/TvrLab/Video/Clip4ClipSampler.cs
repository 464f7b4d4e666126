namespace TvrLab.Video;

/// <summary>How CLIP4Clip shortens a clip with more than max_frames frames (its <c>slice_framepos</c> 0, 1, 2).</summary>
public enum SlicePosition { Head = 0, Tail = 1, Uniform = 2 }

/// <summary>
/// CLIP4Clip's and DRL's sampling (ArrowLuo/CLIP4Clip dataloaders/rawvideo_util.py and
/// dataloader_msrvtt_retrieval.py): <see cref="FramesPerSecond"/> frames per second (feature_framerate 1), then, when
/// there are more than <see cref="MaxFrames"/>, <c>np.linspace(0, n-1, max_frames, dtype=int)</c> of them
/// (slice_framepos 2); fewer are zero-padded and masked. With <see cref="Start"/>/<see cref="End"/> it samples only
/// that window of seconds (DiDeMo, ActivityNet and LSMDC segments; dataloader_didemo_retrieval.py).
/// </summary>
/// <remarks>
/// As the reference reads frames with OpenCV by index, the rate is truncated to an integer (<c>int(fps)</c>) and
/// second s starts at frame <c>s * int(fps)</c>; the seconds run from the window start to
/// <c>min(end, ceil(frames / int(fps)))</c> inclusive and stop at the first index past the last frame. For a
/// variable-frame-rate video frame indices do not follow time, so the frame on screen at each sampled second is
/// taken instead.
/// </remarks>
public sealed record Clip4ClipSampler(int MaxFrames = 12, int FramesPerSecond = 1, SlicePosition Slice = SlicePosition.Uniform,
    double? Start = null, double? End = null) : IFrameSampler
{
    public int Length => MaxFrames;

    public override string ToString() =>
        $"clip4clip (max_frames {MaxFrames}, {FramesPerSecond} fps, {Slice.ToString().ToLowerInvariant()} slice" +
        (Window() is { } w ? $", window {w.start}-{w.end} s)" : ")");

    public FrameSample Sample(VideoTimeline video, Random? random = null)
    {
        if (MaxFrames < 1) throw new ArgumentOutOfRangeException(nameof(MaxFrames), "max_frames must be at least 1");
        if (FramesPerSecond < 1) throw new ArgumentOutOfRangeException(nameof(FramesPerSecond), "frames per second must be at least 1");
        var frames = video.IsVariableFrameRate ? ByTime(video) : ByIndex(video);
        if (frames.Count > MaxFrames)
            frames = Slice switch
            {
                SlicePosition.Head => frames.Take(MaxFrames).ToList(),
                SlicePosition.Tail => frames.Skip(frames.Count - MaxFrames).ToList(),
                _ => Sampling.LinspaceInt(0, frames.Count - 1, MaxFrames).Select(i => frames[i]).ToList(),
            };
        return FrameSample.Of(video, frames, MaxFrames);
    }

    /// <summary>The window in whole seconds, as the DiDeMo loader makes it: int(), at least 0, ordered, non-empty.</summary>
    (int start, int end)? Window()
    {
        if (Start is null && End is null) return null;
        int s = Math.Max(0, (int)(Start ?? 0)), e = Math.Max(0, (int)(End ?? double.MaxValue / 2));
        if (s > e) (s, e) = (e, s);
        else if (s == e) e += 1;
        return (s, e);
    }

    List<int> ByIndex(VideoTimeline video)
    {
        int fps = Math.Max(1, (int)video.Fps);                         // fps = int(cap.get(CAP_PROP_FPS))
        int totalDuration = (video.FrameCount + fps - 1) / fps;         // ceil(frames / fps) seconds
        var (startSec, endSec) = Window() is { } w ? (w.start, Math.Min(w.end, totalDuration)) : (0, totalDuration);
        int interval = Math.Max(1, fps / FramesPerSecond);
        var offsets = Enumerable.Range(0, fps).Where(i => i % interval == 0).Take(FramesPerSecond).ToArray();

        var frames = new List<int>();
        for (int sec = startSec; sec <= endSec; sec++)
            foreach (var offset in offsets)
            {
                int index = sec * fps + offset;                         // cap.set(CAP_PROP_POS_FRAMES, sec * fps + ind)
                if (index >= video.FrameCount) return frames;           // cap.read() fails: stop
                frames.Add(index);
            }
        return frames;
    }

    List<int> ByTime(VideoTimeline video)
    {
        int totalDuration = (int)Math.Ceiling(video.Duration);
        var (startSec, endSec) = Window() is { } w ? (w.start, Math.Min(w.end, totalDuration)) : (0, totalDuration);
        var frames = new List<int>();
        for (int sec = startSec; sec <= endSec; sec++)
            for (int k = 0; k < FramesPerSecond; k++)
            {
                double t = sec + (double)k / FramesPerSecond;
                if (t >= video.Duration) return frames;
                frames.Add(video.FrameAt(t));
            }
        return frames;
    }
}
