using TvrLab.Torch;

namespace TvrLab.Viz;

// Channel correlation (DRL's CDCR) and attention masks (CLIP-ViP's proxy-guided attention).
public static partial class Plots
{
    /// <summary>
    /// A D x D channel cross-correlation matrix C = z_a^T z_b / N (DRL's CDCR), zero-centred in [-1, 1]. The title
    /// gives the two terms CDCR penalises: sum_i (C_ii - 1)^2 and sum_{i != j} C_ij^2.
    /// </summary>
    public static Figure ChannelCorrelation(double[,] c, string? title = null)
    {
        var fig = Figure.Subplots(1, 1, title: CorrelationHeading(c, title ?? "channel cross-correlation"), height: 560);
        AddCorrelation(fig, c, 1, 1, showScale: true);
        return fig;
    }

    /// <summary>Two correlation matrices side by side on one colour scale (e.g. before and after CDCR).</summary>
    public static Figure ChannelCorrelation(double[,] before, double[,] after, string beforeTitle = "before", string afterTitle = "after", string? title = null)
    {
        var fig = Figure.Subplots(1, 2, [CorrelationHeading(before, beforeTitle), CorrelationHeading(after, afterTitle)],
            title ?? "channel cross-correlation", horizontalSpacing: 0.1, height: 520);
        AddCorrelation(fig, before, 1, 1, showScale: false);
        AddCorrelation(fig, after, 1, 2, showScale: true);
        return fig;
    }

    public static Figure ChannelCorrelation(Tensor c, string? title = null) => ChannelCorrelation(MatrixInput.From(c), title);
    public static Figure ChannelCorrelation(Tensor before, Tensor after, string beforeTitle = "before", string afterTitle = "after", string? title = null) =>
        ChannelCorrelation(MatrixInput.From(before), MatrixInput.From(after), beforeTitle, afterTitle, title);

    static void AddCorrelation(Figure fig, double[,] c, int row, int col, bool showScale)
    {
        int d = c.GetLength(0);
        if (d != c.GetLength(1)) throw new ArgumentException($"a channel correlation matrix is square (D x D), not {d} x {c.GetLength(1)}");
        var channels = Enumerable.Range(0, d).Select(i => $"ch {i}").ToArray();
        fig.Add(Traces.Heatmap(c, channels, channels, new HeatmapStyle { ZeroCentred = true, ZMin = -1, ZMax = 1, ShowScale = showScale, ColorbarTitle = "C" }), row, col);
        fig.LabelAxes(row, col, channels, channels, matrix: true);
        var y = fig.YAxis(row, col);
        y["scaleanchor"] = y["anchor"]!.GetValue<string>();   // square cells: one x unit = one y unit
    }

    static string CorrelationHeading(double[,] c, string title)
    {
        double diag = 0, off = 0;
        for (int i = 0; i < c.GetLength(0); i++)
            for (int j = 0; j < c.GetLength(1); j++)
                if (i == j) diag += (c[i, j] - 1) * (c[i, j] - 1);   // sum_i (C_ii - 1)^2
                else off += c[i, j] * c[i, j];                     // sum_{i != j} C_ij^2
        return $"{title}<br><sup>diagonal Σ(Cᵢᵢ−1)² = {diag:0.###} · off-diagonal ΣCᵢⱼ² = {off:0.###}</sup>";
    }

    /// <summary>An attention mask: rows are queries, columns keys; blue = may attend, grey = blocked.</summary>
    public static Figure AttentionMask(bool[,] mask, IReadOnlyList<string>? tokenLabels = null, string? title = null)
    {
        var fig = Figure.Subplots(1, 1, title: title ?? "attention mask (rows: queries, columns: keys)", height: 560);
        AddMask(fig, mask, tokenLabels, 1, 1);
        return fig;
    }

    /// <summary>
    /// The three ways a video transformer can let tokens see each other, for M proxies, T frames and P patches per
    /// frame: full joint attention, per-frame (block-diagonal, frames encoded apart) and CLIP-ViP's proxy-guided
    /// attention (q may attend k iff q &lt; M or k &lt; M or frame(q) == frame(k)).
    /// </summary>
    public static Figure AttentionMasks(int proxies, int frames, int patchesPerFrame)
    {
        var fig = Figure.Subplots(1, 3,
            ["full (joint space-time)", "per frame (frames apart)", $"proxy-guided (CLIP-ViP, M = {proxies})"],
            $"attention masks for T = {frames} frames of {patchesPerFrame} patches (rows: queries, columns: keys)", horizontalSpacing: 0.06, height: 460);
        var withProxies = Viz.AttentionMasks.TokenLabels(proxies, frames, patchesPerFrame);
        AddMask(fig, Viz.AttentionMasks.Full(withProxies.Length), withProxies, 1, 1);
        AddMask(fig, Viz.AttentionMasks.PerFrame(frames, patchesPerFrame), Viz.AttentionMasks.TokenLabels(0, frames, patchesPerFrame), 1, 2);
        AddMask(fig, Viz.AttentionMasks.ProxyGuided(proxies, frames, patchesPerFrame), withProxies, 1, 3);
        return fig;
    }

    static void AddMask(Figure fig, bool[,] mask, IReadOnlyList<string>? labels, int row, int col)
    {
        var n = mask.GetLength(0);
        if (n != mask.GetLength(1)) throw new ArgumentException($"an attention mask is square (queries x keys), not {n} x {mask.GetLength(1)}");
        labels ??= Enumerable.Range(0, n).Select(i => i.ToString()).ToArray();
        fig.Add(Traces.Heatmap(MatrixInput.From(mask), labels, labels, new HeatmapStyle
        {
            Colorscale = HeatmapStyle.Binary(), ZMin = 0, ZMax = 1, ShowScale = false,
            HoverTemplate = "query %{customdata[0]} → key %{customdata[1]}: %{z}<extra>1 = may attend</extra>",
        }), row, col);
        fig.LabelAxes(row, col, labels, labels, matrix: true);
    }
}
