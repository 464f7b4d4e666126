using TvrLab.Torch;

namespace TvrLab.Retrieval;

/// <summary>
/// Builds a [texts × videos] score matrix block by block, for heads whose full pairwise computation does not fit in
/// memory at once (token-wise interactions build a [texts, videos, tokens, frames] tensor per block). The block
/// function may run on any device; each block is copied into the CPU result and its temporaries are freed.
/// </summary>
public static class SimilarityMatrix
{
    /// <summary>
    /// Calls <paramref name="block"/>(texts range, videos range) for every block of at most
    /// <paramref name="textBlock"/> × <paramref name="videoBlock"/> pairs, without gradients, and assembles the scores
    /// into a CPU tensor of <paramref name="dtype"/>. <paramref name="progress"/> receives the fraction done.
    /// </summary>
    /// <example><code>
    /// var sim = SimilarityMatrix.Compute(texts.size(0), videos.size(0),
    ///     (t, v) => head.Similarity(texts[t], videos[v]), textBlock: 256, videoBlock: 256);
    /// </code></example>
    public static Tensor Compute(long texts, long videos, Func<Range, Range, Tensor> block,
        int textBlock = 1024, int videoBlock = 1024, ScalarType dtype = ScalarType.Float32, IProgress<double>? progress = null)
    {
        if (texts < 0 || videos < 0) throw new ArgumentOutOfRangeException(nameof(texts), "counts must be non-negative");
        if (textBlock < 1 || videoBlock < 1) throw new ArgumentOutOfRangeException(nameof(textBlock), "block sizes must be positive");
        var result = torch.empty([texts, videos], dtype);
        long blocks = ((texts + textBlock - 1) / textBlock) * ((videos + videoBlock - 1) / videoBlock), done = 0;
        using var noGrad = torch.no_grad();
        for (int t0 = 0; t0 < texts; t0 += textBlock)
            for (int v0 = 0; v0 < videos; v0 += videoBlock)
            {
                using var scope = torch.NewDisposeScope();
                var t = t0..(int)Math.Min(t0 + (long)textBlock, texts);
                var v = v0..(int)Math.Min(v0 + (long)videoBlock, videos);
                var scores = block(t, v);
                var expected = new long[] { t.End.Value - t.Start.Value, v.End.Value - v.Start.Value };
                if (!scores.shape.SequenceEqual(expected))
                    throw new InvalidOperationException($"the block function returned {Tensor.ShapeString(scores.shape)} for texts {t} and videos {v}; expected {Tensor.ShapeString(expected)}");
                result[t, v] = scores.to(Device.CPU, dtype);
                progress?.Report(++done / (double)blocks);
            }
        return result;
    }
}
