using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TvrLab.Experiments;
using TvrLab.Runs;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab ablate drl`: DRL's ablation grid at a size, every cell trained and stored in the run store.</summary>
internal static class AblateCommand
{
    public static Command Create()
    {
        var group = new Command("ablate", "Run a paper's ablation grid: every cell trained, evaluated and stored in the run store.");
        group.Subcommands.Add(Drl());
        return group;
    }

    static Command Drl()
    {
        var preset = new Option<string>("--preset") { Description = "Grid size: tiny (CI, a CPU), small (a laptop CPU), full (a GPU).", DefaultValueFactory = _ => "tiny" };
        var only = new Option<string[]>("--only") { Description = $"Cells to run (names or prefixes, comma- or space-separated): {string.Join(", ", DrlAblation.Cells.Select(c => c.Name))}.", AllowMultipleArgumentsPerToken = true };
        var runs = new Option<string?>("--runs") { Description = $"Run store folder (default ${RunStore.FolderVariable} or the user's default)." };
        var data = new Option<string>("--data") { Description = "Folder for SynthVTT and the frame caches.", DefaultValueFactory = _ => "data" };
        var set = new Option<string[]>("--set") { Description = "Override a setting of every cell's preset, e.g. --set train.epochs=2.", AllowMultipleArgumentsPerToken = true };
        var vocab = new Option<string?>("--vocab") { Description = "CLIP BPE vocabulary (default: the one the kit finds)." };
        var command = new Command("drl", "DRL's grid {DP, TI, WTI, XTI} x {no temporal module, seqTransf} x {without, with CDCR} (XTI without CDCR): 14 cells.");
        foreach (var o in new Option[] { preset, only, runs, data, set, vocab }) command.Options.Add(o);
        command.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(preset)!, Split(parse.GetValue(only)), parse.GetValue(runs), parse.GetValue(data)!,
                                                             parse.GetValue(set) ?? [], parse.GetValue(vocab), ct)));
        return command;
    }

    static string[] Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    static int Run(string size, string[] only, string? runs, string dataRoot, string[] overrides, string? vocab, CancellationToken ct)
    {
        IReadOnlyList<(DrlCell cell, Preset preset)> grid;
        try
        {
            grid = DrlAblation.Grid(size, only);
            foreach (var (_, p) in grid) Overrides.Apply(p, overrides);   // bad --set values fail before any training
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        var store = RunStore.Open(runs);
        Console.WriteLine($"DRL ablation at {size}: {grid.Count} cell(s); run store {store.Folder}");
        var options = new ExperimentOptions { DataRoot = dataRoot, RunsDir = store.Folder, Vocabulary = vocab };
        IReadOnlyList<DrlGridRow> rows = [];
        try
        {
            AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var all = ctx.AddTask($"grid 0/{grid.Count}", maxValue: grid.Count);
                    var cellTask = ctx.AddTask("starting", maxValue: 1);
                    var progress = new InlineProgress<DrlGridProgress>(p =>
                    {
                        all.Value = p.Cell;
                        all.Description = Markup.Escape($"grid {p.Cell}/{p.Cells}: {p.Current.Name}");
                        if (p.Inner is null) { cellTask.Value = 0; cellTask.Description = Markup.Escape($"{p.Current.Name}: preparing"); return; }
                        if (p.Inner.Train is { } t && t.TotalSteps > 0)
                        {
                            cellTask.MaxValue = t.TotalSteps;
                            cellTask.Value = t.Step;
                        }
                        cellTask.Description = Markup.Escape($"{p.Current.Name}: {p.Inner.Message}");
                    });
                    rows = DrlAblation.RunGrid(size, options, only, progress, overrides, ct);
                    all.Value = rows.Count;
                    all.Description = Markup.Escape($"grid {rows.Count}/{grid.Count}");
                    cellTask.Value = cellTask.MaxValue;
                });
        }
        catch (OperationCanceledException) { return Cancelled(null); }   // between cells
        AnsiConsole.Write(Table(rows, size));
        if (ct.IsCancellationRequested) return Cancelled(rows.LastOrDefault(r => !r.Completed));   // within a cell
        return rows.All(r => r.Completed) ? 0 : 1;

        static int Cancelled(DrlGridRow? stopped)
        {
            Console.Error.WriteLine("cancelled; the finished cells are in the run store" +
                                    (stopped is null ? "" : $"; {stopped.Cell.Name} stopped with a resumable checkpoint (run {stopped.RunName})"));
            return 130;
        }
    }

    /// <summary>The grid's final metrics, both directions, one row per cell.</summary>
    internal static Table Table(IReadOnlyList<DrlGridRow> rows, string size)
    {
        var table = new Table().Title(Markup.Escape($"DRL ablation, SynthVTT {size}"));
        table.AddColumn("cell");
        foreach (var dir in new[] { "t2v", "v2t" })
            foreach (var m in new[] { "R1", "R5", "R10", "MdR", "MnR" })
                table.AddColumn(new TableColumn($"{dir} {m}").RightAligned());
        table.AddColumn("run").AddColumn(new TableColumn("s").RightAligned());
        foreach (var r in rows)
        {
            var cells = new List<string> { r.Cell.Name };
            foreach (var dir in new[] { "t2v", "v2t" })
                foreach (var m in new[] { "R1", "R5", "R10", "MdR", "MnR" })
                    cells.Add(double.IsNaN(r[$"{dir}_{m}"]) ? "-" : r[$"{dir}_{m}"].ToString("F1", CultureInfo.InvariantCulture));
            cells.Add(r.RunName);
            cells.Add(r.Seconds.ToString("F0", CultureInfo.InvariantCulture));
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        return table;
    }
}
