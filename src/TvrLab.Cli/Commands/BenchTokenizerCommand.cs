using System.CommandLine;
using System.Diagnostics;
using TvrLab.Data.Readers;
using TvrLab.Text;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab bench tokenizer`: CLIP BPE throughput in captions per second, cold and warm word cache, one thread
/// and all cores.</summary>
internal static class BenchTokenizerCommand
{
    public static Command Create()
    {
        var captions = new Option<string?>("--captions") { Description = "A csv with a 'sentence' column (default: MSR-VTT's 1k-A test captions, MSRVTT_JSFUSION_test.csv in ../shared/data/annotations/msrvtt)." };
        var vocab = new Option<string?>("--vocab") { Description = "CLIP BPE vocabulary (default: the one the kit finds)." };
        var repeats = new Option<int>("--repeats") { Description = "Timed passes per measurement; the best is reported.", DefaultValueFactory = _ => 5 };
        var command = new Command("tokenizer", "CLIP BPE tokenizer throughput (captions/s): cold and warm cache, single thread and parallel.");
        command.Options.Add(captions);
        command.Options.Add(vocab);
        command.Options.Add(repeats);
        command.SetAction(r =>
        {
            try { return Run(r.GetValue(captions), r.GetValue(vocab), Math.Max(1, r.GetValue(repeats))); }
            catch (Exception e) when (e is IOException or FormatException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    static int Run(string? captionsPath, string? vocabPath, int repeats)
    {
        captionsPath ??= Path.GetFullPath(Path.Combine(ClipVocabularyFile.RepoRoot() ?? ".", "..", "shared", "data", "annotations", "msrvtt", "MSRVTT_JSFUSION_test.csv"));
        var csv = CsvTable.Read(captionsPath);
        var column = csv.Column("sentence");
        var texts = csv.Rows.Select(row => row.Fields[column]).ToArray();
        var load = Stopwatch.StartNew();
        var tokenizer = ClipTokenizer.Load(vocabPath ?? ClipVocabularyFile.Locate());
        load.Stop();
        var tokens = texts.Sum(t => tokenizer.Encode(t).Length);
        Console.WriteLine($"captions  {texts.Length} from {captionsPath} ({tokens} BPE tokens, {tokens / (double)texts.Length:F1} per caption)");
        Console.WriteLine($"load      {load.Elapsed.TotalMilliseconds:F0} ms ({tokenizer.Vocabulary.Source})");
        Console.WriteLine($"threads   {Environment.ProcessorCount}; best of {repeats} passes");
        Console.WriteLine($"{"",-28}{"captions/s",12}{"tokens/s",14}");
        foreach (var (name, parallel, cold) in new[] { ("single thread, cold cache", false, true), ("single thread, warm cache", false, false), ("parallel, cold cache", true, true), ("parallel, warm cache", true, false) })
        {
            var best = double.MaxValue;
            for (var i = 0; i < repeats; i++)
            {
                if (cold) tokenizer.ClearCache(); else Encode(tokenizer, texts, parallel);
                var watch = Stopwatch.StartNew();
                Encode(tokenizer, texts, parallel);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"{name,-28}{texts.Length / best,12:N0}{tokens / best,14:N0}");
        }
        return 0;
    }

    static void Encode(ClipTokenizer tokenizer, string[] texts, bool parallel)
    {
        if (parallel) tokenizer.Encode(texts);
        else foreach (var t in texts) tokenizer.Encode(t);
    }
}
