namespace TvrLab.Video;

/// <summary>
/// CLIP-ViP's sampling (microsoft/XPretrain CLIP-ViP/src/datasets/dataset_video_retrieval.py, get_sample_idx with
/// sample_rate 0): <see cref="Frames"/> frames at <c>np.linspace(0, n-1, N).astype(int)</c>; at train time with
/// <see cref="Jitter"/> the ends move at random: interval = int(n / (N-1)), start ~ U{0..interval},
/// end ~ U{n-1-interval..n-1}, then linspace(start, end, N). Short videos repeat frames; every slot is valid.
/// </summary>
public sealed record UniformSampler(int Frames = 12, bool Jitter = false) : IFrameSampler
{
    public int Length => Frames;

    public override string ToString() => $"uniform ({Frames} frames{(Jitter ? ", jitter" : "")})";

    /// <param name="random">Drives the jitter; required when <see cref="Jitter"/> is set.</param>
    public FrameSample Sample(VideoTimeline video, Random? random = null)
    {
        if (Frames < 1) throw new ArgumentOutOfRangeException(nameof(Frames), "the number of frames must be at least 1");
        int n = video.FrameCount;
        int[] frames;
        if (Jitter)
        {
            if (random is null) throw new ArgumentNullException(nameof(random), "uniform sampling with jitter needs a seeded Random");
            int interval = Frames > 1 ? n / (Frames - 1) : n;            // int(total / (N - 1))
            int start = random.Next(0, interval + 1);                    // np.random.randint(0, interval + 1)
            int end = random.Next(Math.Max(0, n - 1 - interval), n);     // np.random.randint(total - 1 - interval, total)
            frames = Sampling.LinspaceInt(start, end, Frames);
        }
        else frames = Sampling.LinspaceInt(0, n - 1, Frames);
        for (int i = 0; i < frames.Length; i++) frames[i] = Math.Clamp(frames[i], 0, n - 1);
        return FrameSample.Of(video, frames, Frames);
    }
}

/// <summary>
/// The middle frame, <c>int(n / 2)</c>, as one-frame clip: CLIP-ViP's frame source F (the image its auxiliary caption
/// describes; dataset_pretrain_stage1_all_source.py).
/// </summary>
public sealed record MiddleFrameSampler : IFrameSampler
{
    public int Length => 1;

    public override string ToString() => "middle frame";

    public FrameSample Sample(VideoTimeline video, Random? random = null) => FrameSample.Of(video, [video.FrameCount / 2], 1);
}
