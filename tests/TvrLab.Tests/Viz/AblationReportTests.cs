using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TvrLab.Runs;
using TvrLab.Testing;
using TvrLab.Viz;

namespace TvrLab.Tests.Viz;

/// <summary>The ablation report read from a real run store (SQLite in a scratch folder) that the test fills.</summary>
public class AblationReportTests
{
    static readonly Dictionary<string, string> Versions = new() { ["TvrLab"] = "test" };

    /// <summary>Records a completed run: per-epoch loss and R@1, final metrics.</summary>
    static RunRecord Completed(RunStore store, string name, long seed, double r1, double[] losses)
    {
        var run = store.Start(new RunStart(name, "drl-tiny", "{}", seed, Versions, "abc123"));
        for (int e = 0; e < losses.Length; e++)
            run.LogEpoch(e + 1, new Dictionary<string, double> { ["loss"] = losses[e], ["t2v_R1"] = r1 * (e + 1) / losses.Length, ["lr"] = 1e-3 });
        run.Complete(new Dictionary<string, double> { ["t2v_R1"] = r1, ["v2t_R1"] = r1 - 1 });
        return store.FindRun(run.Name)!;
    }

    static (RunStore store, List<RunRecord> runs, Dictionary<string, GridCell> cells) Grid()
    {
        var store = RunStore.Open(TestPaths.NewTempDir("ablation-report"));
        var runs = new List<RunRecord>
        {
            Completed(store, "dp-s0", 0, 10, [2.0, 1.5]),
            Completed(store, "wti-s0", 0, 14, [2.0, 1.2]),
            Completed(store, "wti-s1", 1, 16, [2.1, 1.1]),
            Completed(store, "wti-cdcr-s0", 0, 18, [2.2, 1.0]),
        };
        var failed = store.Start(new RunStart("dp-cdcr-s0", "drl-tiny", "{}", 0, Versions, "abc123"));
        failed.Fail("loss is NaN at step 3");
        runs.Add(store.FindRun(failed.Name)!);
        var cells = new Dictionary<string, GridCell>
        {
            ["dp-s0"] = new("DP", "no CDCR"), ["wti-s0"] = new("WTI", "no CDCR"), ["wti-s1"] = new("WTI", "no CDCR"),
            ["wti-cdcr-s0"] = new("WTI", "+CDCR"), ["dp-cdcr-s0"] = new("DP", "+CDCR"),
        };
        return (store, runs, cells);
    }

    static List<Figure> Figures(string html) =>
        Regex.Matches(html, @"var fig = (\{.*?\});\n").Select(m => Figure.FromJson(m.Groups[1].Value)).ToList();

    [Fact]
    public void The_grid_comes_from_the_stored_final_metrics_and_failed_runs_are_listed()
    {
        var (store, runs, cells) = Grid();
        var html = AblationReport.Build("DRL tiny", store, runs, r => cells[r.Name]).ToHtml();

        // The table and bars of the grid: WTI/no CDCR is the mean of seeds 0 and 1 (14, 16), std sqrt(2).
        AblationRun[] expected = [new("DP", "no CDCR", 10), new("WTI", "no CDCR", 14), new("WTI", "no CDCR", 16, 1), new("WTI", "+CDCR", 18)];
        Assert.Contains(Plots.AblationTable(expected, "t2v_R1").ToHtml(), html);
        var figures = Figures(html);
        var bars = figures[0].Data.Select(t => t!.AsObject()).ToList();
        Assert.Equal(["no CDCR", "+CDCR"], bars.Select(b => b["name"]!.GetValue<string>()));
        Assert.Equal([10.0, 15.0], bars[0]["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(Math.Sqrt(2), bars[0]["error_y"]!["array"]![1]!.GetValue<double>(), 1e-12);

        // The failed run is named with its error and kept out of the grid.
        Assert.Contains("Not in the grid (no final t2v_R1): dp-cdcr-s0 (failed: loss is NaN at step 3)", html);
        // Every final metric of every run: v2t_R1 is a column, the failed run has empty cells.
        Assert.Contains("<th>v2t_R1</th>", html);
        Assert.Contains("<td>DP</td><td>+CDCR</td><td class=\"num\">0</td><td></td><td></td>", html);
    }

    [Fact]
    public void Training_curves_have_one_line_per_run_and_metric_with_loss_first()
    {
        var (store, runs, cells) = Grid();
        var curves = Figures(AblationReport.Build("DRL tiny", store, runs, r => cells[r.Name]).ToHtml())[1];
        var traces = curves.Data.Select(t => t!.AsObject()).ToList();
        Assert.Equal(8, traces.Count);   // 4 runs with epochs x (loss, t2v_R1), not lr; the failed run logged none
        var loss = traces.Where(t => t["xaxis"]!.GetValue<string>() == "x").ToList();
        Assert.Equal(["dp-s0", "wti-s0", "wti-s1", "wti-cdcr-s0"], loss.Select(t => t["name"]!.GetValue<string>()));
        Assert.Equal([2.1, 1.1], loss[2]["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal([1.0, 2.0], loss[2]["x"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal("loss", curves.Layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_metric_no_run_has_is_an_error_naming_the_metrics_there_are()
    {
        var (store, runs, cells) = Grid();
        var e = Assert.Throws<ArgumentException>(() => AblationReport.Build("x", store, runs, r => cells[r.Name], metric: "R@1"));
        Assert.Contains("none of the 5 runs has the final metric \"R@1\" (they have: t2v_R1, v2t_R1)", e.Message);
        Assert.Throws<ArgumentException>(() => AblationReport.Build("x", store, [], r => cells[r.Name]));
    }

    [Fact]
    public void The_curves_to_draw_can_be_named()
    {
        var (store, runs, cells) = Grid();
        var curves = Figures(AblationReport.Build("DRL tiny", store, runs, r => cells[r.Name], curves: ["lr"]).ToHtml())[1];
        Assert.Equal(4, curves.Data.Count);   // one lr line per run that logged epochs
        Assert.Equal("lr", curves.Layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
    }
}
