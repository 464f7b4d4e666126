using System.Text.Json.Nodes;

namespace TvrLab.Viz;

/// <summary>One group of bars: a value per category, and optionally an error (e.g. the std over seeds) per value.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Errors = null);

/// <summary>One line: y over x (e.g. a loss over steps).</summary>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

// One-call figures for the common chart kinds.
public sealed partial class Figure
{
    /// <summary>Plotly's default colour cycle, so that a name keeps its colour across the panels of a figure.</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>
    /// A heatmap of a [rows, columns] matrix with labelled axes, row 0 at the top (as a matrix is read).
    /// </summary>
    public static Figure Heatmap(double[,] z, IReadOnlyList<string>? xLabels = null, IReadOnlyList<string>? yLabels = null,
        string? title = null, HeatmapStyle? style = null, string? xTitle = null, string? yTitle = null)
    {
        var fig = new Figure(title, height: Math.Clamp(120 + 22 * z.GetLength(0), 320, 900));
        fig.Add(Traces.Heatmap(z, xLabels, yLabels, style));
        return fig.LabelAxes(1, 1, xLabels ?? Numbered(z.GetLength(1)), yLabels ?? Numbered(z.GetLength(0)), matrix: true, xTitle, yTitle);
    }

    /// <summary>Grouped bars: one bar per series in each category, with error bars where a series has errors.</summary>
    public static Figure Bars(IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series, string? title = null,
        string? yTitle = null, string? xTitle = null)
    {
        var fig = new Figure(title);
        for (int s = 0; s < series.Count; s++)
            fig.Add(Traces.Bar(categories, series[s].Values, series[s].Errors, series[s].Name, Palette[s % Palette.Count]));
        fig.Layout["barmode"] = "group";
        fig.TitleAxes(xTitle, yTitle);
        return fig;
    }

    /// <summary>Lines over a shared x axis (training curves, sweeps).</summary>
    public static Figure Lines(IReadOnlyList<LineSeries> series, string? title = null, string? xTitle = null, string? yTitle = null,
        bool markers = false, bool logY = false)
    {
        var fig = new Figure(title);
        for (int s = 0; s < series.Count; s++)
            fig.Add(Traces.Line(series[s].X, series[s].Y, series[s].Name, markers, Palette[s % Palette.Count]));
        fig.TitleAxes(xTitle, yTitle);
        if (logY) fig.YAxis()["type"] = "log";
        return fig;
    }

    /// <summary>Points with optional hover labels.</summary>
    public static Figure Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<string>? labels = null,
        string? title = null, string? xTitle = null, string? yTitle = null)
    {
        var fig = new Figure(title);
        fig.Add(Traces.Scatter(x, y, text: labels));
        fig.TitleAxes(xTitle, yTitle);
        return fig;
    }

    void TitleAxes(string? xTitle, string? yTitle)
    {
        if (xTitle is not null) XAxis()["title"] = PlotlyJson.Title(xTitle);
        if (yTitle is not null) YAxis()["title"] = PlotlyJson.Title(yTitle);
    }

    static string[] Numbered(int n) => Enumerable.Range(0, n).Select(i => i.ToString()).ToArray();
}
