using System.CommandLine;
using Spectre.Console;
using TvrLab.Experiments;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab bench train --preset NAME [--steps N] [--set k=v ...]`: the training step on random batches.</summary>
internal static class TrainBenchCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = $"Experiment preset: {string.Join(", ", Presets.Names)}", Required = true };
        var steps = new Option<int>("--steps") { Description = "Timed steps (after 3 warmup steps)", DefaultValueFactory = _ => 20 };
        var set = new Option<string[]>("--set") { Description = "Override a setting: section.key=value, repeatable (e.g. train.batch_size=64, model.device=cuda)" };
        var command = new Command("train", "Training-step throughput of a preset on random batches: clips/s, ms/step (forward, backward, optimiser), peak memory.");
        foreach (var o in new Option[] { preset, steps, set }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            Preset p;
            try { p = Overrides.Apply(Presets.Get(parse.GetValue(preset)!), parse.GetValue(set) ?? []); }
            catch (ArgumentException e) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
            int n = parse.GetValue(steps);
            if (n < 1) { Console.Error.WriteLine("error: --steps must be at least 1"); return 2; }
            TrainBenchResult r;
            try
            {
                r = AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(ctx =>
                {
                    var task = ctx.AddTask($"{p.name} steps", maxValue: n + 3);
                    return TrainBench.Run(p, n, 3, new InlineProgress<int>(i => task.Value = i));
                });
            }
            catch (Training.TrainingOutOfMemoryException e) { Console.Error.WriteLine($"error: {e.Message}"); return 4; }
            catch (Torch.TorchOutOfMemoryException e)
            {
                Console.Error.WriteLine($"error: out of memory at batch {p.train.batch_size}: try --set train.batch_size={Math.Max(1, p.train.batch_size / 2)} ({e.Message})");
                return 4;
            }
            Console.WriteLine($"{r.Preset} on {r.Device}, batch {r.BatchSize}, {r.Steps} steps: {r.ClipsPerSecond:0.0} clips/s, {r.MsPerStep:0.0} ms/step " +
                              $"(forward {r.ForwardMs:0.0} ms, backward {r.BackwardMs:0.0} ms, optimizer {r.OptimizerMs:0.0} ms), peak memory {r.PeakMemoryBytes / (1024.0 * 1024):0} MiB, {r.Threads} threads");
            Console.WriteLine($"{r.Parameters:N0} parameters, {r.Trainable:N0} trained; frames {p.data.max_frames} x {p.data.frame_size} px, {p.data.max_words} tokens, bf16 {(p.train.bf16 && r.Device.StartsWith("cuda") ? "on" : "off")}");
            return 0;
        });
        return command;
    }
}
