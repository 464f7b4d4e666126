using System.Diagnostics;
using TvrLab.Models;
using TvrLab.Models.Heads;
using TvrLab.Runs;
using TvrLab.Torch.Safetensors;
using static TvrLab.Torch.torch;

namespace TvrLab.Experiments;

/// <summary>One cell of DRL's ablation grid: an interaction, a temporal module, CDCR on or off.</summary>
/// <param name="interaction">DP, TI, WTI or XTI.</param>
/// <param name="temporal">none or seqTransf.</param>
/// <param name="cdcr">CDCR with the reference script's mode and alpha1 for the interaction (XTI has none).</param>
public sealed record DrlCell(Interaction interaction, DrlTemporal temporal, bool cdcr)
{
    /// <summary>The cell's short name, e.g. "wti-seqtransf-cdcr", "dp-none".</summary>
    public string Name => $"{interaction}-{temporal.ToString().ToLowerInvariant()}{(cdcr ? "-cdcr" : "")}";

    /// <summary>The method (bar group) and setting (bar) of the cell in an ablation plot.</summary>
    public string Method => interaction.ToString().ToUpperInvariant() + (cdcr ? "+CDCR" : "");
    public string Setting => temporal == DrlTemporal.none ? "no temporal" : temporal.ToString();

    /// <summary>The cell's preset name at a size: drl-CELL-SIZE.</summary>
    public string PresetName(string size) => $"drl-{Name}-{size}";

    /// <summary>The DRL settings of the cell (model.options).</summary>
    public Dictionary<string, string> Options() => DrlOptions.From(new DrlConfig(ClipConfig.Tiny, interaction, temporal,
        cdcr ? DrlConfig.DefaultCdcrMode(interaction) : 0));
}

/// <summary>A finished grid cell: its run in the run store and its final metrics (both directions).</summary>
public sealed record DrlGridRow(DrlCell Cell, string Preset, long RunId, string RunName, bool Completed, IReadOnlyDictionary<string, double> Metrics, double Seconds)
{
    /// <summary>A final metric (t2v_R1, t2v_R5, t2v_R10, t2v_MdR, t2v_MnR, v2t_..., rsum), NaN when the run has none.</summary>
    public double this[string metric] => Metrics.TryGetValue(metric, out var v) ? v : double.NaN;
}

/// <summary>Progress of a grid: which cell of how many, and the running cell's own progress.</summary>
public sealed record DrlGridProgress(int Cell, int Cells, DrlCell Current, ExperimentProgress? Inner);

/// <summary>
/// DRL's ablation grid (the paper's Tables 2-3 and the reference README's ablation): {DP, TI, WTI, XTI} x {no temporal
/// module, seqTransf} x {without, with CDCR}, XTI without CDCR only (the reference defines none for it): 14 cells, one
/// preset each at every size (<c>drl-wti-seqtransf-cdcr-tiny</c>, ...). tiny and small are the CLIP4Clip presets' data,
/// CLIP and optimiser with the DRL head (tiny: SynthVTT tiny, CI on a CPU; small: a laptop CPU; full: a GPU with the
/// paper's settings and OpenAI's ViT-B/32 in model.pretrained). Every run goes to the run store.
/// </summary>
/// <example><code>
/// var rows = DrlAblation.RunGrid("tiny", new ExperimentOptions { RunsDir = "runs" }, only: ["dp-none", "wti-none"]);
/// foreach (var r in rows) Console.WriteLine($"{r.Cell.Name}: t2v R@1 {r["t2v_R1"]:0.0}");
/// </code></example>
public static class DrlAblation
{
    /// <summary>The sizes: tiny, small, full.</summary>
    public static readonly string[] Sizes = ["tiny", "small", "full"];

    /// <summary>Every cell of the grid, in the order the paper reads it (interaction, then temporal, then CDCR).</summary>
    public static IReadOnlyList<DrlCell> Cells { get; } =
    [
        .. from interaction in new[] { Interaction.dp, Interaction.ti, Interaction.wti, Interaction.xti }
           from temporal in new[] { DrlTemporal.none, DrlTemporal.seqTransf }
           from cdcr in new[] { false, true }
           where !(cdcr && interaction == Interaction.xti)
           select new DrlCell(interaction, temporal, cdcr),
    ];

    /// <summary>The grid's presets at a size, one per cell (or those named in <paramref name="only"/>: cell names such as "wti-none", or prefixes such as "wti").</summary>
    public static IReadOnlyList<(DrlCell cell, Preset preset)> Grid(string size, IReadOnlyCollection<string>? only = null)
    {
        if (!Sizes.Contains(size)) throw new ArgumentException($"DRL grid size \"{size}\": expected one of {string.Join(", ", Sizes)}");
        var cells = Select(only);
        return cells.Select(c => (c, Presets.Get(c.PresetName(size)))).ToList();
    }

