using System.Text.Json.Nodes;

namespace TvrLab.Viz;

/// <summary>How a heatmap looks: colour scale, value range, cell text, hover text.</summary>
public sealed record HeatmapStyle
{
    /// <summary>
    /// A named plotly scale ("Viridis", "Blues", ...) or a list of [position, colour] pairs; by default Viridis, or
    /// <see cref="Diverging"/> when <see cref="ZeroCentred"/>.
    /// </summary>
    public JsonNode? Colorscale { get; init; }

    /// <summary>Zero in the middle of a diverging scale, symmetric range ±max|z| unless ZMin/ZMax are given.</summary>
    public bool ZeroCentred { get; init; }

    public double? ZMin { get; init; }
    public double? ZMax { get; init; }

    /// <summary>Text drawn in each cell, e.g. "%{z:.2f}"; null draws none.</summary>
    public string? TextTemplate { get; init; }

    /// <summary>Hover text; by default the row and column labels and the value.</summary>
    public string? HoverTemplate { get; init; }

    public bool ShowScale { get; init; } = true;
    public string? ColorbarTitle { get; init; }

    /// <summary>Blue for negative, white at zero, red for positive.</summary>
    public static JsonArray Diverging() => new(
        new JsonArray(0.0, "#2166ac"), new JsonArray(0.25, "#92c5de"), new JsonArray(0.5, "#f7f7f7"),
        new JsonArray(0.75, "#f4a582"), new JsonArray(1.0, "#b2182b"));

    /// <summary>Two flat colours for 0/1 matrices (masks): grey for "blocked", blue for "allowed".</summary>
    public static JsonArray Binary() => new(
        new JsonArray(0.0, "#e8e8e8"), new JsonArray(0.5, "#e8e8e8"), new JsonArray(0.5, "#3b6fb6"), new JsonArray(1.0, "#3b6fb6"));
}

/// <summary>
/// Single plotly traces (JSON objects) to add to a <see cref="Figure"/>, alone or in a subplot. Categories are drawn
/// at integer positions with their labels as tick text, so that repeated labels (the same word twice in a caption)
/// keep their own rows and columns.
/// </summary>
public static class Traces
{
    /// <summary>
    /// A heatmap of <paramref name="z"/> [rows, columns]: row i at y = i, column j at x = j. Labels, when given, show
    /// in the hover text (set them as tick text with <see cref="Figure.LabelAxes"/>).
    /// </summary>
    public static JsonObject Heatmap(double[,] z, IReadOnlyList<string>? xLabels = null, IReadOnlyList<string>? yLabels = null, HeatmapStyle? style = null)
    {
        style ??= new HeatmapStyle();
        int rows = z.GetLength(0), cols = z.GetLength(1);
        CheckLabels(xLabels, cols, "column");
        CheckLabels(yLabels, rows, "row");
        var trace = new JsonObject
        {
            ["type"] = "heatmap",
            ["z"] = PlotlyJson.Matrix(z),
            ["x"] = PlotlyJson.Indices(cols),
            ["y"] = PlotlyJson.Indices(rows),
            ["showscale"] = style.ShowScale,
        };
        double? zmin = style.ZMin, zmax = style.ZMax;
        if (style.ZeroCentred)
        {
            var bound = MaxAbs(z);
            zmin ??= -bound;
            zmax ??= bound;
            trace["zmid"] = 0;
        }
        trace["colorscale"] = style.Colorscale?.DeepClone() ?? (style.ZeroCentred ? HeatmapStyle.Diverging() : "Viridis");
        if (zmin is { } lo) trace["zmin"] = PlotlyJson.Number(lo);
        if (zmax is { } hi) trace["zmax"] = PlotlyJson.Number(hi);
        if (style.TextTemplate is { } tt) trace["texttemplate"] = tt;
        if (style.ColorbarTitle is { } ct) trace["colorbar"] = new JsonObject { ["title"] = PlotlyJson.Title(ct) };

        if (xLabels is not null || yLabels is not null)
        {
            // customdata[i][j] = [row label, column label]: the hover names the cell, not its index.
            var custom = new JsonArray();
            for (int i = 0; i < rows; i++)
            {
                var row = new JsonArray();
                for (int j = 0; j < cols; j++)
                    row.Add(new JsonArray(yLabels?[i] ?? i.ToString(), xLabels?[j] ?? j.ToString()));
                custom.Add(row);
            }
            trace["customdata"] = custom;
            trace["hovertemplate"] = style.HoverTemplate ?? "%{customdata[0]} × %{customdata[1]}<br>%{z:.4f}<extra></extra>";
        }
        else trace["hovertemplate"] = style.HoverTemplate ?? "row %{y}, column %{x}<br>%{z:.4f}<extra></extra>";
        return trace;
    }

