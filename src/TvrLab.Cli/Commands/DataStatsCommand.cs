using System.CommandLine;
using TvrLab.Data;
using TvrLab.Data.Readers;
using TvrLab.Text;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab data stats FORMAT PATH [--videos DIR]`: what an annotation file or folder holds.</summary>
public static class DataStatsCommand
{
    internal static Command Create()
    {
        var format = new Argument<string>("format") { Description = $"Annotation format: {string.Join(", ", DatasetReaders.Formats)}." };
        var path = new Argument<string>("path") { Description = "An annotation file, or a folder holding the format's usual files." };
        var videos = new Option<string?>("--videos") { Description = "Folder of video files: report the videos with no file." };
        var vocab = new Option<string?>("--vocab") { Description = "CLIP BPE vocabulary for caption lengths in tokens (default: the one the kit finds; else lengths are in words)." };
        var sentences = new Option<bool>("--sentences") { Description = "DiDeMo/ActivityNet: one caption per sentence instead of per-video paragraphs." };
        var command = new Command("stats", "Counts of videos, captions and splits, caption lengths, missing videos.") { format, path };
        command.Options.Add(videos);
        command.Options.Add(vocab);
        command.Options.Add(sentences);
        command.SetAction(r => Run(r.GetValue(format)!, r.GetValue(path)!, r.GetValue(videos), r.GetValue(vocab), !r.GetValue(sentences), Console.Out, Console.Error));
        return command;
    }

    /// <summary>Reads, prints the statistics, returns the exit code (1 with a one-line cause on a bad file).</summary>
    public static int Run(string format, string path, string? videosDir, string? vocabPath, bool paragraphs, TextWriter output, TextWriter error)
    {
        DatasetCollection collection;
        try { collection = DatasetReaders.Read(format, path, videosDir, paragraphs); }
        catch (Exception e) when (e is FormatException or IOException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
        var (tokenizer, lengthNote) = Tokenizer(vocabPath);
        output.WriteLine($"{collection.Name} from {Path.GetFullPath(path)}: {collection.Splits.Count} split(s)");
        foreach (var note in collection.Notes) output.WriteLine($"note: {note}");
        if (lengthNote is not null) output.WriteLine($"note: {lengthNote}");
        foreach (var s in DatasetStats.Compute(collection, tokenizer)) Print(s, output);
        return 0;
    }

    static (ClipTokenizer?, string?) Tokenizer(string? vocabPath)
    {
        try { return (ClipTokenizer.Load(vocabPath ?? ClipVocabularyFile.Locate()), null); }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return (null, $"caption lengths are in words, not BPE tokens: {e.Message}");
        }
    }

    static void Print(SplitStats s, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine($"[{s.Split}]  evaluation {s.Evaluation}, samples: {(s.Sampling == CaptionSampling.EveryCaption ? "every caption" : "one random caption per video")}");
        o.WriteLine($"  videos    {s.Videos}");
        o.WriteLine($"  captions  {s.Captions}  (per video: min {s.MinCaptionsPerVideo}, mean {s.MeanCaptionsPerVideo:F2}, max {s.MaxCaptionsPerVideo}{(s.VideosWithoutCaptions > 0 ? $"; {s.VideosWithoutCaptions} videos without captions" : "")})");
        o.WriteLine(s.VideosChecked
            ? $"  missing   {s.MissingVideos.Count} of {s.Videos} video files{(s.MissingVideos.Count > 0 ? ": " + string.Join(", ", s.MissingVideos.Take(5)) + (s.MissingVideos.Count > 5 ? ", ..." : "") : "")}"
            : "  missing   not checked (no --videos folder)");
        if (s.Lengths is not { } l) return;
        o.WriteLine($"  length in {l.Unit}: min {l.Min}, mean {l.Mean:F1}, max {l.Max}; longer than 30 (cut by max_words 32): {l.OverMaxWords32}, than 62 (max_words 64): {l.OverMaxWords64}, than 75 (context 77): {l.OverContext77}");
        var peak = Math.Max(1, l.Histogram.Max(h => h.Count));
        foreach (var (range, count) in l.Histogram)
            o.WriteLine($"    {range,7} {count,8}  {new string('#', (int)Math.Round(40.0 * count / peak))}");
    }
}
