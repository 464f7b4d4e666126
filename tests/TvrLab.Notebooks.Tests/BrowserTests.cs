using System.Text.RegularExpressions;
using TvrLab.Notebooks.Execution;
using TvrLab.Runs;
using TvrLab.Testing;
using TvrLab.Viz;

namespace TvrLab.Notebooks.Tests;

/// <summary>
/// Pages in a real browser: headless Chromium loads a report and an executed notebook's HTML (plotly.js inlined,
/// nothing fetched); plotly must have drawn every figure and no script may have failed. Screenshots are kept under
/// artifacts/test-output/browser/ for CI.
/// </summary>
public class BrowserTests
{
    static readonly string Output = Path.Combine(TestPaths.RepoRoot, "artifacts", "test-output", "browser");

    static int Count(string text, string pattern) => Regex.Matches(text, pattern).Count;

    static void AssertScreenshot(string html, string name)
    {
        var png = Path.Combine(Output, name);
        Chromium.Screenshot(html, png);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([137, 80, 78, 71], bytes[..4]);
        Assert.True(bytes.Length > 20_000, $"{png} is only {bytes.Length} bytes: the page looks blank");
    }

    [Fact]
    public void A_report_page_draws_every_figure_without_script_errors()
    {
        var s = new double[,] { { 0.9, 0.1, 0.3 }, { 0.2, 0.8, 0.4 }, { 0.1, 0.3, 0.7 }, { 0.4, 0.2, 0.5 } };
        var c = new double[8, 8];
        for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) c[i, j] = i == j ? 1 : Math.Sin(i * 3 + j) * 0.4;
        AblationRun[] runs = [new("TI", "no CDCR", 44.8), new("TI", "no CDCR", 45.2, 1), new("WTI", "no CDCR", 46.6), new("WTI", "+CDCR", 47.6)];
        // A 1 x 1 PNG (a standard test image) stands in for sampled frames.
        var strip = new FrameStrip(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), 1, 1);
        var report = new Report("DRL: browser test report")
            .Heading("Ablation").Add(Plots.AblationTable(runs)).Add(Plots.Ablation(runs))
            .Heading("Training").Add(Plots.TrainingCurves([new("WTI", "loss", [0, 1, 2, 3], [2.1, 1.4, 1.1, 0.9]), new("WTI", "R@1", [1, 3], [30, 41])]))
            .Heading("Interaction").Add(Plots.Interaction(s, ["a", "dog", "runs", "a"], tokenWeights: [0.1, 0.5, 0.3, 0.1], frameWeights: [0.5, 0.3, 0.2]))
            .Heading("Channels").Add(Plots.ChannelCorrelation(c, c, "before", "after"))
            .Heading("Retrieval").Add(Plots.RetrievalExamples([new("a dog runs", "v2", [new("v1", 0.9, strip), new("v2", 0.8, strip)])]));
        var html = report.Save(Path.Combine(Output, "report.html"));

        var dom = Chromium.DumpDom(html);
        Assert.Equal("", Chromium.ScriptErrors(dom));
        Assert.Equal(5, Count(dom, "class=\"tvrlab-figure js-plotly-plot\""));   // plotly took every figure div
        Assert.True(Count(dom, "class=\"main-svg\"") >= 10, "plotly's SVG layers are missing");
        Assert.True(Count(dom, "<image ") >= 2, "the retrieval strips were not drawn");
        Assert.Contains(">WTI<", dom);
        AssertScreenshot(html, "report.png");
    }

    [Fact]
    public void An_ablation_report_from_a_run_store_draws_its_grid_curves_and_model_figures_as_the_demo_lays_them_out()
    {
        // A real run store with a 2 x 2 grid, two epochs per run.
        var store = RunStore.Open(TestPaths.NewTempDir("browser-ablation-store"));
        var cells = new Dictionary<string, GridCell>();
        foreach (var (method, setting, r1) in new[] { ("TI", "no CDCR", 30.0), ("TI", "+CDCR", 32.0), ("WTI", "no CDCR", 35.0), ("WTI", "+CDCR", 37.0) })
        {
            var run = store.Start(new RunStart($"{method}-{setting}", "drl-tiny", "{}", 0, new Dictionary<string, string>(), null));
            run.LogEpoch(1, new Dictionary<string, double> { ["loss"] = 2.0, ["t2v_R1"] = r1 / 2 });
            run.LogEpoch(2, new Dictionary<string, double> { ["loss"] = 1.5, ["t2v_R1"] = r1 });
            run.Complete(new Dictionary<string, double> { ["t2v_R1"] = r1 });
            cells[run.Name] = new GridCell(method, setting);
        }
        // Laid out as `tvrlab demo` lays out its report: the store's grid and curves, then a trained model's figures.
        var s = new double[,] { { 0.9, 0.1 }, { 0.2, 0.8 }, { 0.4, 0.5 } };
        var c = new double[,] { { 1, 0.3 }, { 0.3, 0.9 } };
        var html = AblationReport.Build("DRL ablation (browser test)", store, store.ListRuns(), r => cells[r.Name])
            .Heading("Interaction").Add(Plots.Interaction(s, ["a", "red", "circle"], tokenWeights: [0.2, 0.5, 0.3], frameWeights: [0.6, 0.4]))
            .Heading("Channels").Add(Plots.ChannelCorrelation(c, c, "WTI", "WTI + CDCR"))
            .Save(Path.Combine(Output, "ablation-report.html"));

        var dom = Chromium.DumpDom(html);
        Assert.Equal("", Chromium.ScriptErrors(dom));
        Assert.Equal(4, Count(dom, "class=\"tvrlab-figure js-plotly-plot\""));   // the bars, the curves, the interaction, the channels
        Assert.True(Count(dom, "class=\"point\"") >= 4, "the ablation bars were not drawn");
        Assert.True(Count(dom, "class=\"js-line\"") >= 8, "the training curves were not drawn");
        AssertScreenshot(html, "ablation-report.png");
    }

    [Fact]
    public void An_executed_notebook_page_draws_its_figures_without_script_errors()
    {
        var (result, _, html) = NotebookRunner.RunAndWrite(NotebookFiles.Fixture("kit-smoke.ipynb"), Output,
            new NotebookRunOptions { Parameters = new Dictionary<string, object> { ["preset"] = "tiny" } });
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var dom = Chromium.DumpDom(html);
        Assert.Equal("", Chromium.ScriptErrors(dom));
        Assert.Equal(2, Count(dom, "class=\"tvrlab-figure js-plotly-plot\""));
        Assert.True(Count(dom, "class=\"main-svg\"") >= 4, "plotly's SVG layers are missing");
        Assert.Contains("id=\"html-helper\"", dom);
        Assert.Contains("tensor [3, 4] torch.float32 on cpu", dom);
        AssertScreenshot(html, "kit-smoke-notebook.png");
    }

    [Fact]
    public void A_script_error_on_a_page_is_caught_by_the_error_list()
    {
        // The check above can fail: a page whose script throws lists the error.
        var html = Path.Combine(TestPaths.NewTempDir("broken-page"), "broken.html");
        HtmlPage.WriteAtomically(html, HtmlPage.Render("broken", "<script>notAFunction();</script>", includePlotly: false));
        Assert.Contains("notAFunction", Chromium.ScriptErrors(Chromium.DumpDom(html)));
    }
}
