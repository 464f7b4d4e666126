using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TvrLab.Data.Synth;
using TvrLab.Experiments;
using TvrLab.Runs;
using TvrLab.Viz;

namespace TvrLab.Cli.Commands.Demo;

/// <summary>What `tvrlab demo` runs: the size, the SynthVTT folder, the output folder, and optional grid reductions.</summary>
/// <param name="Preset">tiny, small or full: the SynthVTT preset and the grid's presets.</param>
/// <param name="DataRoot">Datasets and frame caches (<see cref="ExperimentOptions.DataRoot"/>): SynthVTT is generated there, or reused.</param>
/// <param name="OutDir">The run store (<c>runs/</c>) and <c>report.html</c> go here.</param>
/// <param name="Epochs">Epochs per grid cell (null: the preset's).</param>
/// <param name="Only">Grid rows to run (interaction names), null for the whole demo grid.</param>
internal sealed record DemoSettings(string Preset, string DataRoot, string OutDir, int Seed, int? Epochs, IReadOnlyList<string>? Only)
{
    public string ReportPath => Path.Combine(OutDir, "report.html");
    public string RunsDir => Path.Combine(OutDir, "runs");
}

/// <summary>
/// The demo's three stages, each with a progress bar: the data (SynthVTT, reused when present and generated with the
/// same settings), the ablation grid (<see cref="DemoGrid.Run"/>, every cell a stored run), and the report
/// (<see cref="AblationReport"/> plus the figures of trained models, <see cref="DemoFigures.Build"/>).
/// </summary>
internal static class DemoJob
{
    public static async Task<int> RunAsync(DemoSettings settings, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var console = Output.Console;
        console.MarkupLine($"[bold]TvrLab demo[/] ({settings.Preset}): SynthVTT {settings.Preset} → DRL ablation grid → report. " +
                           "Data in [blue]" + Markup.Escape(settings.DataRoot) + "[/], runs and report in [blue]" + Markup.Escape(settings.OutDir) + "[/].");
        try
        {
            var cells = DemoGrid.Cells(settings);
            var data = await GenerateData(settings, cells[0].Preset.data, cancel);
            var dataSeconds = clock.Elapsed.TotalSeconds;
            var store = RunStore.Open(settings.RunsDir);
            var grid = DemoGrid.Run(settings, cells, store, cancel);
            var gridSeconds = clock.Elapsed.TotalSeconds - dataSeconds;

            var report = AblationReport.Build($"TvrLab demo: DRL ablation on SynthVTT {settings.Preset}", store, grid.Select(g => g.Run), r => grid.First(g => g.Run.Id == r.Id).Cell,
                note: $"{grid.Count} runs of DRL's interaction (DP, TI, WTI) × CDCR grid, no temporal module, on SynthVTT {settings.Preset} ({data.Dataset.Entries.Count} videos), " +
                      $"made by `tvrlab demo` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; text-to-video R@1 on the test split (chance {100.0 / TestVideos(data):0.#}).");
            foreach (var (heading, figure) in DemoFigures.Build(settings, grid, store))
                report.Heading(heading).Add(figure);
            var path = report.Save(settings.ReportPath);

            PrintGrid(console, store, grid);
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Data {dataSeconds:0} s, grid {gridSeconds:0} s, total {clock.Elapsed.TotalSeconds:0} s."));
            console.MarkupLine($"Report: [bold blue]{Markup.Escape(path)}[/]");
            return 0;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled[/]: finished runs are kept in the run store; run the demo again to redo the grid.");
            return 130;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FileNotFoundException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    static int TestVideos(SynthReport data) => data.Dataset.Entries.Count(e => e.Video.Split == "test");

    /// <summary>
    /// SynthVTT as the grid's presets name it, in the folder <see cref="Experiment.Sources"/> uses
    /// (DataRoot/synthvtt-PRESET-sSEED): finished videos are kept, so a second demo renders nothing.
    /// </summary>
    static async Task<SynthReport> GenerateData(DemoSettings settings, DataSection data, CancellationToken cancel)
    {
        var options = SynthOptions.FromPreset(data.synth_preset) with { Seed = data.synth_seed };
        var dir = Path.Combine(settings.DataRoot, $"synthvtt-{data.synth_preset}-s{data.synth_seed}");
        var report = await Output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"SynthVTT {settings.Preset}", maxValue: options.Videos);
                var progress = new SyncProgress<SynthProgress>(p =>
                {
                    task.Description = $"SynthVTT {settings.Preset}: {p.Stage}" + (p.Skipped > 0 ? $" ({p.Skipped} kept)" : "");
                    task.Value = p.Stage is "videos" or "done" ? p.Done : 0;
                });
                var r = await SynthGenerator.GenerateAsync(options, dir, progress, verifyHashes: false, ct: cancel);
                task.Value = options.Videos;
                return r;
            });
        if (!report.Complete)
            throw new InvalidOperationException($"{dir}: {report.Failures.Count} SynthVTT videos failed (e.g. {report.Failures[0].VideoId}: {report.Failures[0].Error}); run the demo again to retry them");
        Output.Console.MarkupLine($"SynthVTT {data.synth_preset} in {Markup.Escape(dir)}: {report.Dataset.Entries.Count} videos ({report.Rendered} rendered now, {report.Kept} kept), " +
                                  $"{report.Elapsed.TotalSeconds:0.0} s.");
        return report;
    }

    static void PrintGrid(IAnsiConsole console, RunStore store, IReadOnlyList<DemoGridRun> grid)
    {
        var table = new Spectre.Console.Table().Title("ablation grid (test split)");
        foreach (var c in new[] { "method", "setting", "t2v R@1", "t2v R@5", "t2v MdR", "v2t R@1", "seconds" }) table.AddColumn(c);
        foreach (var g in grid)
        {
            var m = store.FinalMetrics(g.Run.Id).ToDictionary(x => x.Name, x => x.Value);
            string F(string name, string format = "0.0") => m.TryGetValue(name, out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
            table.AddRow(g.Cell.Method, g.Cell.Setting, F("t2v_R1"), F("t2v_R5"), F("t2v_MdR", "0"), F("v2t_R1"),
                (store.FindRun(g.Run.Id.ToString(CultureInfo.InvariantCulture))?.DurationSeconds ?? 0).ToString("0", CultureInfo.InvariantCulture));
        }
        console.Write(table);
    }

    /// <summary>The folder holding Notebooks.sln above the CLI or the current folder, else the current folder.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln"))) return dir.FullName;
        return Environment.CurrentDirectory;
    }

    /// <summary>IProgress that reports on the caller's thread, in order.</summary>
    internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        readonly Lock gate = new();
        public void Report(T value) { lock (gate) report(value); }
    }
}
