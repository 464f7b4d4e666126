using System.Text.Json;

namespace TvrLab.Data.Readers;

/// <summary>Reading JSON annotation files with errors that name the file, the field path and what was expected.</summary>
public static class JsonAnnotation
{
    /// <summary>Parses the file; a syntax error names its line.</summary>
    public static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = System.IO.File.OpenRead(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new AnnotationFormatException(path, $"line {(e.LineNumber ?? 0) + 1}", $"not valid JSON ({e.Message.Split(" Path:")[0]})", "a JSON document");
        }
    }

    /// <summary>The element if it has the kind, else an error naming its path.</summary>
    public static JsonElement Expect(JsonElement e, JsonValueKind kind, string file, string path, string expected)
    {
        if (e.ValueKind != kind) throw new AnnotationFormatException(file, path, $"found {Describe(e)}", expected);
        return e;
    }

    /// <summary>A required property of an object.</summary>
    public static JsonElement Field(JsonElement obj, string name, string file, string path, string expected)
    {
        if (!obj.TryGetProperty(name, out var value)) throw new AnnotationFormatException(file, path, $"no field \"{name}\"", expected);
        return value;
    }

    /// <summary>A required string property.</summary>
    public static string String(JsonElement obj, string name, string file, string path) =>
        Expect(Field(obj, name, file, path, $"a string field \"{name}\""), JsonValueKind.String, file, $"{path}.{name}", "a string").GetString()!;

    /// <summary>A required numeric property (a number, or a string holding one, as some exports write durations).</summary>
    public static double Number(JsonElement obj, string name, string file, string path)
    {
        var e = Field(obj, name, file, path, $"a numeric field \"{name}\"");
        if (e.ValueKind == JsonValueKind.Number) return e.GetDouble();
        if (e.ValueKind == JsonValueKind.String && double.TryParse(e.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)) return v;
        throw new AnnotationFormatException(file, $"{path}.{name}", $"found {Describe(e)}", "a number");
    }

    /// <summary>A JSON value described for an error message.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string {Short(e.GetRawText())}",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => e.GetRawText(),
    };

    static string Short(string s) => s.Length > 40 ? s[..40] + "...\"" : s;
}
