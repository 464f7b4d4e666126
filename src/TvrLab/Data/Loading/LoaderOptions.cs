namespace TvrLab.Data.Loading;

/// <summary>
/// How a <see cref="FrameCacheLoader"/> makes batches. Only <see cref="BatchSize"/>, <see cref="Seed"/>,
/// <see cref="MaxWords"/> and <see cref="Sampling"/> change what the batches hold; the rest change how fast they come.
/// </summary>
public sealed record LoaderOptions
{
    /// <summary>Samples per batch (CLIP4Clip's batch_size; the last partial batch of an epoch is dropped).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Seeds the shuffle and the per-epoch caption draw: the same seed and epoch give the same batches.</summary>
    public int Seed { get; init; }
    /// <summary>Text length L: SOT + up to MaxWords - 2 BPE tokens + EOT, zero-padded (CLIP4Clip's max_words).</summary>
    public int MaxWords { get; init; } = 32;
    /// <summary>What a sample is; null takes the dataset's <see cref="VideoTextDataset.Sampling"/>.</summary>
    public CaptionSampling? Sampling { get; init; }
    /// <summary>Background threads collating batches.</summary>
    public int Workers { get; init; } = 2;
    /// <summary>Batches made ahead of the consumer (the bounded prefetch queue).</summary>
    public int Prefetch { get; init; } = 4;
    /// <summary>
    /// Collate into page-locked memory so that <c>batch.to(cuda, non_blocking: true)</c> overlaps the copy with
    /// compute. Pinning needs CUDA: without a CUDA device this is a no-op (the batches are ordinary CPU tensors).
    /// </summary>
    public bool PinMemory { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"loader BatchSize = {BatchSize}: expected at least 1");
        if (MaxWords < 2) throw new ArgumentException($"loader MaxWords = {MaxWords}: expected at least 2 (SOT and EOT)");
        if (Workers < 1) throw new ArgumentException($"loader Workers = {Workers}: expected at least 1");
        if (Prefetch < 1) throw new ArgumentException($"loader Prefetch = {Prefetch}: expected at least 1");
    }
}
