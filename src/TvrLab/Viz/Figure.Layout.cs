using System.Text.Json.Nodes;

namespace TvrLab.Viz;

// Subplots and axes: a grid of cells, each with its own x and y axis (xaxis, xaxis2, ... in plotly's naming).
public sealed partial class Figure
{
    int rows = 1, cols = 1;

    /// <summary>
    /// A figure with a <paramref name="nRows"/> x <paramref name="nCols"/> grid of subplots, each with its own axes
    /// (plotly's <c>xaxis</c>, <c>xaxis2</c>, ... with domains); <paramref name="titles"/> label the cells row by row.
    /// Add traces with <see cref="Add(JsonObject, int, int)"/>.
    /// </summary>
    public static Figure Subplots(int nRows, int nCols, IReadOnlyList<string>? titles = null, string? title = null,
        double horizontalSpacing = 0.08, double verticalSpacing = 0.12, int? width = null, int? height = null)
    {
        if (nRows < 1 || nCols < 1) throw new ArgumentOutOfRangeException(nameof(nRows), $"subplots need at least one row and one column, not {nRows} x {nCols}");
        if (titles is not null && titles.Count > nRows * nCols)
            throw new ArgumentException($"{titles.Count} subplot titles for {nRows * nCols} cells");
        var fig = new Figure(title, width, height ?? Math.Max(350, 320 * nRows)) { rows = nRows, cols = nCols };
        double cellW = (1 - horizontalSpacing * (nCols - 1)) / nCols, cellH = (1 - verticalSpacing * (nRows - 1)) / nRows;
        var annotations = new JsonArray();
        for (int r = 1; r <= nRows; r++)
            for (int c = 1; c <= nCols; c++)
            {
                double x0 = (c - 1) * (cellW + horizontalSpacing), y1 = 1 - (r - 1) * (cellH + verticalSpacing);
                var i = fig.CellIndex(r, c);
                var x = fig.XAxis(r, c);
                var y = fig.YAxis(r, c);
                x["domain"] = new JsonArray(x0, x0 + cellW);
                x["anchor"] = YRef(i);
                y["domain"] = new JsonArray(y1 - cellH, y1);
                y["anchor"] = XRef(i);
                if (titles is not null && i - 1 < titles.Count && titles[i - 1].Length > 0)
                    annotations.Add(new JsonObject
                    {
                        ["text"] = $"<b>{titles[i - 1]}</b>", ["showarrow"] = false, ["xref"] = "paper", ["yref"] = "paper",
                        ["x"] = x0 + cellW / 2, ["y"] = y1, ["xanchor"] = "center", ["yanchor"] = "bottom", ["yshift"] = 4,
                    });
            }
        if (annotations.Count > 0) fig.Layout["annotations"] = annotations;
        return fig;
    }

    /// <summary>Adds a trace to the subplot at (row, col), both counted from 1.</summary>
    public Figure Add(JsonObject trace, int row, int col)
    {
        var i = CellIndex(row, col);
        trace["xaxis"] = XRef(i);
        trace["yaxis"] = YRef(i);
        // A heatmap's colour bar goes beside its own cell rather than at the right edge of the whole figure.
        if (rows * cols > 1 && trace["type"]?.GetValue<string>() == "heatmap" && trace["showscale"]?.GetValue<bool>() != false
            && XAxis(row, col)["domain"] is JsonArray xd && YAxis(row, col)["domain"] is JsonArray yd)
        {
            var bar = trace["colorbar"] as JsonObject ?? new JsonObject();
            bar["x"] = xd[1]!.GetValue<double>() + 0.005;
            bar["xanchor"] = "left";
            bar["y"] = (yd[0]!.GetValue<double>() + yd[1]!.GetValue<double>()) / 2;
            bar["len"] = yd[1]!.GetValue<double>() - yd[0]!.GetValue<double>();
            bar["thickness"] = 12;
            trace["colorbar"] = bar;
        }
        return Add(trace);
    }

    /// <summary>The layout object of the x axis of cell (row, col), created when missing.</summary>
    public JsonObject XAxis(int row = 1, int col = 1) => Axis("xaxis", CellIndex(row, col));

    /// <summary>The layout object of the y axis of cell (row, col), created when missing.</summary>
    public JsonObject YAxis(int row = 1, int col = 1) => Axis("yaxis", CellIndex(row, col));

    /// <summary>
    /// Names the integer positions of a cell's axes (as <see cref="Traces.Heatmap"/> draws them) with labels, and
    /// for matrices puts row 0 at the top.
    /// </summary>
    public Figure LabelAxes(int row, int col, IReadOnlyList<string>? xLabels, IReadOnlyList<string>? yLabels, bool matrix = true,
        string? xTitle = null, string? yTitle = null)
    {
        var x = XAxis(row, col);
        var y = YAxis(row, col);
        if (xLabels is not null) SetTicks(x, xLabels);
        if (yLabels is not null) SetTicks(y, yLabels);
        if (matrix) y["autorange"] = "reversed";
        if (xTitle is not null) x["title"] = PlotlyJson.Title(xTitle);
        if (yTitle is not null) y["title"] = PlotlyJson.Title(yTitle);
        return this;
    }

    /// <summary>Tick labels at positions 0..n-1; long lists show every k-th so that labels stay readable.</summary>
    static void SetTicks(JsonObject axis, IReadOnlyList<string> labels, int maxTicks = 60)
    {
        var step = Math.Max(1, (labels.Count + maxTicks - 1) / maxTicks);
        var at = Enumerable.Range(0, labels.Count).Where(i => i % step == 0).ToArray();
        axis["tickmode"] = "array";
        axis["tickvals"] = new JsonArray(at.Select(i => (JsonNode?)i).ToArray());
        axis["ticktext"] = PlotlyJson.Strings(at.Select(i => labels[i]));
        axis["showgrid"] = false;
    }

    int CellIndex(int row, int col)
    {
        if (row < 1 || row > rows || col < 1 || col > cols)
            throw new ArgumentOutOfRangeException(nameof(row), $"cell ({row}, {col}) is outside this figure's {rows} x {cols} grid");
        return (row - 1) * cols + col;
    }

    JsonObject Axis(string kind, int index)
    {
        var name = index == 1 ? kind : kind + index;
        if (Layout[name] is JsonObject axis) return axis;
        axis = new JsonObject();
        Layout[name] = axis;
        return axis;
    }

    static string XRef(int i) => i == 1 ? "x" : "x" + i;
    static string YRef(int i) => i == 1 ? "y" : "y" + i;
}
