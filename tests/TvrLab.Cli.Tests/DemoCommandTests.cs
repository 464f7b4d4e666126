using System.Text.RegularExpressions;
using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

/// <summary>`tvrlab demo --quick` as a user runs it, with the smallest grid: the report is written and holds the grid.</summary>
public class DemoCommandTests
{
    [Fact]
    public void The_quick_demo_writes_a_report_with_every_grid_row()
    {
        var outDir = TestPaths.NewTempDir("cli-demo");
        var (code, output) = CliProcess.RunCombined("demo", "--quick", "--epochs", "1", "--only", "dp", "wti", "--out", outDir);
        Assert.True(code == 0, output);

        var report = Path.Combine(outDir, "report.html");
        Assert.Contains(report, output.Replace("\n", ""));
        var html = File.ReadAllText(report);
        // The grid table: DP and WTI, each without and with CDCR, one seed each.
        foreach (var method in new[] { "DP", "WTI" })
            Assert.Equal(2, Regex.Matches(html, $"<tr><td>{method}</td><td>[^<]+</td><td class=\"num\">[0-9.]+</td>").Count);
        Assert.Contains("training curves", html);
        Assert.Contains("interaction", html);
        Assert.Contains("channel cross-correlation", html);
        Assert.True(File.Exists(Path.Combine(outDir, "runs", "runs.db")));

        // Bad options are named, with exit code 2.
        var (bad, message) = CliProcess.RunCombined("demo", "--preset", "huge");
        Assert.Equal(2, bad);
        Assert.Contains("--preset huge: expected tiny, small or full", message);
    }
}
