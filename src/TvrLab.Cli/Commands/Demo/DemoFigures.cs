using TvrLab.Data.Loading;
using TvrLab.Experiments;
using TvrLab.Models;
using TvrLab.Models.Analysis;
using TvrLab.Retrieval;
using TvrLab.Runs;
using TvrLab.Text;
using TvrLab.Torch;
using TvrLab.Viz;
using static TvrLab.Torch.torch;

namespace TvrLab.Cli.Commands.Demo;

/// <summary>
/// The report's figures of trained models (beyond what the run store holds), from <see cref="DrlAnalysis"/>: the
/// [words × frames] interaction of a real test pair under the best WTI model (or the best model), and the channel
/// cross-correlation of matched test pairs without and with CDCR.
/// </summary>
internal static class DemoFigures
{
    /// <summary>Headed figures for the report; none when no run left a checkpoint.</summary>
    public static IReadOnlyList<(string Heading, Figure Figure)> Build(DemoSettings settings, IReadOnlyList<DemoGridRun> grid, RunStore store)
    {
        double Score(DemoGridRun g) => store.FinalMetrics(g.Run.Id).FirstOrDefault(m => m.Name == "t2v_R1")?.Value ?? double.NegativeInfinity;
        var trained = grid.Where(g => g.Checkpoint is not null).ToList();
        if (trained.Count == 0) return [];
        var wti = trained.Where(g => g.Drl.interaction == Models.Heads.Interaction.wti).ToList();
        var shown = (wti.Count > 0 ? wti : trained).MaxBy(Score)!;
        var figures = new List<(string, Figure)>();
        using var data = Experiment.OpenData(shown.Preset, new ExperimentOptions { DataRoot = settings.DataRoot, RunsDir = settings.RunsDir });
        var tokenizer = ClipTokenizer.Load(ClipVocabularyFile.Locate());
        var evalOptions = shown.Preset.eval.ToOptions();

        // The first caption of test video 0 against that video.
        int q = Array.IndexOf(data.Test.caption_video, 0);
        var caption = data.Test.Dataset.Captions[data.Test.Captions[q]].Text;
        using (var model = Load(shown))
        using (var first = data.Test.Videos(1).First())
        {
            var pair = DrlAnalysis.Pair(model, tokenizer, caption, first.video[0], first.video_mask[0], shown.Preset.data.max_words);
            figures.Add(("Interaction", pair.Plot($"{shown.Cell.Method} {shown.Cell.Setting}: “{caption}” against its video")));
        }

        // CDCR's effect: the shown method without and with it, when both were run.
        var pairRuns = trained.Where(g => g.Cell.Method == shown.Cell.Method).OrderBy(g => g.Drl.cdcr).ToList();
        var matched = Enumerable.Range(0, data.Test.VideoCount).Select(v => (long)Array.IndexOf(data.Test.caption_video, v)).ToArray();
        var correlations = pairRuns.Select(g => (Run: g, C: Correlation(g, data.Test, evalOptions, matched))).ToList();
        var title = $"channel cross-correlation of matched test tokens and frames ({data.Test.VideoCount} pairs; CDCR's mode-2 rows)";
        figures.Add(("Channels", correlations.Count >= 2
            ? Plots.ChannelCorrelation(correlations[0].C, correlations[1].C, Label(correlations[0].Run), Label(correlations[1].Run), title)
            : Plots.ChannelCorrelation(correlations[0].C, $"{title}: {Label(correlations[0].Run)}")));
        foreach (var (_, c) in correlations) c.Dispose();
        return figures;
    }

    static string Label(DemoGridRun g) => $"{g.Cell.Method} {g.Cell.Setting}";

    static DRL Load(DemoGridRun run) => (DRL)Experiment.LoadModel(run.Checkpoint!, Device.CPU);

    /// <summary>
    /// DRL's C = z_aᵀ z_b / N over matched pairs (each test video with its first caption), as
    /// <see cref="DrlAnalysis.ChannelCorrelation"/> computes it; at most 64 channels are drawn.
    /// </summary>
    static Tensor Correlation(DemoGridRun run, IEvalData test, EvalOptions options, long[] matched)
    {
        using var model = Load(run);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var videos = Evaluator.EncodeVideos(model, test, options, Device.CPU);
        using var texts = Evaluator.EncodeTexts(model, test.Texts(options.TextBatch), Device.CPU);
        var index = tensor(matched, dtype: int64);
        using var pairs = new EncodedText(texts.sentence.index_select(0, index), texts.tokens.index_select(0, index), texts.text_mask.index_select(0, index));
        var c = DrlAnalysis.ChannelCorrelation(model, pairs, videos, mode: 2);
        var d = (int)Math.Min(c.size(0), 64);
        return scope.MoveToOuter(c[..d, ..d].contiguous());
    }
}
