using System.Text.Json;
using System.Text.Json.Nodes;
using TvrLab.Testing;
using TvrLab.Torch;
using TvrLab.Torch.Safetensors;

namespace TvrLab.Tests.Verification;

/// <summary>
/// Writes new tvr-golden/1 suite folders for tests: cases copied from a real suite (under new names, new tensor keys
/// and a differently named tensor file), optionally edited, plus hand-written cases.
/// </summary>
sealed class SuiteBuilder
{
    readonly List<JsonObject> cases = [];
    readonly Dictionary<string, Tensor> tensors = [];

    /// <summary>Copies a case from a suite, renamed; <paramref name="edit"/> may change its expected outputs.</summary>
    public SuiteBuilder CopyCase(string suiteFolder, string caseName, string newName, Func<string, Tensor, Tensor>? edit = null, string? op = null)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(suiteFolder, "manifest.json")));
        var source = manifest.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == caseName);
        var copy = JsonNode.Parse(source.GetRawText())!.AsObject();
        copy["name"] = newName;
        if (op is not null) copy["op"] = op;
        using var file = SafetensorsFile.Open(Path.Combine(suiteFolder, manifest.RootElement.GetProperty("tensors").GetString()!));
        foreach (var role in new[] { "inputs", "outputs" })
            foreach (var (arg, key) in copy[role]!.AsObject().ToList())
            {
                var newKey = $"{newName}.{role}.{arg}";
                var t = file.Load(key!.GetValue<string>()).DetachFromDisposeScope();
                tensors[newKey] = role == "outputs" && edit is not null ? edit(arg, t).DetachFromDisposeScope() : t;
                copy[role]![arg] = newKey;
            }
        cases.Add(copy);
        return this;
    }

    /// <summary>Adds a hand-written case.</summary>
    public SuiteBuilder Case(string name, string op, Dictionary<string, Tensor> inputs, Dictionary<string, Tensor> outputs,
        double atol = 1e-9, double rtol = 1e-9, object? parameters = null)
    {
        var c = new JsonObject
        {
            ["name"] = name, ["op"] = op, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }),
            ["inputs"] = new JsonObject(), ["outputs"] = new JsonObject(), ["atol"] = atol, ["rtol"] = rtol,
        };
        foreach (var (role, map) in new[] { ("inputs", inputs), ("outputs", outputs) })
            foreach (var (arg, t) in map)
            {
                tensors[$"{name}/{arg}"] = t.DetachFromDisposeScope();
                c[role]![arg] = $"{name}/{arg}";
            }
        cases.Add(c);
        return this;
    }

    /// <summary>Writes manifest.json and the tensors (as data.safetensors) into a new folder, returns the folder.</summary>
    public string Write(string name = "suite", string? folder = null)
    {
        var dir = folder ?? TestPaths.NewTempDir(name);
        Directory.CreateDirectory(dir);
        var manifest = new JsonObject
        {
            ["format"] = "tvr-golden/1", ["source"] = "test", ["tensors"] = "data.safetensors",
            ["cases"] = new JsonArray(cases.Select(c => (JsonNode)c.DeepClone()).ToArray()),
        };
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        SafetensorsWriter.Save(Path.Combine(dir, "data.safetensors"), tensors);
        foreach (var t in tensors.Values) t.Dispose();
        return dir;
    }
}
