using System.Globalization;
using Spectre.Console;
using TvrLab.Experiments;
using TvrLab.Runs;
using TvrLab.Viz;

namespace TvrLab.Cli.Commands.Demo;

/// <summary>A finished cell of the demo's grid: where it sits (interaction, CDCR), its DRL cell, its run and its best checkpoint.</summary>
internal sealed record DemoGridRun(GridCell Cell, DrlCell Drl, Preset Preset, RunRecord Run, string? Checkpoint);

/// <summary>
/// The demo's ablation grid: DRL's interactions DP, TI and WTI, each without and with CDCR, no temporal module (the
/// cells <c>dp-none</c>, <c>dp-none-cdcr</c>, ... of <see cref="DrlAblation"/>), trained with
/// <see cref="DrlAblation.RunGrid"/> under progress bars.
/// </summary>
internal static class DemoGrid
{
    /// <summary>The demo's rows (interactions); each is run without and with CDCR.</summary>
    public static readonly string[] Rows = ["dp", "ti", "wti"];

    /// <summary>The DRL cells the demo runs (<c>--only</c> narrows the rows) and their presets at the demo's size.</summary>
    public static IReadOnlyList<(DrlCell Cell, Preset Preset)> Cells(DemoSettings settings)
    {
        var rows = settings.Only?.Select(o => o.Trim().ToLowerInvariant()).ToList() ?? [.. Rows];
        var unknown = rows.Where(r => !Rows.Contains(r)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"--only {string.Join(" ", unknown)}: not a row of the demo grid (its rows: {string.Join(", ", Rows)})");
        var grid = DrlAblation.Grid(settings.Preset, rows.SelectMany(r => new[] { $"{r}-none", $"{r}-none-cdcr" }).ToList());   // dp-none, dp-none-cdcr, ...
        return grid.Select(g => (g.cell, Experiments.Overrides.Apply(g.preset, Overrides(settings, g.preset)))).ToList();
    }

    /// <summary>Where a DRL cell sits in the report: the interaction as the bar group, CDCR off or on as the bar.</summary>
    public static GridCell Place(DrlCell cell) => new(cell.interaction.ToString().ToUpperInvariant(), cell.cdcr ? "+CDCR" : "no CDCR");

    /// <summary>
    /// The demo's time budget per size, applied before the command line's settings: on a CPU every cell trains one
    /// epoch (tiny: the whole split; small: 50 batches of 64), so the grid fits the demo's minutes; full keeps the preset.
    /// </summary>
    public static IReadOnlyList<string> Budget(string size) => size switch
    {
        "tiny" => ["train.epochs=1"],
        "small" => ["train.epochs=1", "train.max_batches_per_epoch=50"],
        _ => [],
    };

    /// <summary>The settings every cell gets: the size's budget, then the command line's (<c>--set</c>, <c>--epochs</c>, <c>--seed</c>).</summary>
    static List<string> Overrides(DemoSettings settings, Preset cell)
    {
        var list = new List<string>(Budget(settings.Preset));
        list.AddRange(settings.Overrides);
        if (settings.Epochs is { } epochs) list.Add($"train.epochs={epochs}");
        if (settings.Seed != 0) list.Add($"train.seed={cell.train.seed + settings.Seed}");
        return list;
    }

    /// <summary>Trains every cell (one stored run each): a bar for the grid and one for the running cell.</summary>
    public static IReadOnlyList<DemoGridRun> Run(DemoSettings settings, IReadOnlyList<(DrlCell Cell, Preset Preset)> cells, RunStore store, CancellationToken cancel)
    {
        var overrides = Overrides(settings, DrlAblation.Grid(settings.Preset, [cells[0].Cell.Name])[0].preset);
        var options = new ExperimentOptions { DataRoot = settings.DataRoot, RunsDir = store.Folder, RunName = "demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) };
        IReadOnlyList<DrlGridRow> rows = [];
        Output.Console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var all = ctx.AddTask($"grid 0/{cells.Count}", maxValue: cells.Count);
                var current = ctx.AddTask("starting", maxValue: 1);
                var progress = new InlineProgress<DrlGridProgress>(p =>
                {
                    all.Value = p.Cell;
                    var name = $"{Place(p.Current).Method} {Place(p.Current).Setting}";
                    all.Description = Markup.Escape($"grid {p.Cell}/{p.Cells}: {name}");
                    if (p.Inner is null) { current.Value = 0; current.Description = Markup.Escape($"{name}: preparing"); return; }
                    if (p.Inner.Train is { } t && t.TotalSteps > 0) (current.MaxValue, current.Value) = (t.TotalSteps, t.Step);
                    current.Description = Markup.Escape($"{name}: {p.Inner.Message}");
                });
                rows = DrlAblation.RunGrid(settings.Preset, options, cells.Select(c => c.Cell.Name).ToList(), progress, overrides, cancel);   // the DRL grid, one call
                (all.Value, current.Value) = (rows.Count, current.MaxValue);
                all.Description = $"grid {rows.Count}/{cells.Count}";
            });
        cancel.ThrowIfCancellationRequested();
        return rows.Select(r => new DemoGridRun(Place(r.Cell), r.Cell, cells.First(c => c.Cell == r.Cell).Preset, store.FindRun(r.RunName)!,
                                                store.Checkpoints(r.RunId).LastOrDefault(c => c.Kind == "best")?.Path)).ToList();
    }
}
