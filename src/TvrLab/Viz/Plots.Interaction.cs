using System.Text.Json.Nodes;
using TvrLab.Torch;

namespace TvrLab.Viz;

/// <summary>
/// The figures of the papers' mechanisms, each one library call from a notebook: interaction matrices, channel
/// correlation, attention masks, ablation bars, training curves, retrieval examples.
/// </summary>
public static partial class Plots
{
    /// <summary>
    /// DRL's token-wise interaction for one caption-video pair: the [words, frames] similarity matrix s, each word's
    /// best frame (the max over frames that t2v sums) and each frame's best word (the max over words that v2t sums)
    /// marked, and WTI's weights beside the rows and columns when given. The title gives
    /// t2v = sum_t w_t max_v s, v2t = sum_v w_v max_t s and S = (t2v + v2t) / 2 (uniform weights without WTI).
    /// </summary>
    public static Figure Interaction(double[,] s, IReadOnlyList<string> tokens, IReadOnlyList<string>? frames = null,
        IReadOnlyList<double>? tokenWeights = null, IReadOnlyList<double>? frameWeights = null, string? title = null)
    {
        int nt = s.GetLength(0), nv = s.GetLength(1);
        if (nt == 0 || nv == 0) throw new ArgumentException($"interaction matrix is empty ({nt} x {nv})");
        frames ??= Enumerable.Range(1, nv).Select(i => $"frame {i}").ToArray();
        if (tokens.Count != nt) throw new ArgumentException($"interaction: {tokens.Count} token labels for {nt} rows");
        if (frames.Count != nv) throw new ArgumentException($"interaction: {frames.Count} frame labels for {nv} columns");
        if (tokenWeights is not null && tokenWeights.Count != nt) throw new ArgumentException($"interaction: {tokenWeights.Count} token weights for {nt} tokens");
        if (frameWeights is not null && frameWeights.Count != nv) throw new ArgumentException($"interaction: {frameWeights.Count} frame weights for {nv} frames");

        var bestFrame = Enumerable.Range(0, nt).Select(t => ArgMax(nv, v => s[t, v])).ToArray();
        var bestToken = Enumerable.Range(0, nv).Select(v => ArgMax(nt, t => s[t, v])).ToArray();
        var wt = tokenWeights ?? Enumerable.Repeat(1.0 / nt, nt).ToArray();
        var wv = frameWeights ?? Enumerable.Repeat(1.0 / nv, nv).ToArray();
        double t2v = Enumerable.Range(0, nt).Sum(t => wt[t] * s[t, bestFrame[t]]);   // t2v = sum_t w_t max_v s[t, v]
        double v2t = Enumerable.Range(0, nv).Sum(v => wv[v] * s[bestToken[v], v]);   // v2t = sum_v w_v max_t s[t, v]
        var heading = $"{title ?? "token × frame interaction"}<br><sup>t2v {t2v:0.###} · v2t {v2t:0.###} · S = (t2v + v2t) / 2 = {(t2v + v2t) / 2:0.###}"
                      + (tokenWeights is null && frameWeights is null ? " (uniform weights: TI)" : " (WTI weights)") + "</sup>";

        var fig = new Figure(heading, height: Math.Clamp(200 + 26 * nt, 420, 1000));
        double mainRight = tokenWeights is null ? 0.9 : 0.72, mainTop = frameWeights is null ? 1 : 0.78;
        var style = new HeatmapStyle { ColorbarTitle = "s", TextTemplate = nt * nv <= 400 ? "%{z:.2f}" : null };
        var heat = Traces.Heatmap(s, frames, tokens, style);
        heat["colorbar"]!["x"] = 1.0;
        fig.Add(heat);
        fig.LabelAxes(1, 1, frames, tokens, matrix: true);
        fig.XAxis()["domain"] = new JsonArray(0.0, mainRight);
        fig.YAxis()["domain"] = new JsonArray(0.0, mainTop);

        var rowsMarks = Traces.Scatter(bestFrame.Select(v => (double)v).ToArray(), Positions(nt),
            "best frame of each word (max over frames)", symbol: "circle-open", size: 16, color: "#111111");
        var colsMarks = Traces.Scatter(Positions(nv), bestToken.Select(t => (double)t).ToArray(),
            "best word of each frame (max over words)", symbol: "square-open", size: 22, color: "#d62728");
        foreach (var marks in new[] { rowsMarks, colsMarks })
        {
            marks["marker"]!["line"] = new JsonObject { ["width"] = 2.5 };
            marks["hoverinfo"] = "skip";
            fig.Add(marks);
        }

        if (tokenWeights is not null)
        {
            var bars = Traces.BarAt(Positions(nt), tokenWeights, "WTI word weight", "#2ca02c", horizontal: true);
            (bars["xaxis"], bars["yaxis"]) = ("x2", "y2");
            fig.Add(bars);
            fig.Layout["xaxis2"] = new JsonObject { ["domain"] = new JsonArray(mainRight + 0.03, 0.92), ["anchor"] = "y2", ["title"] = PlotlyJson.Title("word weight") };
            fig.Layout["yaxis2"] = new JsonObject { ["domain"] = new JsonArray(0.0, mainTop), ["anchor"] = "x2", ["matches"] = "y", ["showticklabels"] = false, ["autorange"] = "reversed" };
        }
        if (frameWeights is not null)
        {
            var bars = Traces.BarAt(Positions(nv), frameWeights, "WTI frame weight", "#9467bd");
            (bars["xaxis"], bars["yaxis"]) = ("x3", "y3");
            fig.Add(bars);
            fig.Layout["xaxis3"] = new JsonObject { ["domain"] = new JsonArray(0.0, mainRight), ["anchor"] = "y3", ["matches"] = "x", ["showticklabels"] = false };
            fig.Layout["yaxis3"] = new JsonObject { ["domain"] = new JsonArray(mainTop + 0.04, 1.0), ["anchor"] = "x3", ["title"] = PlotlyJson.Title("frame weight") };
        }
        fig.Layout["legend"] = new JsonObject { ["orientation"] = "h", ["y"] = -0.2 };
        fig.Layout["margin"]!["b"] = 90;
        return fig;
    }

    /// <summary><see cref="Interaction(double[,], IReadOnlyList{string}, IReadOnlyList{string}?, IReadOnlyList{double}?, IReadOnlyList{double}?, string?)"/> from tensors.</summary>
    public static Figure Interaction(Tensor s, IReadOnlyList<string> tokens, IReadOnlyList<string>? frames = null,
        Tensor? tokenWeights = null, Tensor? frameWeights = null, string? title = null) =>
        Interaction(MatrixInput.From(s), tokens, frames,
            tokenWeights is null ? null : MatrixInput.Vector(tokenWeights), frameWeights is null ? null : MatrixInput.Vector(frameWeights), title);

    static double[] Positions(int n) => Enumerable.Range(0, n).Select(i => (double)i).ToArray();

    /// <summary>The index of the largest value (the first on ties; NaN never wins).</summary>
    internal static int ArgMax(int n, Func<int, double> value)
    {
        int best = 0;
        for (int i = 1; i < n; i++)
            if (value(i) > value(best) || double.IsNaN(value(best))) best = i;
        return best;
    }
}
