using System.Globalization;
using System.Text;

namespace TvrLab.Text;

/// <summary>
/// CLIP's word split, the regular expression (case-insensitive)
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>
/// written as a scanner over code points: at each position the first alternative that matches wins, so a letter run,
/// one digit, or a run of other non-space characters; whitespace separates words and is dropped. (A .NET Regex would
/// see the UTF-16 halves of a letter outside the BMP as non-letters.)
/// </summary>
public static class ClipPreTokenizer
{
    /// <summary>The two special tokens the pattern keeps whole.</summary>
    public const string StartOfText = "<|startoftext|>", EndOfText = "<|endoftext|>";

    static readonly string[] contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    /// <summary>The words of an already cleaned text, as (start, length) ranges into it.</summary>
    public static List<Range> Split(string text)
    {
        var words = new List<Range>();
        var i = 0;
        while (i < text.Length)
        {
            var kind = Classify(text, i, out var width);
            if (kind == CharKind.Space) { i += width; continue; }
            var start = i;
            if (text[i] == '<' && (Matches(text, i, StartOfText) || Matches(text, i, EndOfText)))
                i += Matches(text, i, StartOfText) ? StartOfText.Length : EndOfText.Length;
            else if (text[i] == '\'' && ContractionLength(text, i) is > 0 and var n)
                i += n;
            else if (kind == CharKind.Letter)
                while (i < text.Length && Classify(text, i, out width) == CharKind.Letter) i += width;
            else if (kind == CharKind.Number)
                i += width;
            else
                while (i < text.Length && Classify(text, i, out width) == CharKind.Other) i += width;
            words.Add(start..i);
        }
        return words;
    }

    enum CharKind { Space, Letter, Number, Other }

    static CharKind Classify(string text, int i, out int width)
    {
        Rune.DecodeFromUtf16(text.AsSpan(i), out var r, out width);
        if (r.IsBmp && PythonCase.IsSpace((char)r.Value)) return CharKind.Space;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharKind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharKind.Number,
            _ => CharKind.Other,
        };
    }

    static bool Matches(string text, int i, string word) =>
        i + word.Length <= text.Length && string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0;

    // The contractions never share a prefix, so the first that matches is the only one.
    static int ContractionLength(string text, int i)
    {
        foreach (var c in contractions)
            if (Matches(text, i, c)) return c.Length;
        return 0;
    }
}
