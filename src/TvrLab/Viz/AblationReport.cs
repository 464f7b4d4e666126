using System.Globalization;
using TvrLab.Runs;

namespace TvrLab.Viz;

/// <summary>Where a stored run sits in an ablation grid: its method (a bar group) and setting (a bar in the group).</summary>
public sealed record GridCell(string Method, string Setting);

/// <summary>
/// The HTML report of an ablation grid, built from what the runs left in the <see cref="RunStore"/>: the grid as a table
/// and grouped bars (mean ± std over seeds of one final metric), every final metric of every run, the training curves
/// from the per-epoch metrics, and the runs themselves (preset, seed, status, time, git revision). Figures that do not
/// come from the store (an interaction matrix, channel correlations) are added by the caller with
/// <see cref="Report.Add(Figure)"/> after <see cref="Build"/>.
/// </summary>
/// <example><code>
/// var store = RunStore.Open(folder);
/// var report = AblationReport.Build("DRL ablation on SynthVTT tiny", store, store.ListRuns("drl-tiny"), run => cells[run.Name]);
/// report.Heading("Interaction").Add(Plots.Interaction(...)).Save("report.html");
/// </code></example>
public static class AblationReport
{
    /// <summary>
    /// A report of <paramref name="runs"/> (each placed in the grid by <paramref name="cellOf"/>) scored by
    /// <paramref name="metric"/>, a final metric name such as "t2v_R1". Runs without that metric (failed or interrupted
    /// before their evaluation) are listed and left out of the grid. The training curves show the per-epoch metrics
    /// named in <paramref name="curves"/> (default: "loss" and <paramref name="metric"/>), one panel each.
    /// </summary>
    public static Report Build(string title, RunStore store, IEnumerable<RunRecord> runs, Func<RunRecord, GridCell> cellOf,
        string metric = "t2v_R1", string? note = null, IReadOnlyCollection<string>? curves = null)
    {
        var list = runs.OrderBy(r => r.Id).ToList();
        if (list.Count == 0) throw new ArgumentException("ablation report: no runs given");
        var finals = list.ToDictionary(r => r.Id, r => store.FinalMetrics(r.Id).ToDictionary(m => m.Name, m => m.Value));
        var scored = list.Where(r => finals[r.Id].ContainsKey(metric)).ToList();
        if (scored.Count == 0)
            throw new ArgumentException($"ablation report: none of the {list.Count} runs has the final metric \"{metric}\" " +
                                        $"(they have: {string.Join(", ", finals.Values.SelectMany(f => f.Keys).Distinct().Order())})");

        var report = new Report(title);
        if (note is not null) report.Paragraph(note);
        var grid = scored.Select(r => { var c = cellOf(r); return new AblationRun(c.Method, c.Setting, finals[r.Id][metric], (int)r.Seed); }).ToList();
        report.Heading($"Ablation: {metric}")
            .Add(Plots.AblationTable(grid, metric))
            .Add(Plots.Ablation(grid, metric, $"ablation grid: {metric} (mean ± std over seeds)"));
        var skipped = list.Except(scored).ToList();
        if (skipped.Count > 0)
            report.Paragraph($"Not in the grid (no final {metric}): " +
                             string.Join(", ", skipped.Select(r => $"{r.Name} ({r.Status.ToString().ToLowerInvariant()}{(r.Error is null ? "" : ": " + r.Error)})")));

        report.Heading("Every metric of every run").Add(MetricsByRun(list, finals, cellOf));
        if (TrainingCurves(store, list, curves ?? ["loss", metric]) is { } figure) report.Heading("Training").Add(figure);
        return report.Heading("Runs").Add(RunsTable(list));
    }

    /// <summary>One row per run: its grid cell, seed and every final metric (columns in name order).</summary>
    static Table MetricsByRun(IReadOnlyList<RunRecord> runs, Dictionary<long, Dictionary<string, double>> finals, Func<RunRecord, GridCell> cellOf)
    {
        var names = finals.Values.SelectMany(f => f.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var table = new Table(["method", "setting", "seed", .. names], "final metrics");
        foreach (var r in runs)
        {
            var c = cellOf(r);
            table.AddRow([c.Method, c.Setting, r.Seed, .. names.Select(n => finals[r.Id].TryGetValue(n, out var v) ? (object)v : null)]);
        }
        return table;
    }

    /// <summary>
    /// The per-epoch metrics named in <paramref name="names"/> as curves, one panel per metric and one line per run;
    /// null when no run logged any of them.
    /// </summary>
    static Figure? TrainingCurves(RunStore store, IReadOnlyList<RunRecord> runs, IReadOnlyCollection<string> names)
    {
        var curves = new List<Curve>();
        foreach (var r in runs)
            foreach (var metric in store.EpochMetrics(r.Id).Where(m => names.Contains(m.Name)).GroupBy(m => m.Name))
            {
                var points = metric.OrderBy(m => m.Epoch).ToList();
                curves.Add(new Curve(r.Name, metric.Key, points.Select(p => (double)p.Epoch).ToArray(), points.Select(p => p.Value).ToArray()));
            }
        if (curves.Count == 0) return null;
        // Panels in a stable order: loss first, then the rest by name.
        var panels = curves.Select(c => c.Panel).Distinct().OrderBy(p => p == "loss" ? "" : p, StringComparer.Ordinal).ToList();
        var figure = Plots.TrainingCurves(curves.OrderBy(c => panels.IndexOf(c.Panel)), "training curves", xTitle: "epoch");
        for (int p = 1; p <= panels.Count; p++) figure.XAxis(1, p)["dtick"] = 1;   // whole epochs
        return figure;
    }

    static Table RunsTable(IReadOnlyList<RunRecord> runs)
    {
        var table = new Table(["run", "preset", "seed", "status", "seconds", "git revision", "started (UTC)"], "runs");
        foreach (var r in runs)
            table.AddRow(r.Name, r.Preset, r.Seed, r.Status.ToString().ToLowerInvariant(), r.DurationSeconds ?? double.NaN,
                r.GitRevision ?? "", r.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        return table;
    }
}
