using static TvrLab.Viz.VizFormatterSource;

namespace TvrLab.Viz;

/// <summary>
/// Marks a type that renders itself in notebooks. .NET Interactive (VS Code's Polyglot Notebooks) finds it by its
/// name, with no package dependency: it reads <c>FormatterSourceType</c>, creates that type, calls
/// <c>CreateTypeFormatters()</c> and uses each formatter's <c>MimeType</c> and <c>bool Format(object, TextWriter)</c>;
/// <c>PreferredMimeTypes</c> are the MIME types it sends. The headless runner (TvrLab.Notebooks) honours the same
/// convention, so both hosts show the same output. (Learned from TorchSharp's Utils/NotebookFormattingSupport.cs and
/// .NET Interactive's Formatter.)
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
    public string[]? PreferredMimeTypes { get; set; }
}

/// <summary>The formatters of the kit's display types: figures, tables, frame strips.</summary>
internal sealed class VizFormatterSource
{
    public const string HtmlMime = "text/html", PlainMime = "text/plain", PngMime = "image/png";

    public IEnumerable<object> CreateTypeFormatters() =>
        [new VizFormatter(HtmlMime), new VizFormatter(Figure.PlotlyMimeType), new VizFormatter(PngMime), new VizFormatter(PlainMime)];
}

/// <summary>One MIME type's rendering of every kit display type; false for values it does not know.</summary>
internal sealed class VizFormatter(string mimeType)
{
    public string MimeType => mimeType;

    public bool Format(object instance, TextWriter writer)
    {
        string? text = (mimeType, instance) switch
        {
            // The first figure of a notebook carries plotly.js; the others draw with window.Plotly.
            (HtmlMime, Figure f) => PlotlyJs.OncePerSession() + f.ToHtml(),
            (Figure.PlotlyMimeType, Figure f) => f.ToMimeJson(),
            (HtmlMime, Table t) => t.ToHtml(),
            (HtmlMime, FrameStrip s) => s.ToHtml(),
            (PngMime, FrameStrip s) => Convert.ToBase64String(s.Png),
            (PlainMime, Figure or Table or FrameStrip) => instance.ToString(),
            _ => null,
        };
        if (text is null) return false;
        writer.Write(text);
        return true;
    }
}
