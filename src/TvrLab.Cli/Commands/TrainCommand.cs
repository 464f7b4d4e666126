using System.CommandLine;
using Spectre.Console;
using TvrLab.Experiments;
using TvrLab.Training;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab train --preset NAME [--set k=v ...] [--runs DIR] [--data DIR] [--resume PATH]`.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = $"Experiment preset: {string.Join(", ", Presets.Names)}", Required = true };
        var set = new Option<string[]>("--set") { Description = "Override a setting: section.key=value (sections data, model, train, eval), repeatable", AllowMultipleArgumentsPerToken = false };
        var runs = new Option<string?>("--runs") { Description = "Run store folder (default: $TVRLAB_RUNS or data/runs)" };
        var data = new Option<string>("--data") { Description = "Data folder: SynthVTT and frame caches go here", DefaultValueFactory = _ => "data" };
        var resume = new Option<string?>("--resume") { Description = "Resume from a \"last\" checkpoint folder (same preset and overrides)" };
        var name = new Option<string?>("--name") { Description = "Run name (default: preset-time-seed)" };
        var vocab = new Option<string?>("--vocab") { Description = "CLIP BPE vocabulary (default: the one the kit finds)" };
        var command = new Command("train", "Train a preset (CLIP4Clip, ...) on its data; logs to the run store and writes best and last checkpoints.");
        foreach (var o in new Option[] { preset, set, runs, data, resume, name, vocab }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            Preset p;
            try { p = Overrides.Apply(Presets.Get(parse.GetValue(preset)!), parse.GetValue(set) ?? []); }
            catch (ArgumentException e) { Console.Error.WriteLine($"error: {e.Message}"); return Task.FromResult(2); }
            var options = new ExperimentOptions
            {
                DataRoot = parse.GetValue(data)!, RunsDir = parse.GetValue(runs), Resume = parse.GetValue(resume), RunName = parse.GetValue(name),
                Vocabulary = parse.GetValue(vocab),
            };
            return Task.FromResult(Run(p, options, ct));
        });
        return command;
    }

    static int Run(Preset preset, ExperimentOptions options, CancellationToken ct)
    {
        Console.WriteLine($"{preset.name}: {preset.description}");
        ExperimentResult result;
        try
        {
            result = AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var prep = ctx.AddTask("data", maxValue: 1);
                    ProgressTask? train = null;
                    var progress = new InlineProgress<ExperimentProgress>(e =>
                    {
                        if (e.Train is not { } t) { prep.Description = Markup.Escape(e.Message); return; }
                        if (train is null)
                        {
                            prep.Value = 1;
                            prep.StopTask();
                            train = ctx.AddTask("train", maxValue: Math.Max(1, t.TotalSteps));
                        }
                        train.Value = t.Step;
                        train.Description = Markup.Escape(t.Phase switch
                        {
                            "train" => $"epoch {t.Epoch + 1}/{t.Epochs} loss {t.Loss:0.0000} lr {t.Lr:0.##e+0} {t.ClipsPerSecond:0} clips/s",
                            "eval" when t.Metrics is { } m => $"epoch {t.Epoch + 1}/{t.Epochs} t2v R@1 {m.GetValueOrDefault("t2v_R1"):0.#} R@5 {m.GetValueOrDefault("t2v_R5"):0.#}",
                            _ => e.Message,
                        });
                        if (t.Phase == "eval" && t.Metrics is { } metrics)
                            AnsiConsole.MarkupLine(Markup.Escape($"epoch {t.Epoch + 1}: loss {metrics.GetValueOrDefault("loss"):0.0000}  t2v R@1 {metrics.GetValueOrDefault("t2v_R1"):0.0} R@5 {metrics.GetValueOrDefault("t2v_R5"):0.0} R@10 {metrics.GetValueOrDefault("t2v_R10"):0.0} MdR {metrics.GetValueOrDefault("t2v_MdR"):0.#}  v2t R@1 {metrics.GetValueOrDefault("v2t_R1"):0.0}"));
                    });
                    return Experiment.Train(preset, options with { Progress = progress }, ct);
                });
        }
        catch (TrainingDivergedException e) { Console.Error.WriteLine($"error: {e.Message}"); return 3; }
        catch (TrainingOutOfMemoryException e) { Console.Error.WriteLine($"error: {e.Message}"); return 4; }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or InvalidOperationException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        if (!result.Completed)
        {
            Console.WriteLine($"run {result.RunName} (id {result.RunId}) stopped; resume with: tvrlab train --preset {preset.name} ... --resume {result.LastCheckpoint}");
            return 130;
        }
        var table = new Table().AddColumns("metric", "value");
        foreach (var key in new[] { "t2v_R1", "t2v_R5", "t2v_R10", "t2v_MdR", "t2v_MnR", "v2t_R1", "v2t_R5", "v2t_R10", "v2t_MdR", "loss" })
            if (result.FinalMetrics.TryGetValue(key, out var v)) table.AddRow(key, v.ToString("0.##"));
        AnsiConsole.Write(table);
        Console.WriteLine($"run {result.RunName} (id {result.RunId}), {result.Seconds:0.0} s");
        Console.WriteLine($"best checkpoint: {result.BestCheckpoint}");
        Console.WriteLine($"last checkpoint: {result.LastCheckpoint}");
        return 0;
    }
}
