using System.Text.Json;
using TvrLab.Torch.Safetensors;

namespace TvrLab.Verification;

/// <summary>
/// A suite folder in the <c>tvr-golden/1</c> format (../shared/golden/README.md): <c>manifest.json</c> listing cases,
/// and a safetensors file holding their tensors, opened lazily. Any folder in this format can be read, including ones
/// the kit has never seen.
/// </summary>
public sealed class GoldenSuite : IDisposable
{
    public const string Format = "tvr-golden/1";

    /// <summary>The suite folder.</summary>
    public string Directory { get; }

    /// <summary>The manifest's <c>source</c> (which reference implementation produced the numbers), or "".</summary>
    public string Source { get; }

    public IReadOnlyList<GoldenCase> Cases { get; }

    /// <summary>The suite's tensors (memory-mapped; read on demand).</summary>
    public SafetensorsFile Tensors { get; }

    GoldenSuite(string directory, string source, IReadOnlyList<GoldenCase> cases, SafetensorsFile tensors)
    {
        Directory = directory;
        Source = source;
        Cases = cases;
        Tensors = tensors;
    }

    /// <summary>True when <paramref name="path"/> is a suite folder (it holds a manifest.json).</summary>
    public static bool IsSuite(string path) => File.Exists(Path.Combine(path, "manifest.json"));

    /// <summary>
    /// Reads a suite folder (or its manifest.json). Errors name the manifest and the field at fault; every tensor key
    /// the manifest names must exist in the tensor file.
    /// </summary>
    public static GoldenSuite Open(string path)
    {
        var directory = File.Exists(path) && Path.GetFileName(path) == "manifest.json" ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath))
            throw new FileNotFoundException($"{directory}: not a golden suite folder (no manifest.json)", manifestPath);

        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(manifestPath)); }
        catch (JsonException e) { throw new InvalidDataException($"{manifestPath}: not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            var reader = new ManifestReader(manifestPath);
            if (root.ValueKind != JsonValueKind.Object) throw reader.Error("", "expected a JSON object");
            var format = reader.String(root, "format", "");
            if (format != Format) throw reader.Error("format", $"expected \"{Format}\", found \"{format}\"");
            var tensorsFile = reader.String(root, "tensors", "");
            var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
            var cases = reader.Array(root, "cases", "").Select((c, i) => reader.Case(c, $"cases[{i}]")).ToList();
            if (cases.Count == 0) throw reader.Error("cases", "the suite lists no cases");

            var duplicate = cases.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw reader.Error("cases", $"case name \"{duplicate.Key}\" appears {duplicate.Count()} times");

            var tensorsPath = Path.Combine(directory, tensorsFile);
            if (!File.Exists(tensorsPath)) throw reader.Error("tensors", $"the tensor file {tensorsPath} does not exist");
            var tensors = SafetensorsFile.Open(tensorsPath);
            foreach (var c in cases)
                foreach (var (role, map) in new[] { ("inputs", c.Inputs), ("outputs", c.Outputs) })
                    foreach (var (arg, key) in map)
                        if (!tensors.Contains(key))
                        {
                            tensors.Dispose();
                            throw reader.Error($"case \"{c.Name}\" {role}.{arg}", $"tensor \"{key}\" is not in {tensorsPath}");
                        }
            return new GoldenSuite(directory, source, cases, tensors);
        }
    }

    public void Dispose() => Tensors.Dispose();

    /// <summary>Reads manifest fields with errors that name the file and the JSON path of the field.</summary>
    sealed class ManifestReader(string path)
    {
        public InvalidDataException Error(string field, string problem) =>
            new($"{path}: {(field.Length > 0 ? field + ": " : "")}{problem}");

        JsonElement Field(JsonElement obj, string name, string at)
        {
            var where = at.Length > 0 ? $"{at}.{name}" : name;
            if (obj.ValueKind != JsonValueKind.Object) throw Error(at, $"expected an object, found {obj.ValueKind}");
            return obj.TryGetProperty(name, out var v) ? v : throw Error(where, "missing");
        }

        public string String(JsonElement obj, string name, string at)
        {
            var v = Field(obj, name, at);
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error(Join(at, name), $"expected a string, found {v.ValueKind}");
        }

        public IEnumerable<JsonElement> Array(JsonElement obj, string name, string at)
        {
            var v = Field(obj, name, at);
            return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : throw Error(Join(at, name), $"expected an array, found {v.ValueKind}");
        }

        double Tolerance(JsonElement obj, string name, string at)
        {
            var v = Field(obj, name, at);
            return v.ValueKind == JsonValueKind.Number && v.GetDouble() is var d && d >= 0 && double.IsFinite(d)
                ? d : throw Error(Join(at, name), $"expected a non-negative number, found {v.GetRawText()}");
        }

        IReadOnlyDictionary<string, string> Keys(JsonElement obj, string name, string at)
        {
            var v = Field(obj, name, at);
            if (v.ValueKind != JsonValueKind.Object) throw Error(Join(at, name), $"expected an object of tensor keys, found {v.ValueKind}");
            return v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String
                ? p.Value.GetString()! : throw Error($"{Join(at, name)}.{p.Name}", $"expected a tensor key string, found {p.Value.ValueKind}"));
        }

        public GoldenCase Case(JsonElement c, string at)
        {
            var parameters = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("params", out var p) ? p : default;
            if (parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
                throw Error($"{at}.params", $"expected an object, found {parameters.ValueKind}");
            var outputs = Keys(c, "outputs", at);
            if (outputs.Count == 0) throw Error($"{at}.outputs", "a case needs at least one expected output");
            return new GoldenCase(String(c, "name", at), String(c, "op", at),
                parameters.ValueKind == JsonValueKind.Object ? parameters.Clone() : JsonDocument.Parse("{}").RootElement.Clone(),
                Keys(c, "inputs", at), outputs, Tolerance(c, "atol", at), Tolerance(c, "rtol", at));
        }

        static string Join(string at, string name) => at.Length > 0 ? $"{at}.{name}" : name;
    }
}
