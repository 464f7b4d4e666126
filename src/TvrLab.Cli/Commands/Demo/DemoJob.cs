using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Spectre.Console;
using TvrLab.Data.Loading;
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
/// <param name="Overrides">Settings for every cell's preset (<c>--set train.max_batches_per_epoch=5</c>).</param>
internal sealed record DemoSettings(string Preset, string DataRoot, string OutDir, int Seed, int? Epochs, IReadOnlyList<string>? Only, IReadOnlyList<string> Overrides)
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
    public static int Run(DemoSettings settings, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var console = Output.Console;
        console.MarkupLine($"[bold]TvrLab demo[/] ({settings.Preset}): SynthVTT {settings.Preset} → DRL ablation grid → report. " +
                           "Data in [blue]" + Markup.Escape(settings.DataRoot) + "[/], runs and report in [blue]" + Markup.Escape(settings.OutDir) + "[/].");
        IReadOnlyList<(DrlCell Cell, Preset Preset)> cells;
        try { cells = DemoGrid.Cells(settings); }   // bad --only or --set values fail before any work
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        try
        {
            var data = GenerateData(settings, cells[0].Preset.data);
            var dataSeconds = clock.Elapsed.TotalSeconds;
            var store = RunStore.Open(settings.RunsDir);
            var grid = DemoGrid.Run(settings, cells, store, cancel);
            var gridSeconds = clock.Elapsed.TotalSeconds - dataSeconds;

            var report = AblationReport.Build($"TvrLab demo: DRL ablation on SynthVTT {settings.Preset}", store, grid.Select(g => g.Run), r => grid.First(g => g.Run.Id == r.Id).Cell,
                note: $"{grid.Count} runs of DRL's interaction ({string.Join(", ", grid.Select(g => g.Cell.Method).Distinct())}) × CDCR grid, no temporal module, on SynthVTT {settings.Preset} ({data.Videos} videos), " +
                      $"made by `tvrlab demo` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; text-to-video R@1 on the test split (chance {100.0 / data.TestVideos:0.#}).");
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

    /// <summary>
    /// SynthVTT as the grid's presets name it, where <see cref="Experiment.Sources"/> keeps it (generated when not
    /// complete; a second demo reuses it), with a progress bar. Returns the split sizes.
    /// </summary>
    static (int Videos, int TestVideos) GenerateData(DemoSettings settings, DataSection data)
    {
        (DataSource Train, DataSource Test) sources = default;
        Output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"SynthVTT {data.synth_preset}", maxValue: 1);
                var progress = new InlineProgress<ExperimentProgress>(p =>
                {
                    // "SynthVTT videos 40/100": the generator's stage and count.
                    if (Regex.Match(p.Message, @"(\d+)/(\d+)$") is { Success: true } m && double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) is > 0 and var total)
                        (task.MaxValue, task.Value) = (total, double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                    task.Description = Markup.Escape(p.Message);
                });
                sources = Experiment.Sources(data, new ExperimentOptions { DataRoot = settings.DataRoot, Progress = progress });
                task.Value = task.MaxValue;
                task.Description = $"SynthVTT {data.synth_preset}";
            });
        var (train, test) = (VideoTextData.Read(sources.Train), VideoTextData.Read(sources.Test));
        Output.Console.MarkupLine($"SynthVTT {data.synth_preset} in {Markup.Escape(sources.Train.Annotations)}: {train.Videos.Count} training and {test.Videos.Count} test videos.");
        return (train.Videos.Count + test.Videos.Count, test.Videos.Count);
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
