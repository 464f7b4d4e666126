using System.Text;
using System.Text.RegularExpressions;

namespace TvrLab.Text;

/// <summary>
/// The character-level fixes of <c>ftfy.fix_text</c> (ftfy 6.3, the default TextFixerConfig) that CLIP's clean-up
/// starts with, in ftfy's order and repeated until nothing changes, as ftfy does:
/// unescape_html (only when the text has no '&lt;'; semicolon-terminated references only), fix_c1_controls,
/// fix_latin_ligatures, fix_character_width, uncurl_quotes, fix_line_breaks, remove_terminal_escapes,
/// remove_control_chars, then NFC.
/// <para>Not reproduced: ftfy's mojibake repair (fix_encoding with restore_byte_a0, replace_lossy_sequences,
/// decode_inconsistent_utf8), a statistical guess about which encodings were confused ("Ã©" stays "Ã©" here where
/// ftfy makes "é"); its upper-case entity names ("&amp;EACUTE;"); fix_surrogates (a .NET string pairs surrogates
/// itself); and ftfy's one-line-at-a-time processing (it decides the '&lt;' rule per line; here per text).</para>
/// </summary>
public static class FtfyFixes
{
    static readonly Regex terminalEscape = new("\u001b\\[((?:\\d|;)*)([a-zA-Z])", RegexOptions.CultureInvariant);
    static readonly Regex entity = new("&#?[0-9A-Za-z]{1,24};", RegexOptions.CultureInvariant);

    /// <summary>Applies the fixes until the text stops changing.</summary>
    public static string Fix(string text)
    {
        var unescapeHtml = !text.Contains('<');
        while (true)
        {
            var before = text;
            if (unescapeHtml) text = UnescapeHtml(text);
            text = MapChars(text);
            text = FixLineBreaks(text);
            if (text.Contains('\u001b')) text = terminalEscape.Replace(text, "");
            text = RemoveControlChars(text);
            if (!text.IsNormalized(NormalizationForm.FormC)) text = text.Normalize(NormalizationForm.FormC);
            if (text == before) return text;
        }
    }

    // ftfy's unescape_html: only "&name;" and "&#...;" forms, so "this&not that" stays as it is; names that were
    // upper-cased ("&EACUTE;") decode to the upper-cased character when the upper-case name means nothing itself.
    static string UnescapeHtml(string text) => !text.Contains('&') ? text : entity.Replace(text, m =>
    {
        if (m.Value[1] == '#')
        {
            var decoded = HtmlUnescape.Unescape(m.Value);
            return decoded.Contains(';') ? m.Value : decoded;
        }
        var name = m.Value[1..];
        if (HtmlUnescape.TryGetEntity(name, out var value)) return value;
        var lower = name.ToLowerInvariant();
        return lower != name && name == lower.ToUpperInvariant() && HtmlUnescape.TryGetEntity(lower, out var lowerValue) && HtmlUnescape.Unescape(m.Value) == m.Value
            ? PythonCase.Upper(lowerValue) : m.Value;
    });

    // fix_c1_controls, fix_latin_ligatures, fix_character_width and uncurl_quotes: one character each.
    static string MapChars(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = MapChar(text[i]);
            if (replacement is null) { sb?.Append(text[i]); continue; }
            sb ??= new StringBuilder(text.Length).Append(text, 0, i);
            sb.Append(replacement);
        }
        return sb?.ToString() ?? text;
    }

    static string? MapChar(char c) => c switch
    {
        >= '\u0080' and <= '\u009F' => Windows1252.Decode(c).ToString(),        // fix_c1_controls
        'Ĳ' => "IJ", 'ĳ' => "ij", 'ŉ' => "ʼn", 'Ǳ' => "DZ", 'ǲ' => "Dz", 'ǳ' => "dz",  // fix_latin_ligatures
        'Ǆ' => "DŽ", 'ǅ' => "Dž", 'ǆ' => "dž", 'Ǉ' => "LJ", 'ǈ' => "Lj", 'ǉ' => "lj",
        'Ǌ' => "NJ", 'ǋ' => "Nj", 'ǌ' => "nj", 'ﬀ' => "ff", 'ﬁ' => "fi", 'ﬂ' => "fl",
        'ﬃ' => "ffi", 'ﬄ' => "ffl", 'ﬅ' => "ſt", 'ﬆ' => "st",
        '\u3000' => " ",                                                          // fix_character_width
        >= '\uFF01' and <= '\uFFEF' => Width(c),
        '\u02BC' or >= '\u2018' and <= '\u201B' => "'",                           // uncurl_quotes
        >= '\u201C' and <= '\u201F' => "\"",
        _ => null,
    };

    // Halfwidth and fullwidth forms become their NFKC form (ftfy's WIDTH_MAP).
    static string? Width(char c)
    {
        var s = c.ToString();
        var k = s.Normalize(NormalizationForm.FormKC);
        return k == s ? null : k;
    }

    // fix_line_breaks: CRLF, CR, LINE SEPARATOR, PARAGRAPH SEPARATOR and NEXT LINE become LF.
    static string FixLineBreaks(string text)
    {
        if (text.AsSpan().IndexOfAny("\r\u2028\u2029\u0085") < 0) return text;
        return text.Replace("\r\n", "\n").Replace('\r', '\n').Replace('\u2028', '\n').Replace('\u2029', '\n').Replace('\u0085', '\n');
    }

    // remove_control_chars: U+0000-0008, 000B, 000E-001F, 007F, 206A-206F, FEFF, FFF9-FFFC.
    static bool IsRemovedControl(char c) => c is <= '\u0008' or '\u000B' or >= '\u000E' and <= '\u001F' or '\u007F'
        or >= '\u206A' and <= '\u206F' or '\uFEFF' or >= '\uFFF9' and <= '\uFFFC';

    static string RemoveControlChars(string text)
    {
        var first = -1;
        for (var i = 0; i < text.Length; i++) if (IsRemovedControl(text[i])) { first = i; break; }
        if (first < 0) return text;
        var sb = new StringBuilder(text.Length).Append(text, 0, first);
        for (var i = first; i < text.Length; i++) if (!IsRemovedControl(text[i])) sb.Append(text[i]);
        return sb.ToString();
    }
}
