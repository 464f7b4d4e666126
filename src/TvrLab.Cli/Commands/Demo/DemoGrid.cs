using TvrLab.Data.Synth;
using TvrLab.Runs;
using TvrLab.Viz;

namespace TvrLab.Cli.Commands.Demo;

/// <summary>A finished cell of the demo's grid: where it sits (method, setting) and the run it left in the store.</summary>
internal sealed record DemoGridRun(GridCell Cell, RunRecord Run);

/// <summary>The demo's ablation grid and the figures of one trained model of it.</summary>
internal static class DemoGrid
{
    /// <summary>Runs every cell of the grid (one stored run each) with a progress bar.</summary>
    public static IReadOnlyList<DemoGridRun> Run(DemoSettings settings, SynthReport data, RunStore store, CancellationToken cancel) =>
        throw new InvalidOperationException("the DRL ablation grid is not in this build yet");

    /// <summary>An interaction matrix of a real test pair and the channel correlation, from the grid's trained models.</summary>
    public static IEnumerable<(string Heading, Figure Figure)> Figures(DemoSettings settings, SynthReport data, RunStore store, IReadOnlyList<DemoGridRun> grid) => [];
}
