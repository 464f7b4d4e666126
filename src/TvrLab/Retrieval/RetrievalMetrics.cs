namespace TvrLab.Retrieval;

/// <summary>
/// Retrieval quality of one direction (text-to-video or video-to-text): recall at 1, 5 and 10 in percent, median and
/// mean rank (1-based), and the 0-based rank of the ground truth of every query, as CLIP4Clip reports them.
/// </summary>
public sealed record RetrievalMetrics(double R1, double R5, double R10, double MedianR, double MeanR, long[] Ranks)
{
    /// <summary>How many ranks the metrics were computed from.</summary>
    public int Count => Ranks.Length;

    public override string ToString() =>
        $"R@1 {R1:F1}  R@5 {R5:F1}  R@10 {R10:F1}  MdR {MedianR:0.#}  MnR {MeanR:F1}  ({Count} queries)";
}