    /// <summary>
    /// Trains every cell of the grid at <paramref name="size"/> (or the <paramref name="only"/> ones) one after the
    /// other with <see cref="Experiment.Train"/>, each stored in the run store, and returns one row per cell.
    /// </summary>
    public static IReadOnlyList<DrlGridRow> RunGrid(string size, ExperimentOptions? options = null, IReadOnlyCollection<string>? only = null,
                                                   IProgress<DrlGridProgress>? progress = null, IEnumerable<string>? overrides = null,
                                                   CancellationToken ct = default)
    {
        options ??= new ExperimentOptions();
        var grid = Grid(size, only);
        var assignments = overrides?.ToList() ?? [];
        var rows = new List<DrlGridRow>();
        for (int i = 0; i < grid.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (cell, preset) = grid[i];
            if (assignments.Count > 0) preset = Overrides.Apply(preset, assignments);
            int index = i;
            var inner = progress is null ? null : new InlineProgress<ExperimentProgress>(p => progress.Report(new DrlGridProgress(index, grid.Count, cell, p)));
            progress?.Report(new DrlGridProgress(i, grid.Count, cell, null));
            var clock = Stopwatch.StartNew();
            var result = Experiment.Train(preset, options with { Progress = inner, RunName = options.RunName is { } n ? $"{n}-{cell.Name}" : null }, ct);
            rows.Add(new DrlGridRow(cell, preset.name, result.RunId, result.RunName, result.Completed, result.FinalMetrics, clock.Elapsed.TotalSeconds));
            if (!result.Completed) break;
        }
        return rows;
    }

    /// <summary>The cells named by <paramref name="only"/> (a cell's exact name, else every cell the name is a prefix of: "wti", "dp-none"
    /// is the one cell, "ti-seqtransf" both CDCR settings), every cell when null or empty.</summary>
    public static IReadOnlyList<DrlCell> Select(IReadOnlyCollection<string>? only)
    {
        if (only is null || only.Count == 0) return Cells;
        var chosen = new List<DrlCell>();
        foreach (var name in only)
        {
            var key = name.Trim().ToLowerInvariant();
            var exact = Cells.Where(c => c.Name == key).ToList();
            var matches = exact.Count > 0 ? exact : Cells.Where(c => c.Name.StartsWith(key + "-", StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
                throw new ArgumentException($"--only {name}: no DRL grid cell is called that; the cells are {string.Join(", ", Cells.Select(c => c.Name))}");
            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }
        return Cells.Where(chosen.Contains).ToList();
    }

    /// <summary>Every DRL preset: each cell at each size (registered by <see cref="Presets"/>).</summary>
    public static IEnumerable<Preset> AllPresets() =>
        from size in Sizes from cell in Cells select Preset(cell, size);

    /// <summary>A cell's preset at a size: the CLIP4Clip preset of that size with the DRL head.</summary>
    public static Preset Preset(DrlCell cell, string size)
    {
        var name = cell.PresetName(size);
        var baseline = size switch
        {
            "tiny" => Presets.Tiny(name, "meanP"),
            "small" => Presets.Small(name, "meanP"),
            "full" => Presets.Full(name, "meanP"),
            _ => throw new ArgumentException($"DRL grid size \"{size}\": expected one of {string.Join(", ", Sizes)}"),
        };
        var description = $"DRL {cell.Method} ({cell.Setting}) on SynthVTT {size}: " + baseline.description[(baseline.description.IndexOf(" on ", StringComparison.Ordinal) + 4)..];
        return baseline with
        {
            description = description,
            model = baseline.model with { kind = "drl", sim_header = "meanP", options = cell.Options() },
        };
    }

    /// <summary>
    /// The "drl" model kind of <see cref="ModelRegistry"/>: CLIP from the section (or a CLIP/DRL checkpoint in
    /// <see cref="ModelSection.pretrained"/>), the rest from <see cref="ModelSection.options"/> (<see cref="DrlOptions"/>).
    /// </summary>
    public static DRL CreateModel(ModelSection section)
    {
        var clip = ClipConfig.Preset(section.clip);
        if (section.image_resolution > 0)
        {
            if (section.image_resolution % clip.vision_patch_size != 0)
                throw new ArgumentException($"model.image_resolution = {section.image_resolution}: expected a multiple of {section.clip}'s patch size {clip.vision_patch_size}");
            clip = clip with { image_resolution = section.image_resolution };
        }
        var config = DrlOptions.Parse(clip, section.options, section.cross_num_hidden_layers);
        if (section.pretrained is not { } path) return new DRL(config);
        if (!File.Exists(path)) throw new FileNotFoundException($"model.pretrained: {path} does not exist (expected a CLIP or DRL .safetensors file)", path);
        using var scope = NewDisposeScope();
        var (model, _) = DRL.FromPretrained(safetensors.load_file(path), config);
        return model;
    }
}
