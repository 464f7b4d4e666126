using TvrLab.Data.Loading;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Experiments;

/// <summary>
/// Random training batches of a given shape, for benchmarks (no data to generate or read): uint8 frames
/// [B, T, 3, S, S], captions of SOT, random BPE ids and EOT, zero-padded to max_words. SOT and EOT are the last two
/// ids of the vocabulary (CLIP's 49406 and 49407), so EOT is the largest id as CLIP's pooling expects. The same seed
/// and epoch give the same batches.
/// </summary>
public sealed class SyntheticBatches(int batchSize, int frames, int frameSize, int maxWords, int batchesPerEpoch, int seed = 0,
                                     long vocabSize = 49408) : ITrainBatches
{
    readonly long Sot = vocabSize - 2, Eot = vocabSize - 1;

    public int BatchesPerEpoch { get; } = batchesPerEpoch;

    /// <summary>Random batches shaped like <paramref name="preset"/>'s training batches.</summary>
    public static SyntheticBatches For(Preset preset, int batchesPerEpoch, long vocabSize = 49408) =>
        new(preset.train.batch_size, preset.data.max_frames, preset.data.frame_size, preset.data.max_words, batchesPerEpoch, preset.train.seed, vocabSize);

    public IEnumerable<VideoTextBatch> Epoch(int epoch, int start = 0)
    {
        for (int b = start; b < BatchesPerEpoch; b++) yield return Batch(epoch * 1_000_003 + b);
    }

    VideoTextBatch Batch(int index)
    {
        var rng = new Random(HashCode.Combine(seed, index));
        var pixels = new byte[(long)batchSize * frames * 3 * frameSize * frameSize];
        rng.NextBytes(pixels);
        var ids = new long[batchSize * maxWords];
        var mask = new long[batchSize * maxWords];
        long top = Sot;
        for (int i = 0; i < batchSize; i++)
        {
            int words = rng.Next(1, maxWords - 1);                         // SOT, words, EOT
            ids[i * maxWords] = Sot;
            for (int w = 1; w <= words; w++) ids[i * maxWords + w] = rng.NextInt64(1, top);
            ids[i * maxWords + words + 1] = Eot;
            mask.AsSpan(i * maxWords, words + 2).Fill(1);
        }
        var rows = Enumerable.Range(0, batchSize).ToArray();
        return new VideoTextBatch(tensor(ids, [batchSize, maxWords]), tensor(mask, [batchSize, maxWords]),
            tensor(pixels, [batchSize, frames, 3, frameSize, frameSize]), ones([batchSize, frames], ScalarType.Int64), rows, rows);
    }

    public void Dispose() { }
}