    /// <summary>Bars at categorical positions, with optional error bars (e.g. the standard deviation over seeds).</summary>
    public static JsonObject Bar(IReadOnlyList<string> x, IReadOnlyList<double> y, IReadOnlyList<double>? errors = null,
        string? name = null, string? color = null, IReadOnlyList<string>? hoverText = null)
    {
        if (x.Count != y.Count) throw new ArgumentException($"bar: {x.Count} categories but {y.Count} values");
        var trace = new JsonObject { ["type"] = "bar", ["x"] = PlotlyJson.Strings(x), ["y"] = PlotlyJson.Numbers(y) };
        if (name is not null) trace["name"] = name;
        if (color is not null) trace["marker"] = new JsonObject { ["color"] = color };
        if (errors is not null)
        {
            if (errors.Count != y.Count) throw new ArgumentException($"bar: {y.Count} values but {errors.Count} error values");
            trace["error_y"] = new JsonObject { ["type"] = "data", ["array"] = PlotlyJson.Numbers(errors), ["visible"] = true };
        }
        if (hoverText is not null) { trace["hovertext"] = PlotlyJson.Strings(hoverText); trace["hoverinfo"] = "text"; }
        return trace;
    }

    /// <summary>Bars at numeric positions (e.g. the rows of a heatmap drawn beside it); horizontal bars grow along x.</summary>
    public static JsonObject BarAt(IReadOnlyList<double> positions, IReadOnlyList<double> values, string? name = null, string? color = null, bool horizontal = false)
    {
        if (positions.Count != values.Count) throw new ArgumentException($"bar: {positions.Count} positions but {values.Count} values");
        var trace = new JsonObject { ["type"] = "bar", ["orientation"] = horizontal ? "h" : "v" };
        trace[horizontal ? "y" : "x"] = PlotlyJson.Numbers(positions);
        trace[horizontal ? "x" : "y"] = PlotlyJson.Numbers(values);
        if (name is not null) trace["name"] = name;
        if (color is not null) trace["marker"] = new JsonObject { ["color"] = color };
        return trace;
    }

    /// <summary>A line through (x, y), e.g. a training curve; NaN values leave a gap.</summary>
    public static JsonObject Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string? name = null, bool markers = false,
        string? color = null, string? dash = null)
    {
        if (x.Count != y.Count) throw new ArgumentException($"line: {x.Count} x values but {y.Count} y values");
        var trace = new JsonObject
        {
            ["type"] = "scatter", ["mode"] = markers ? "lines+markers" : "lines",
            ["x"] = PlotlyJson.Numbers(x), ["y"] = PlotlyJson.Numbers(y),
        };
        if (name is not null) trace["name"] = name;
        var line = new JsonObject();
        if (color is not null) line["color"] = color;
        if (dash is not null) line["dash"] = dash;
        if (line.Count > 0) trace["line"] = line;
        return trace;
    }

    /// <summary>Points at (x, y) with optional per-point labels shown on hover.</summary>
    public static JsonObject Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, string? name = null, IReadOnlyList<string>? text = null,
        string? symbol = null, double size = 8, string? color = null)
    {
        if (x.Count != y.Count) throw new ArgumentException($"scatter: {x.Count} x values but {y.Count} y values");
        var marker = new JsonObject { ["size"] = size };
        if (symbol is not null) marker["symbol"] = symbol;
        if (color is not null) marker["color"] = color;
        var trace = new JsonObject
        {
            ["type"] = "scatter", ["mode"] = "markers",
            ["x"] = PlotlyJson.Numbers(x), ["y"] = PlotlyJson.Numbers(y), ["marker"] = marker,
        };
        if (name is not null) trace["name"] = name;
        if (text is not null)
        {
            if (text.Count != x.Count) throw new ArgumentException($"scatter: {x.Count} points but {text.Count} labels");
            trace["text"] = PlotlyJson.Strings(text);
        }
        return trace;
    }

    static void CheckLabels(IReadOnlyList<string>? labels, int n, string what)
    {
        if (labels is not null && labels.Count != n)
            throw new ArgumentException($"heatmap: {labels.Count} {what} labels for {n} {what}s");
    }

    static double MaxAbs(double[,] z)
    {
        double m = 0;
        foreach (var v in z) if (double.IsFinite(v)) m = Math.Max(m, Math.Abs(v));
        return m == 0 ? 1 : m;
    }
}
