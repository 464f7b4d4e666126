namespace TvrLab.Text;

/// <summary>
/// CLIP's text clean-up before BPE (openai/CLIP clip/simple_tokenizer.py: basic_clean, whitespace_clean, lower):
/// <code>
/// text = ftfy.fix_text(text); text = html.unescape(html.unescape(text)).strip()
/// text = re.sub(r'\s+', ' ', text).strip().lower()
/// </code>
/// Where it differs from OpenAI's: ftfy.fix_text is reproduced by <see cref="FtfyFixes"/>, which leaves out ftfy's
/// mojibake repair (text such as "cafÃ©" keeps its mojibake here; ftfy makes it "café"), its upper-cased entity names
/// only in the unusual mixed forms it accepts, and works on the whole text rather than line by line. Everything after
/// ftfy (Python's html.unescape twice, whitespace, Python's lower()) is exact, within the difference between the Unicode
/// versions of .NET and of the Python that made a reference. Hugging Face's tokenizer.json skips ftfy and the
/// HTML unescape altogether (NFC, whitespace and lower-casing only).
/// </summary>
public static class ClipTextCleaner
{
    /// <summary>The cleaned, lower-cased text that CLIP splits into words.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = FtfyFixes.Fix(text);
        text = PythonCase.Strip(HtmlUnescape.Unescape(HtmlUnescape.Unescape(text)));
        return PythonCase.Lower(PythonCase.CollapseWhitespace(text));
    }
}
