using System.Text.RegularExpressions;
using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

/// <summary>`tvrlab demo --quick` as a user runs it, shrunk to the smallest grid: the report is written and holds the grid.</summary>
public class DemoCommandTests
{
    [Fact]
    public void The_quick_demo_writes_a_report_with_every_grid_row_and_the_model_figures()
    {
        var dir = TestPaths.NewTempDir("cli-demo");
        var outDir = Path.Combine(dir, "out");
        // WTI without and with CDCR, one short epoch each, on a small SynthVTT tiny of its own.
        var (code, output) = CliProcess.RunCombined("demo", "--quick", "--only", "wti", "--epochs", "1", "--set", "train.max_batches_per_epoch=4",
            "--set", "data.synth_videos=24", "--set", "data.synth_test_videos=8", "--data", Path.Combine(dir, "data"), "--out", outDir);
        Assert.True(code == 0, output);

        var report = Path.Combine(outDir, "report.html");
        Assert.Contains("Report: " + report, Regex.Replace(output, @"\s*\n\s*", ""));
        var html = File.ReadAllText(report);
        // The grid table: WTI without and with CDCR, one seed each (the ± std cell is empty).
        foreach (var setting in new[] { "no CDCR", @"\+CDCR" })
            Assert.Matches($"<tr><td>WTI</td><td>{setting}</td><td class=\"num\">[0-9.]+</td><td class=\"num\">–</td><td class=\"num\">1</td></tr>", html);
        foreach (var heading in new[] { "Ablation: t2v_R1", "Training", "Interaction", "Channels" })
            Assert.Contains($"<h2>{heading}</h2>", html);
        Assert.Contains("WTI word weight", html);                  // the interaction of the WTI model, with its weights
        Assert.Contains("WTI no CDCR", html);                      // the channel correlation without and with CDCR
        Assert.Matches(@"WTI (\+|\\u002B)CDCR", html);            // (JSON writes + as \u002B)
        Assert.True(File.Exists(Path.Combine(outDir, "runs", "runs.db")));

        // Bad options are named, with exit code 2, before any work.
        var (bad, message) = CliProcess.RunCombined("demo", "--preset", "huge");
        Assert.Equal(2, bad);
        Assert.Contains("--preset huge: expected tiny, small or full", message);
        (bad, message) = CliProcess.RunCombined("demo", "--quick", "--only", "xti", "--out", outDir);
        Assert.Equal(2, bad);
        Assert.Contains("--only xti: not a row of the demo grid (its rows: dp, ti, wti)", message);
    }
}
