using System.Text.Json;
using TvrLab.Text;
using TvrLab.Torch;

namespace TvrLab.Verification;

/// <summary>
/// Checks a CLIP BPE golden file (one JSON object a line: text, ids, decoded, context77, clip4clip32, as
/// ../shared/golden/tokenizer/clip_bpe.jsonl) against <see cref="ClipTokenizer"/>, one result per line. The vocabulary
/// is found as everywhere in the kit (<see cref="ClipVocabularyFile.Locate"/>).
/// </summary>
public sealed class TokenizerGoldenChecker(Func<ClipTokenizer>? tokenizer = null) : IGoldenFileChecker
{
    public string Name => "CLIP BPE tokenizer (.jsonl)";

    /// <summary>A .jsonl file whose first record has a string "text" and an "ids" array.</summary>
    public bool CanCheck(string path)
    {
        if (!path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)) return false;
        var first = File.ReadLines(path).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        if (first is null) return false;
        try
        {
            using var doc = JsonDocument.Parse(first);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                && doc.RootElement.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException) { return false; }
    }

    public IEnumerable<CaseResult> Check(string path, Device device)
    {
        ClipTokenizer tok;
        try { tok = (tokenizer ?? ClipTokenizer.LoadDefault)(); }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            return [CaseResult.NotRun(Path.GetFileName(path), "tokenizer.clip_bpe", CaseOutcome.Error, e.Message)];
        }
        return TokenizerGolden.Check(path, tok).Select(l => l.Passed
            ? new CaseResult($"line {l.Line}", "tokenizer.clip_bpe", CaseOutcome.Passed, 0, 0, null)
            : new CaseResult($"line {l.Line}", "tokenizer.clip_bpe", CaseOutcome.Failed, double.NaN, double.NaN, $"{l.Text}: {l.FirstDifference}"));
    }
}
