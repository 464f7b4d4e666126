using System.Globalization;
using System.Text;

namespace TvrLab.Text;

/// <summary>
/// Python's <c>str.lower()</c>, <c>str.upper()</c>, <c>str.isspace()</c> and <c>str.strip()</c>, which CLIP's
/// clean-up uses and which differ from .NET's invariant casing in a few places: full case mappings ('İ' lowers to
/// "i̇", 'ß' uppers to "SS"), the Greek final sigma ('Σ' ending a word lowers to 'ς'), and code points outside the
/// BMP. Case data come from .NET's Unicode tables, so characters assigned after the Unicode version of the Python
/// that made a reference may differ.
/// </summary>
public static class PythonCase
{
    /// <summary>Python's <c>str.isspace()</c> for one character: bidi classes WS, B, S or category Zs. This is
    /// .NET's char.IsWhiteSpace plus the information separators U+001C..U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    /// <summary>Python's <c>str.strip()</c>.</summary>
    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    /// <summary>Python's <c>re.sub(r'\s+', ' ', s).strip()</c> (CLIP's whitespace_clean).</summary>
    public static string CollapseWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var c in s)
        {
            if (IsSpace(c)) { pendingSpace = sb.Length > 0; continue; }
            if (pendingSpace) { sb.Append(' '); pendingSpace = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>str.lower()</c>.</summary>
    public static string Lower(string s)
    {
        if (Ascii.IsValid(s))
        {
            // The common case: no full mappings, no sigma.
            return s.ToLowerInvariant();
        }
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length;)
        {
            Rune.DecodeFromUtf16(s.AsSpan(i), out var r, out var used);
            if (r.Value == 0x0130) sb.Append("i\u0307");
            else if (r.Value == 0x03A3) sb.Append(IsFinalSigma(s, i) ? 'ς' : 'σ');
            else sb.Append(Rune.ToLowerInvariant(r).ToString());
            i += used;
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>str.upper()</c> (full mappings for 'ß', the Latin ligatures and 'ŉ').</summary>
    public static string Upper(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var r in s.EnumerateRunes())
            sb.Append(r.Value switch
            {
                'ß' => "SS", 'ŉ' => "ʼN", 'ﬀ' => "FF", 'ﬁ' => "FI", 'ﬂ' => "FL", 'ﬃ' => "FFI", 'ﬄ' => "FFL", 'ﬅ' or 'ﬆ' => "ST",
                _ => Rune.ToUpperInvariant(r).ToString(),
            });
        return sb.ToString();
    }

    // Unicode's Final_Sigma context: \p{Cased} \p{Case_Ignorable}* Σ !(\p{Case_Ignorable}* \p{Cased}).
    static bool IsFinalSigma(string s, int sigma)
    {
        var casedBefore = false;
        for (var j = sigma; j > 0;)
        {
            Rune.DecodeLastFromUtf16(s.AsSpan(0, j), out var r, out var used);
            j -= used;
            if (IsCaseIgnorable(r)) continue;
            casedBefore = IsCased(r);
            break;
        }
        if (!casedBefore) return false;
        for (var k = sigma + 1; k < s.Length;)
        {
            Rune.DecodeFromUtf16(s.AsSpan(k), out var r, out var used);
            k += used;
            if (IsCaseIgnorable(r)) continue;
            return !IsCased(r);
        }
        return true;
    }

    // Cased: Lu, Ll, Lt (Unicode adds Other_Lowercase/Other_Uppercase, mostly modifier letters, which the
    // case-ignorable test below takes first anyway).
    static bool IsCased(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    // Case_Ignorable: Mn, Me, Cf, Lm, Sk and the word-internal punctuation (Word_Break MidLetter, MidNumLet, Single_Quote).
    static bool IsCaseIgnorable(Rune r) =>
        Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
        || r.Value is '\'' or '.' or ':' or 0xB7 or 0x387 or 0x55F or 0x5F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027
            or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
}
