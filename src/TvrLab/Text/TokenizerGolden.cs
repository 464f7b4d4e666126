using System.Text.Json;

namespace TvrLab.Text;

/// <summary>The result of one golden line: its 1-based line number, the text, and the first difference (null when it passed).</summary>
public sealed record TokenizerGoldenLine(int Line, string Text, string? FirstDifference)
{
    /// <summary>Every field matched.</summary>
    public bool Passed => FirstDifference is null;
}

/// <summary>
/// Checks a tokenizer against a golden JSONL file (golden/tokenizer/clip_bpe.jsonl): one object a line with
/// <c>text</c> and any of <c>ids</c> (BPE ids), <c>decoded</c> (decode(ids)), <c>context77</c> (OpenAI's 77-token
/// context) and <c>clip4clip32</c> (CLIP4Clip, max_words 32); other fields of the form <c>contextN</c> and
/// <c>clip4clipN</c> are checked the same way at length N.
/// </summary>
public static class TokenizerGolden
{
    /// <summary>One result per non-empty line. A line that is not a JSON object with a string "text" fails with the reason.</summary>
    public static IReadOnlyList<TokenizerGoldenLine> Check(string jsonlPath, ClipTokenizer tokenizer)
    {
        var results = new List<TokenizerGoldenLine>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(jsonlPath))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            results.Add(CheckLine(line, lineNo, tokenizer));
        }
        return results;
    }

    static TokenizerGoldenLine CheckLine(string line, int lineNo, ClipTokenizer tokenizer)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line); }
        catch (JsonException e) { return new(lineNo, "", $"not JSON ({e.Message}); expected one JSON object a line"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
                return new(lineNo, "", "expected a JSON object with a string field \"text\"");
            var text = textElement.GetString()!;
            var ids = tokenizer.Encode(text);
            foreach (var field in doc.RootElement.EnumerateObject())
            {
                var difference = field.Name switch
                {
                    "text" => null,
                    "ids" => CompareIds(field, ids),
                    "decoded" => field.Value.ValueKind != JsonValueKind.String ? "decoded: expected a string"
                        : tokenizer.Decode(ids) is var decoded && decoded != field.Value.GetString() ? $"decoded: got {JsonSerializer.Serialize(decoded)}, expected {field.Value.GetRawText()}" : null,
                    _ when LengthSuffix(field.Name, "context") is int n => CompareIds(field, tokenizer.EncodeContext(text, n).Ids),
                    _ when LengthSuffix(field.Name, "clip4clip") is int n => CompareIds(field, tokenizer.EncodeMaxWords(text, n).Ids),
                    _ => null,   // fields the checker does not know are left alone
                };
                if (difference is not null) return new(lineNo, text, difference);
            }
            return new(lineNo, text, null);
        }
    }

    static int? LengthSuffix(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(name.AsSpan(prefix.Length), out var n) && n >= 2 ? n : null;

    static string? CompareIds(JsonProperty field, int[] actual)
    {
        if (field.Value.ValueKind != JsonValueKind.Array) return $"{field.Name}: expected an array of integers";
        var expected = field.Value.EnumerateArray().Select(e => e.TryGetInt32(out var v) ? v : int.MinValue).ToArray();
        for (var i = 0; i < Math.Min(expected.Length, actual.Length); i++)
            if (expected[i] != actual[i]) return $"{field.Name}[{i}]: got {actual[i]}, expected {(expected[i] == int.MinValue ? field.Value[i].GetRawText() : expected[i])}";
        return expected.Length != actual.Length ? $"{field.Name}: got {actual.Length} ids, expected {expected.Length}" : null;
    }
}
