using TvrLab.Torch;

namespace TvrLab.Retrieval;

/// <summary>
/// Recall@K and median/mean rank exactly as CLIP4Clip's <c>metrics.py</c> (ArrowLuo/CLIP4Clip) computes them, down to
/// its numeric quirks, so that numbers are comparable with the papers':
/// <list type="bullet">
/// <item><see cref="FromSimilarity"/> is <c>compute_metrics</c>: rows are queries, the ground truth of row i is column
/// i; R@K = share of ranks &lt; K in percent; MdR = numpy median (the mean of the two middle ranks for an even count) + 1;
/// MnR = mean + 1. A ground-truth score tied with others yields one rank per tied position (the reference's
/// <c>np.where(sorted - diag == 0)</c>), and a row whose ground-truth score is not finite yields none.</item>
/// <item><see cref="TextToVideoMulti"/> is <c>tensor_text_to_video_metrics</c>, for many captions per video: every valid
/// caption is a query; R@K is rounded to float32 (the reference divides torch integer tensors); MdR is torch's lower
/// median + 1.</item>
/// <item><see cref="VideoToTextSimilarity"/> is <c>tensor_video_to_text_sim</c>: each video's best caption.</item>
/// </list>
/// </summary>
public static class Metrics
{
    /// <summary>compute_metrics(sim): a [queries, candidates] score matrix (queries ≤ candidates), ground truth on the diagonal.</summary>
    public static RetrievalMetrics FromSimilarity(Tensor sim)
    {
        var (rows, cols, x) = Matrix(sim, nameof(sim));
        if (rows > cols) throw new ArgumentException($"sim: {rows} queries but only {cols} candidates; the ground truth of query i is candidate i");
        var ranks = new List<long>(rows);
        for (int i = 0; i < rows; i++)
        {
            var row = x.AsSpan(i * cols, cols);
            var d = row[i];
            if (!double.IsFinite(d)) continue;                 // -x - (-d) is NaN for an infinite d: no rank
            long greater = 0, equal = 0;
            foreach (var s in row)
            {
                if (s > d) greater++;
                else if (s == d) equal++;
            }
            for (long r = greater; r < greater + equal; r++) ranks.Add(r);   // every tied position, as np.where finds them
        }
        if (ranks.Count == 0) throw new ArgumentException("sim: no query has a finite ground-truth score");
        var n = ranks.Count;
        double Recall(int k) => ranks.Count(r => r < k) * 100.0 / n;
        var sorted = ranks.Order().ToArray();
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;   // np.median
        return new RetrievalMetrics(Recall(1), Recall(5), Recall(10), median + 1, (double)ranks.Sum() / n + 1, ranks.ToArray());
    }

    /// <summary>
    /// tensor_text_to_video_metrics(sim_tensor): <paramref name="simTensor"/>[v, c, w] is the score of caption c of video
    /// v against video w, padded with -inf (or NaN) where video v has fewer captions. Every caption whose ground-truth
    /// score is finite is a query. Ranks are listed caption slot by caption slot, as the reference flattens them.
    /// </summary>
    public static RetrievalMetrics TextToVideoMulti(Tensor simTensor)
    {
        var (videos, captions, x) = Cube(simTensor);
        var ranks = new List<long>();
        for (int c = 0; c < captions; c++)
            for (int v = 0; v < videos; v++)
            {
                var row = x.AsSpan((v * captions + c) * videos, videos);
                var d = row[v];
                if (!double.IsFinite(d)) continue;             // padding
                // The position of the ground truth in torch.argsort(descending): NaNs sort first; among tied scores the
                // reference's unstable sort has no defined order, and the query gets the best tied position here.
                long rank = 0;
                foreach (var s in row) if (s > d || double.IsNaN(s)) rank++;
                ranks.Add(rank);
            }
        if (ranks.Count == 0) throw new ArgumentException("simTensor: no caption has a finite ground-truth score");
        var n = ranks.Count;
        double Recall(int k) => (float)(ranks.Count(r => r < k) * 100L) / (float)n;   // torch: int64 tensor * 100 / len -> float32
        var sorted = ranks.Order().ToArray();
        var lowerMedian = sorted[(n - 1) / 2];                                       // torch.median
        var meanRank = ranks.Sum(r => (double)(r + 1)) / n;                           // np.mean(valid_ranks + 1)
        return new RetrievalMetrics(Recall(1), Recall(5), Recall(10), lowerMedian + 1, meanRank, ranks.ToArray());
    }

    /// <summary>
    /// tensor_video_to_text_sim(sim_tensor): [v, c, w] → [w, v] = max over c of the scores of video v's captions against
    /// video w, NaN counted as -inf. Rows are videos (the queries of video-to-text), the ground truth on the diagonal.
    /// </summary>
    public static Tensor VideoToTextSimilarity(Tensor simTensor)
    {
        if (simTensor.dim() != 3) throw new ArgumentException($"simTensor must be [videos, captions, videos], not {Tensor.ShapeString(simTensor.shape)}");
        using var scope = torch.NewDisposeScope();
        var s = simTensor.to(ScalarType.Float64);
        var (best, _) = s.masked_fill(s.isnan(), double.NegativeInfinity).max(1);                   // [v, w]: video v's best caption against video w
        return scope.MoveToOuter(best.t().contiguous());
    }

    /// <summary>
    /// Both directions, as CLIP4Clip's evaluation: a [texts, videos] matrix gives text-to-video on it and video-to-text
    /// on its transpose; a [videos, captions, videos] tensor gives <see cref="TextToVideoMulti"/> and
    /// <see cref="FromSimilarity"/> of <see cref="VideoToTextSimilarity"/>.
    /// </summary>
    public static (RetrievalMetrics TextToVideo, RetrievalMetrics VideoToText) Evaluate(Tensor sim)
    {
        if (sim.dim() == 3)
        {
            using var v2t = VideoToTextSimilarity(sim);
            return (TextToVideoMulti(sim), FromSimilarity(v2t));
        }
        using var transposed = sim.t();
        return (FromSimilarity(sim), FromSimilarity(transposed));
    }

    static (int Rows, int Cols, double[] Values) Matrix(Tensor sim, string name)
    {
        if (sim.dim() != 2) throw new ArgumentException($"{name} must be a [queries, candidates] matrix, not {Tensor.ShapeString(sim.shape)}");
        using var d = sim.to(Device.CPU, ScalarType.Float64);
        return ((int)sim.size(0), (int)sim.size(1), d.ToArray<double>());
    }

    static (int Videos, int Captions, double[] Values) Cube(Tensor simTensor)
    {
        var shape = simTensor.shape;
        if (shape.Length != 3 || shape[0] != shape[2])
            throw new ArgumentException($"simTensor must be [videos, max_captions, videos], not {Tensor.ShapeString(shape)}");
        using var d = simTensor.to(Device.CPU, ScalarType.Float64);
        return ((int)shape[0], (int)shape[1], d.ToArray<double>());
    }
}
