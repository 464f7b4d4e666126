using TvrLab.Retrieval;

namespace TvrLab.Viz;

// Retrieval metrics as a result table.
public static partial class Plots
{
    /// <summary>
    /// Retrieval metrics side by side, one row per named result (e.g. "t2v", "v2t", "t2v + DSL"): R@1, R@5, R@10,
    /// median and mean rank and the number of queries, as CLIP4Clip prints them.
    /// </summary>
    public static Table MetricsTable(IEnumerable<(string Name, RetrievalMetrics Metrics)> rows, string? title = null)
    {
        var table = new Table(["", "R@1", "R@5", "R@10", "MdR", "MnR", "queries"], title) { NumberFormat = "0.0" };
        foreach (var (name, m) in rows) table.AddRow(name, m.R1, m.R5, m.R10, m.MedianR, m.MeanR, m.Count);
        return table;
    }

    /// <summary>Both directions of an evaluation (<see cref="Metrics.Evaluate"/>) as a table.</summary>
    public static Table MetricsTable((RetrievalMetrics TextToVideo, RetrievalMetrics VideoToText) both, string? title = null) =>
        MetricsTable([("text → video", both.TextToVideo), ("video → text", both.VideoToText)], title);
}
