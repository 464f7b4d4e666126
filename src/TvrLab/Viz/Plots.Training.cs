using System.Text.Json.Nodes;

namespace TvrLab.Viz;

/// <summary>One run of an ablation: a method (a bar group), a setting (a bar within the group), a seed and its score.</summary>
public sealed record AblationRun(string Method, string Setting, double Value, int Seed = 0);

/// <summary>The runs of one (method, setting) cell: mean and sample standard deviation over seeds.</summary>
public sealed record AblationCell(string Method, string Setting, double Mean, double Std, int Seeds);

/// <summary>A named series over steps, drawn in a panel (e.g. "loss", "R@1").</summary>
public sealed record Curve(string Name, string Panel, IReadOnlyList<double> Steps, IReadOnlyList<double> Values);

// Ablation grids and training curves.
public static partial class Plots
{
    /// <summary>
    /// Mean and sample std (n - 1) over seeds per (method, setting), methods and settings in the order they first
    /// appear. Std is NaN with a single seed.
    /// </summary>
    public static IReadOnlyList<AblationCell> SummariseAblation(IEnumerable<AblationRun> runs) =>
        runs.GroupBy(r => (r.Method, r.Setting))
            .Select(g =>
            {
                var v = g.Select(r => r.Value).ToArray();
                var mean = v.Average();
                var std = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : double.NaN;
                return new AblationCell(g.Key.Method, g.Key.Setting, mean, std, v.Length);
            })
            .ToList();

    /// <summary>
    /// Grouped bars of an ablation grid: one group per method, one bar per setting, the mean over seeds with the
    /// sample std as error bar (none with one seed; a missing cell leaves a gap).
    /// </summary>
    public static Figure Ablation(IEnumerable<AblationRun> runs, string metric = "R@1", string? title = null)
    {
        var cells = SummariseAblation(runs);
        if (cells.Count == 0) throw new ArgumentException("ablation: no runs");
        var methods = cells.Select(c => c.Method).Distinct().ToArray();
        var settings = cells.Select(c => c.Setting).Distinct().ToArray();
        var fig = new Figure(title ?? $"ablation: {metric}");
        for (int s = 0; s < settings.Length; s++)
        {
            var row = methods.Select(m => cells.FirstOrDefault(c => c.Method == m && c.Setting == settings[s])).ToArray();
            var hover = row.Select((c, i) => c is null ? $"{methods[i]} · {settings[s]}: not run"
                : $"{c.Method} · {c.Setting}: {c.Mean:0.###}" + (c.Seeds > 1 ? $" ± {c.Std:0.###} ({c.Seeds} seeds)" : " (1 seed)")).ToArray();
            fig.Add(Traces.Bar(methods, row.Select(c => c?.Mean ?? double.NaN).ToArray(), row.Select(c => c?.Std ?? double.NaN).ToArray(),
                settings[s], Figure.Palette[s % Figure.Palette.Count], hover));
        }
        fig.Layout["barmode"] = "group";
        fig.YAxis()["title"] = PlotlyJson.Title(metric);
        return fig;
    }

    /// <summary>The ablation grid as a table: method, setting, mean, std, seeds.</summary>
    public static Table AblationTable(IEnumerable<AblationRun> runs, string metric = "R@1")
    {
        var table = new Table(["method", "setting", metric, "± std", "seeds"], $"ablation: {metric} (mean over seeds)");
        foreach (var c in SummariseAblation(runs)) table.AddRow(c.Method, c.Setting, c.Mean, c.Std, c.Seeds);
        return table;
    }

    /// <summary>
    /// Training curves, one panel per <see cref="Curve.Panel"/> (in order of appearance), a name keeping its colour
    /// in every panel and appearing once in the legend.
    /// </summary>
    public static Figure TrainingCurves(IEnumerable<Curve> curves, string? title = null, string xTitle = "step")
    {
        var list = curves.ToList();
        if (list.Count == 0) throw new ArgumentException("training curves: no curves");
        var panels = list.Select(c => c.Panel).Distinct().ToArray();
        var names = list.Select(c => c.Name).Distinct().ToList();
        var fig = Figure.Subplots(1, panels.Length, panels, title ?? "training", horizontalSpacing: 0.08, height: 400);
        var shown = new HashSet<string>();
        foreach (var c in list)
        {
            var col = Array.IndexOf(panels, c.Panel) + 1;
            var trace = Traces.Line(c.Steps, c.Values, c.Name, markers: c.Steps.Count <= 30, color: Figure.Palette[names.IndexOf(c.Name) % Figure.Palette.Count]);
            trace["legendgroup"] = c.Name;
            trace["showlegend"] = shown.Add(c.Name);
            fig.Add(trace, 1, col);
        }
        for (int p = 0; p < panels.Length; p++)
        {
            fig.XAxis(1, p + 1)["title"] = PlotlyJson.Title(xTitle);
            fig.YAxis(1, p + 1)["title"] = PlotlyJson.Title(panels[p]);
        }
        return fig;
    }
}
