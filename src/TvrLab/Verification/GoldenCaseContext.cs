using System.Text.Json;
using TvrLab.Torch;

namespace TvrLab.Verification;

/// <summary>
/// What an op implementation gets for one case: its inputs (loaded on demand onto <see cref="Device"/>), its typed
/// parameters, and the suite folder (for parameters that name files, e.g. CLIP weights beside the manifest).
/// Errors name the case and the argument.
/// </summary>
public sealed class GoldenCaseContext
{
    readonly GoldenSuite suite;

    public GoldenCase Case { get; }

    /// <summary>Where inputs are placed and the op should run.</summary>
    public Device Device { get; }

    /// <summary>The suite folder.</summary>
    public string SuiteDirectory => suite.Directory;

    internal GoldenCaseContext(GoldenSuite suite, GoldenCase @case, Device device)
    {
        this.suite = suite;
        Case = @case;
        Device = device;
    }

    public bool HasInput(string name) => Case.Inputs.ContainsKey(name);

    /// <summary>An input tensor in its stored dtype (most golden tensors are float64; masks are 0/1 floats).</summary>
    public Tensor Input(string name) =>
        Case.Inputs.TryGetValue(name, out var key) ? suite.Tensors.Load(key, Device)
            : throw Problem($"inputs.{name}", $"missing (the case has: {string.Join(", ", Case.Inputs.Keys)})");

    /// <summary>
    /// Every input whose name starts with <paramref name="prefix"/>, keyed by the rest of its name: the weights of a
    /// module stored as inputs ("transformerClip.resblocks.0.attn.in_proj_weight", ...) become a state dict.
    /// </summary>
    public Dictionary<string, Tensor> InputsWithPrefix(string prefix) =>
        Case.Inputs.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(k => k[prefix.Length..], Input, StringComparer.Ordinal);

    public bool HasParam(string name) => Case.Params.TryGetProperty(name, out _);

    public double Double(string name, double? fallback = null) =>
        Param(name, JsonValueKind.Number, "a number") is { } e ? e.GetDouble() : fallback ?? throw Missing(name);

    public long Long(string name, long? fallback = null) =>
        Param(name, JsonValueKind.Number, "an integer") is { } e
            ? e.TryGetInt64(out var v) ? v : throw Problem($"params.{name}", $"expected an integer, found {e.GetRawText()}")
            : fallback ?? throw Missing(name);

    public bool Bool(string name, bool? fallback = null) =>
        Case.Params.TryGetProperty(name, out var e)
            ? e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : throw Problem($"params.{name}", $"expected true or false, found {e.GetRawText()}")
            : fallback ?? throw Missing(name);

    public string String(string name, string? fallback = null) =>
        Param(name, JsonValueKind.String, "a string") is { } e ? e.GetString()! : fallback ?? throw Missing(name);

    /// <summary>A parameter naming a file relative to the suite folder, as a full path that must exist.</summary>
    public string FilePath(string name)
    {
        var path = Path.Combine(SuiteDirectory, String(name));
        return File.Exists(path) ? path : throw Problem($"params.{name}", $"file {path} does not exist");
    }

    /// <summary>The parameter's JSON value, checked to be of <paramref name="kind"/>; null when absent.</summary>
    JsonElement? Param(string name, JsonValueKind kind, string expected) =>
        !Case.Params.TryGetProperty(name, out var e) ? null
            : e.ValueKind == kind ? e : throw Problem($"params.{name}", $"expected {expected}, found {e.GetRawText()}");

    InvalidDataException Missing(string name) => Problem($"params.{name}", "missing");

    InvalidDataException Problem(string field, string problem) => new($"case \"{Case.Name}\" ({Case.Op}): {field}: {problem}");
}
