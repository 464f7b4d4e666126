using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;

namespace TvrLab.Notebooks.Display;

/// <summary>
/// Turns a value into a MIME bundle the way .NET Interactive does for types that follow the formatter convention:
/// an attribute named <c>TypeFormatterSourceAttribute</c> on the type (or a base type) names a formatter source;
/// its <c>CreateTypeFormatters()</c> gives objects with <c>MimeType</c> and <c>bool Format(object, TextWriter)</c>;
/// the attribute's <c>PreferredMimeTypes</c> are the MIME types produced. Matching is by name, so the kit's types
/// render the same here and in VS Code. Other values fall back to their <c>ToString()</c> as text/plain.
/// </summary>
public static class MimeFormatter
{
    public const string Html = "text/html", Plain = "text/plain";

    /// <summary>What .NET Interactive sends when a type says nothing else.</summary>
    static readonly string[] DefaultMimeTypes = [Html, Plain];

    sealed record ConventionFormatter(string MimeType, object Target, MethodInfo Format);
    sealed record TypeFormatters(IReadOnlyList<ConventionFormatter> Formatters, IReadOnlyList<string> PreferredMimeTypes);

    static readonly ConcurrentDictionary<Type, TypeFormatters?> cache = new();

    /// <summary>
    /// The MIME bundle of <paramref name="value"/>: the given MIME types, or the type's preferred ones. Strings are
    /// text/plain; HTML made with <c>HTML(...)</c> is text/html; null is "&lt;null&gt;".
    /// </summary>
    public static Dictionary<string, string> Format(object? value, IReadOnlyList<string>? mimeTypes = null)
    {
        if (value is null) return new() { [Plain] = "<null>" };
        if (value is HtmlString html && mimeTypes is not { Count: > 0 }) return new() { [Html] = html.Content };
        var formatters = FormattersOf(value.GetType());
        var wanted = mimeTypes is { Count: > 0 } ? mimeTypes
            : formatters is not null ? formatters.PreferredMimeTypes
            : [Plain];
        var bundle = new Dictionary<string, string>();
        foreach (var mime in wanted.Distinct())
            if (TryFormat(value, mime, formatters) is { } text) bundle[mime] = text;
        if (bundle.Count == 0)
            throw new InvalidOperationException($"no formatter gives {string.Join(" or ", wanted)} for a value of type {value.GetType()}");
        return bundle;
    }

    static string? TryFormat(object value, string mime, TypeFormatters? formatters)
    {
        foreach (var f in formatters?.Formatters ?? [])
        {
            if (f.MimeType != mime) continue;
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            var handled = f.Format.Invoke(f.Target, [value, writer]);
            if (handled is true) return writer.ToString();
        }
        return mime switch
        {
            Plain => PlainText(value),
            Html => $"<div class=\"dni-plaintext\"><pre>{WebUtility.HtmlEncode(PlainText(value))}</pre></div>",
            _ => null,
        };
    }

    /// <summary>ToString, except that lists show their items (as .NET Interactive's plain text does, briefly).</summary>
    static string PlainText(object value) => value switch
    {
        string s => s,
        HtmlString h => h.Content,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e and not IDictionary => "[ " + string.Join(", ", e.Cast<object?>().Take(20).Select(x => x is null ? "<null>" : PlainText(x))) + (e.Cast<object?>().Skip(20).Any() ? ", … ]" : " ]"),
        _ => value.ToString() ?? "",
    };

    /// <summary>The convention formatters of a type and its base types, found once per type.</summary>
    static TypeFormatters? FormattersOf(Type type) => cache.GetOrAdd(type, t =>
    {
        var formatters = new List<ConventionFormatter>();
        var preferred = new List<string>();
        foreach (var attribute in t.GetCustomAttributes(inherit: true).Where(a => a.GetType().Name == "TypeFormatterSourceAttribute"))
        {
            var attributeType = attribute.GetType();
            if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
            var source = Activator.CreateInstance(sourceType)!;
            if (sourceType.GetMethod("CreateTypeFormatters")?.Invoke(source, null) is not IEnumerable created)
                throw new InvalidOperationException($"{sourceType} (the formatter source of {t}) has no public CreateTypeFormatters() returning formatters");
            foreach (var f in created)
            {
                var ft = f.GetType();
                if (ft.GetProperty("MimeType")?.GetValue(f) is string mime && ft.GetMethod("Format", [typeof(object), typeof(TextWriter)]) is { } format)
                    formatters.Add(new ConventionFormatter(mime, f, format));
            }
            if (attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) is string[] mimes) preferred.AddRange(mimes);
        }
        if (formatters.Count == 0) return null;
        return new TypeFormatters(formatters, preferred.Count > 0 ? preferred.Distinct().ToArray() : DefaultMimeTypes);
    });
}
