using System.CommandLine;

namespace TvrLab.Cli.Commands.Demo;

/// <summary>
/// `tvrlab demo`: the kit's main job. Generates SynthVTT (small, or tiny with <c>--quick</c>), runs DRL's ablation grid
/// on it, and writes a standalone HTML report (the grid as a table and bars, training curves, an interaction matrix,
/// the channel correlation). `tvrlab demo --engine` is the short engine-only demo (an MLP on a spiral).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "SynthVTT tiny and the tiny grid: about 2 minutes on 2 CPU cores (default: small, about 10 minutes)." };
        var preset = new Option<string?>("--preset") { Description = "The size: tiny, small or full (default small, or tiny with --quick)." };
        var data = new Option<string?>("--data") { Description = "Where datasets and frame caches go (default data/ under the repository; SynthVTT there is reused when it matches)." };
        var output = new Option<string?>("--out") { Description = "Where the run store and report.html go (default data/runs/demo-<preset>)." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs per grid cell (default: 1 on tiny and small, within the demo's budget; the preset's at full)." };
        var only = new Option<string[]>("--only")
        {
            Description = "Run only these grid rows (interaction names, e.g. --only dp wti); default the whole demo grid.",
            AllowMultipleArgumentsPerToken = true,
        };
        var set = new Option<string[]>("--set") { Description = "Override a setting of every cell's preset, e.g. --set train.max_batches_per_epoch=5.", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int>("--seed") { Description = "Seed of every run.", DefaultValueFactory = _ => 0 };
        var engine = new Option<bool>("--engine") { Description = "Run the engine-only demo instead (a small MLP learns a spiral on the CPU)." };
        var steps = new Option<int>("--steps") { Description = "Training steps of the --engine demo.", DefaultValueFactory = _ => 600 };

        var command = new Command("demo", "The kit's main job: SynthVTT, DRL's ablation grid, and an HTML report of it (--quick: tiny, about 2 minutes).");
        foreach (var o in new Option[] { quick, preset, data, output, epochs, only, set, seed, engine, steps }) command.Options.Add(o);
        command.SetAction((parse, cancel) => Task.FromResult(Run(parse, cancel)));
        return command;

        int Run(ParseResult parse, CancellationToken cancel)
        {
            if (parse.GetValue(engine)) return EngineDemo.Run(parse.GetValue(steps), parse.GetValue(seed));
            var size = (parse.GetValue(preset) ?? (parse.GetValue(quick) ? "tiny" : "small")).ToLowerInvariant();
            if (size is not ("tiny" or "small" or "full"))
            {
                Console.Error.WriteLine($"error: --preset {size}: expected tiny, small or full");
                return 2;
            }
            if (parse.GetValue(epochs) is < 1)
            {
                Console.Error.WriteLine("error: --epochs must be at least 1");
                return 2;
            }
            var root = DemoJob.RepoRoot();
            var settings = new DemoSettings(size,
                Path.GetFullPath(parse.GetValue(data) ?? Path.Combine(root, "data")),
                Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(root, "data", "runs", $"demo-{size}")),
                parse.GetValue(seed), parse.GetValue(epochs), parse.GetValue(only) is { Length: > 0 } o ? o : null, parse.GetValue(set) ?? []);
            return DemoJob.Run(settings, cancel);
        }
    }
}
