using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TvrLab.Notebooks.Ipynb;

/// <summary>
/// A Jupyter notebook (.ipynb, nbformat 4) as VS Code's Polyglot Notebooks writes it: cells with sources, metadata
/// and outputs. Reading accepts sources as one string or a list of lines; writing uses nbformat 4.5 (cell ids) with
/// the C# kernel metadata VS Code writes, keys sorted and one-space indentation as Jupyter does.
/// </summary>
public sealed class Notebook
{
    /// <summary>The file it was read from (for messages), or null.</summary>
    public string? Path { get; init; }
    public JsonObject Metadata { get; set; } = new();
    public List<NotebookCell> Cells { get; } = new();

    /// <summary>Reads a notebook; a clear error names the file and what is wrong.</summary>
    public static Notebook Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: notebook not found", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses notebook JSON; <paramref name="path"/> names it in errors.</summary>
    public static Notebook Parse(string json, string path = "<notebook>")
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        if (root is not JsonObject obj) throw new InvalidDataException($"{path}: not a Jupyter notebook: the top level is not a JSON object");
        var major = obj["nbformat"] is JsonValue v && v.TryGetValue<int>(out var m) ? m
            : throw new InvalidDataException($"{path}: not a Jupyter notebook: no \"nbformat\" number");
        if (major != 4) throw new InvalidDataException($"{path}: nbformat {major} is not supported (expected 4; open and save it in VS Code or Jupyter to convert)");
        if (obj["cells"] is not JsonArray cells) throw new InvalidDataException($"{path}: not a Jupyter notebook: no \"cells\" array");

        var nb = new Notebook { Path = path, Metadata = obj["metadata"] as JsonObject is { } md ? (JsonObject)md.DeepClone() : new JsonObject() };
        for (int i = 0; i < cells.Count; i++)
            nb.Cells.Add(NotebookCell.FromJson(cells[i], $"{path}: cell {i + 1}"));
        return nb;
    }

    /// <summary>The kernel a cell without its own kernel metadata runs in (Polyglot's defaultKernelName; C# by default).</summary>
    public string DefaultKernelName =>
        Metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>() ?? "csharp";

    /// <summary>The notebook as nbformat 4.5 JSON.</summary>
    public string ToJson()
    {
        EnsureIdsAndMetadata();
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(Cells.Select(c => (JsonNode?)c.ToJson()).ToArray()),
            ["metadata"] = Metadata.DeepClone(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Sorted(root)!.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes the notebook through a temporary name.</summary>
    public void Save(string path) => Viz.HtmlPage.WriteAtomically(path, ToJson());

    /// <summary>nbformat 4.5 needs a unique id per cell; VS Code needs the C# kernel metadata.</summary>
    void EnsureIdsAndMetadata()
    {
        var used = new HashSet<string>(Cells.Select(c => c.Id).OfType<string>());
        for (int i = 0; i < Cells.Count; i++)
            if (string.IsNullOrEmpty(Cells[i].Id))
            {
                var id = $"cell-{i + 1}";
                for (int k = 2; !used.Add(id); k++) id = $"cell-{i + 1}-{k}";
                Cells[i].Id = id;
            }
        Metadata["kernelspec"] ??= new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        Metadata["language_info"] ??= new JsonObject { ["name"] = "polyglot-notebook" };
        Metadata["polyglot_notebook"] ??= new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = "C#", ["name"] = "csharp" }),
            },
        };
    }

    /// <summary>A copy with object keys in ordinal order (as Jupyter writes them), so that files diff well.</summary>
    static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>Text in nbformat's multi-line form: a list of lines, each but the last ending in "\n".</summary>
    internal static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') { lines.Add(text[start..(i + 1)]); start = i + 1; }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    /// <summary>nbformat's multi-line text: a string or a list of strings; <paramref name="where"/> names it in errors.</summary>
    internal static string ReadText(JsonNode? node, string where) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray a => string.Concat(a.Select((x, i) => x is JsonValue xv && xv.TryGetValue<string>(out var line) ? line
            : throw new InvalidDataException($"{where}: line {i + 1} is not a string"))),
        _ => throw new InvalidDataException($"{where}: expected a string or a list of strings, found {node.GetValueKind()}"),
    };
}
