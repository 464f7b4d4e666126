using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TvrLab.Torch;
using TvrLab.Verification;

namespace TvrLab.Cli.Commands;

/// <summary>
/// `tvrlab verify PATH`: runs golden references (a tvr-golden/1 suite folder, a golden file such as the tokenizer's
/// .jsonl, or a folder of them) against the kit and prints one row per case. Exit code 0 when every case passed,
/// 1 when any failed or used an unknown op, 2 when the path could not be read.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A golden suite folder (manifest.json + tensors.safetensors), a golden file, or a folder of them" };
        var device = new Option<string>("--device") { Description = "Where the ops run: cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        var command = new Command("verify", "Check the kit's implementations against golden reference outputs (../shared/golden format tvr-golden/1).");
        command.Arguments.Add(path);
        command.Options.Add(device);
        command.SetAction(parseResult => Run(parseResult.GetValue(path)!, Device.Parse(parseResult.GetValue(device)!)));
        return command;
    }

    static int Run(string path, Device device)
    {
        var console = Output.Console;
        IReadOnlyList<VerificationReport> reports;
        try { reports = Verifier.Run(path, KnownGoldenOps.Create(), device); }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
        foreach (var report in reports) Print(console, report);
        var passed = reports.Sum(r => r.PassedCount);
        var failed = reports.Sum(r => r.FailedCount);
        console.MarkupLineInterpolated($"{passed} passed, {failed} failed");
        return reports.All(r => r.Passed) ? 0 : 1;
    }

    static void Print(IAnsiConsole console, VerificationReport report)
    {
        var table = new Table().Title(Markup.Escape(report.Path)).Border(TableBorder.Simple)
            .AddColumn(new TableColumn("case").NoWrap()).AddColumn(new TableColumn("op").NoWrap()).AddColumn("result")
            .AddColumn(new TableColumn("worst |a-e|").RightAligned()).AddColumn(new TableColumn("of tolerance").RightAligned());
        foreach (var r in report.Results)
        {
            var result = r.Outcome switch
            {
                CaseOutcome.Passed => "[green]pass[/]",
                CaseOutcome.UnknownOp => "[red]unknown op[/]",
                CaseOutcome.Error => "[red]error[/]",
                _ => "[red]FAIL[/]",
            };
            table.AddRow(Markup.Escape(r.Case), Markup.Escape(r.Op), result, Number(r.WorstDeviation, "0.00e+00"), Share(r.WorstToleranceRatio));
        }
        console.Write(table);
        foreach (var r in report.Results.Where(r => !r.Passed))
            console.MarkupLineInterpolated($"  [red]{r.Case}[/]: {r.Detail}");
    }

    /// <summary>The worst deviation as a share of the allowed one: "<0.1%" ... "100%" passes.</summary>
    static string Share(double ratio) =>
        double.IsFinite(ratio) && ratio < 0.001 ? "<0.1%" : Number(ratio * 100, "0.#") + (double.IsFinite(ratio) ? "%" : "");

    static string Number(double v, string format) =>
        double.IsNaN(v) ? "-" : double.IsInfinity(v) ? "inf" : v.ToString(format, CultureInfo.InvariantCulture);
}
