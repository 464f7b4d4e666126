using System.CommandLine;
using Spectre.Console;
using TvrLab.Experiments;
using TvrLab.Retrieval;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab eval --checkpoint PATH [--dsl] [--qbnorm]`: the checkpoint's preset's test split, both directions.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint folder (runs/checkpoints/RUN/best or last)", Required = true };
        var dsl = new Option<bool>("--dsl") { Description = "Also score with the dual softmax (DSL)" };
        var qbnorm = new Option<bool>("--qbnorm") { Description = "Also score text-to-video with QB-Norm (query bank: the training captions)" };
        var data = new Option<string>("--data") { Description = "Data folder the preset's data is in (or is generated to)", DefaultValueFactory = _ => "data" };
        var vocab = new Option<string?>("--vocab") { Description = "CLIP BPE vocabulary (default: the one the kit finds)" };
        var command = new Command("eval", "Evaluate a checkpoint: text-to-video and video-to-text R@1/5/10, MdR, MnR; optionally DSL and QB-Norm.");
        foreach (var o in new Option[] { checkpoint, dsl, qbnorm, data, vocab }) command.Options.Add(o);
        command.SetAction((parse, ct) => Task.FromResult(Run(parse, ct)));
        return command;

        int Run(ParseResult parse, CancellationToken ct)
        {
            var path = parse.GetValue(checkpoint)!;
            EvalResult result;
            try
            {
                var options = new ExperimentOptions { DataRoot = parse.GetValue(data)!, Vocabulary = parse.GetValue(vocab) };
                result = AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).Start(ctx =>
                {
                    var task = ctx.AddTask("evaluating", maxValue: 1);
                    return Experiment.Evaluate(path, parse.GetValue(dsl), parse.GetValue(qbnorm), options, new InlineProgress<double>(f => task.Value = f), ct);
                });
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("evaluation cancelled");
                return 130;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or InvalidOperationException or KeyNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            Console.WriteLine($"{path}: {result.Captions} captions, {result.Videos} videos{(result.MultiSentence ? " (many captions per video: multi-sentence metrics)" : "")}, {result.Seconds:0.0} s");
            var table = new Table().AddColumns("scoring", "dir", "R@1", "R@5", "R@10", "MdR", "MnR");
            foreach (var row in result.Rows)
                foreach (var (dir, m) in new[] { ("t2v", row.TextToVideo), ("v2t", row.VideoToText) })
                    if (m is not null) table.AddRow(row.Scoring, dir, $"{m.R1:0.0}", $"{m.R5:0.0}", $"{m.R10:0.0}", $"{m.MedianR:0.#}", $"{m.MeanR:0.0}");
            AnsiConsole.Write(table);
            return 0;
        }
    }
}
