using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TvrLab.Experiments;

/// <summary>
/// <c>--set section.key=value</c> overrides of a <see cref="Preset"/>: sections data, model, train and eval (and
/// model.options.NAME for a model kind's own settings). The value is read as the key's type (number, true/false,
/// text; enums by name); an unknown section or key, or a value of the wrong type, raises an
/// <see cref="ArgumentException"/> that names it and lists what is allowed.
/// </summary>
public static class Overrides
{
    /// <summary>Applies every <c>key=value</c> in order.</summary>
    public static Preset Apply(Preset preset, IEnumerable<string> assignments)
    {
        var list = assignments.ToList();
        if (list.Count == 0) return preset;
        var root = JsonNode.Parse(preset.ToJson())!.AsObject();
        foreach (var assignment in list) Set(root, assignment);
        Preset result;
        try { result = JsonSerializer.Deserialize<Preset>(root.ToJsonString(), Preset.Json)!; }
        catch (JsonException e) { throw new ArgumentException($"--set: the overrides give an invalid preset at {e.Path}: {e.Message}", e); }
        result.train.Validate();
        return result;
    }

    /// <summary>Applies one <c>section.key=value</c>.</summary>
    public static Preset Apply(Preset preset, string assignment) => Apply(preset, [assignment]);

    static void Set(JsonObject root, string assignment)
    {
        var eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--set \"{assignment}\": expected section.key=value, e.g. train.lr=1e-4");
        var path = assignment[..eq].Trim();
        var text = assignment[(eq + 1)..].Trim();
        var parts = path.Split('.');
        var sections = root.Where(kv => kv.Value is JsonObject).Select(kv => kv.Key).ToList();
        if (parts.Length < 2)
            throw new ArgumentException($"--set {path}: expected section.key (sections: {string.Join(", ", sections)})");
        if (root[parts[0]] is not JsonObject section)
            throw new ArgumentException($"--set {path}: unknown section \"{parts[0]}\"; expected one of {string.Join(", ", sections)}");
        if (parts[0] == "model" && parts[1] == "options")
        {
            if (parts.Length != 3) throw new ArgumentException($"--set {path}: expected model.options.NAME=value");
            section["options"]![parts[2]] = text;
            return;
        }
        if (parts.Length != 2 || !section.ContainsKey(parts[1]))
            throw new ArgumentException($"--set {path}: unknown key \"{string.Join('.', parts[1..])}\" in section {parts[0]}; its keys are {string.Join(", ", section.Select(kv => kv.Key))}");
        var type = typeof(Preset).GetProperty(parts[0])!.PropertyType.GetProperty(parts[1])!.PropertyType;
        section[parts[1]] = Parse(path, text, type);
    }

    static JsonNode? Parse(string path, string text, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (text == "null" && (underlying is not null || !type.IsValueType)) return null;
        type = underlying ?? type;
        if (type == typeof(string)) return JsonValue.Create(text);
        if (type == typeof(bool))
            return text.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => JsonValue.Create(true),
                "false" or "0" or "no" => JsonValue.Create(false),
                _ => throw new ArgumentException($"--set {path}={text}: expected true or false"),
            };
        if (type == typeof(int) || type == typeof(long))
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) && (type == typeof(long) || whole is >= int.MinValue and <= int.MaxValue)
                ? JsonValue.Create(whole)
                : throw new ArgumentException($"--set {path}={text}: expected a whole number");
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? JsonValue.Create(number)
                : throw new ArgumentException($"--set {path}={text}: expected a number");
        if (type.IsEnum)
            return Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name
                ? JsonValue.Create(name)
                : throw new ArgumentException($"--set {path}={text}: expected one of {string.Join(", ", Enum.GetNames(type))}");
        throw new ArgumentException($"--set {path}: a {type.Name} setting cannot be set from the command line");
    }
}
