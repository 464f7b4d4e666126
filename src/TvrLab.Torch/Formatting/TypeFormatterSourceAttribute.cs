namespace TvrLab.Torch.Formatting;

/// <summary>
/// The notebook formatter convention: .NET Interactive (Polyglot Notebooks) matches this attribute by its name, with
/// no package dependency, creates <c>FormatterSourceType</c>, calls its <c>CreateTypeFormatters()</c> and uses each
/// formatter's <c>MimeType</c> and <c>bool Format(object, TextWriter)</c>; the headless runner does the same. (The
/// convention as TorchSharp's Utils/NotebookFormattingSupport.cs and .NET Interactive's Formatter use it.)
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
    public string[]? PreferredMimeTypes { get; set; }
}

/// <summary>The formatters of <see cref="Tensor"/>: an HTML table and aligned text.</summary>
internal sealed class TensorFormatterSource
{
    public const string HtmlMime = "text/html", PlainMime = "text/plain";

    public IEnumerable<object> CreateTypeFormatters() => [new TensorFormatter(HtmlMime), new TensorFormatter(PlainMime)];
}

internal sealed class TensorFormatter(string mimeType)
{
    public string MimeType => mimeType;

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not Tensor t) return false;
        var preview = TensorPreview.Of(t);
        writer.Write(mimeType == TensorFormatterSource.HtmlMime ? preview.ToHtml() : preview.ToText());
        return true;
    }
}
