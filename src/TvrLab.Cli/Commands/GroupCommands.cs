using System.CommandLine;

namespace TvrLab.Cli.Commands;

/// <summary>
/// Command groups whose subcommands come from several areas. Each area defines its subcommand in its own file and
/// adds one line here.
/// </summary>
internal static class GroupCommands
{
    /// <summary>`tvrlab bench ...`: performance measurements (never timed tests).</summary>
    public static Command Bench() => Group("bench", "Measure performance: per-op overhead, tokenizer, data pipeline, training step.",
    [
        OpsBench.Create(),
        BenchTokenizerCommand.Create(),
        DataBench.Create(),
        DrlEvalBench.Create(),
        TrainBenchCommand.Create(),
    ]);

    /// <summary>`tvrlab data ...`: datasets: statistics, the frame cache, the SynthVTT generator.</summary>
    public static Command Data() => Group("data", "Datasets: annotation statistics, frame cache, SynthVTT generation.",
    [
        DataStatsCommand.Create(),
        DataSynthCommand.Create(),
        DataCacheCommand.Create(),
    ]);

    static Command Group(string name, string description, Command[] subcommands)
    {
        var group = new Command(name, description);
        foreach (var c in subcommands) group.Subcommands.Add(c);
        return group;
    }
}
