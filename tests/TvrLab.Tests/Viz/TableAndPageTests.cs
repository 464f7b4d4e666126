using TvrLab.Retrieval;
using TvrLab.Torch;
using TvrLab.Viz;

namespace TvrLab.Tests.Viz;

public class TableAndPageTests
{
    [Fact]
    public void Table_aligns_text_escapes_html_and_checks_row_width()
    {
        var t = new Table(["method", "R@1"], "results").AddRow("<WTI>", 46.6).AddRow("TI", double.NaN);
        Assert.Equal("results\nmethod  R@1\n------  ----\n<WTI>   46.6\nTI         –", t.ToString());
        var html = t.ToHtml();
        Assert.Contains("&lt;WTI&gt;", html);
        Assert.Contains("<td class=\"num\">46.6</td>", html);
        var e = Assert.Throws<ArgumentException>(() => t.AddRow("x"));
        Assert.Contains("1 cells but the table has 2 columns", e.Message);
    }

    [Fact]
    public void Metrics_table_shows_both_directions_of_an_evaluation()
    {
        // Text 0 ranks its video 1st, text 1 ranks its video 2nd: t2v R@1 = 50, MdR = median(1, 2) = 1.5.
        using var sim = torch.tensor(new float[,] { { 0.9f, 0.1f }, { 0.8f, 0.2f } });
        var table = Plots.MetricsTable(Metrics.Evaluate(sim), "untrained");
        Assert.Equal(["", "R@1", "R@5", "R@10", "MdR", "MnR", "queries"], table.Columns);
        Assert.Equal(["text → video", "50.0", "100.0", "100.0", "1.5", "1.5", "2"], Enumerable.Range(0, 7).Select(j => table.Cell(0, j)));
        // Video 0 finds text 0 first (0.9 > 0.8); video 1 finds text 1 first (0.2 > 0.1).
        Assert.Equal(["video → text", "100.0", "100.0", "100.0", "1.0", "1.0", "2"], Enumerable.Range(0, 7).Select(j => table.Cell(1, j)));
        Assert.StartsWith("untrained\n", table.ToString());
    }

    [Fact]
    public void Plotly_is_found_in_node_modules_and_inlined_once_per_page()
    {
        Assert.EndsWith(PlotlyJs.RelativePath, PlotlyJs.Locate().Replace('\\', '/'));
        Assert.Contains("plotly.js v4.1.2", PlotlyJs.ScriptTag);
        var report = new Report("r").Add(Figure.Heatmap(new double[,] { { 1 } })).Add(Figure.Heatmap(new double[,] { { 2 } }));
        var html = report.ToHtml();
        Assert.Equal(1, Count(html, "data-tvrlab=\"plotly.js\""));
        Assert.DoesNotContain("<script src", html);   // nothing fetched at view time
        Assert.Equal(2, Count(html, "class=\"tvrlab-figure\""));
        // A page without figures carries no library.
        Assert.DoesNotContain("data-tvrlab=\"plotly.js\"", new Report("t").Paragraph("text").ToHtml());
    }

    [Fact]
    public void Notebook_session_carries_the_library_with_its_first_figure_only()
    {
        PlotlyJs.ResetSession();
        Assert.Equal(PlotlyJs.ScriptTag, PlotlyJs.OncePerSession());
        Assert.Equal("", PlotlyJs.OncePerSession());
        PlotlyJs.ResetSession();
        Assert.Equal(PlotlyJs.ScriptTag, PlotlyJs.OncePerSession());
    }

    [Fact]
    public void Missing_plotly_gives_an_error_that_says_how_to_install_it()
    {
        var previous = Environment.GetEnvironmentVariable(PlotlyJs.PathVariable);
        try
        {
            Environment.SetEnvironmentVariable(PlotlyJs.PathVariable, "/nonexistent/plotly.min.js");
            var e = Assert.Throws<FileNotFoundException>(() => PlotlyJs.Locate());
            Assert.Contains("/nonexistent/plotly.min.js", e.Message);
        }
        finally { Environment.SetEnvironmentVariable(PlotlyJs.PathVariable, previous); }
    }

    static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
