using System.Text.Json.Nodes;

namespace TvrLab.Notebooks.Ipynb;

/// <summary>One cell: code, markdown or raw, its source, metadata and (code) outputs.</summary>
public sealed class NotebookCell
{
    public required string CellType { get; init; }
    public string? Id { get; set; }
    public string Source { get; set; } = "";
    public JsonObject Metadata { get; set; } = new();
    public int? ExecutionCount { get; set; }
    public List<NotebookOutput> Outputs { get; } = new();
    /// <summary>Markdown attachments, kept as they are.</summary>
    public JsonObject? Attachments { get; set; }

    public bool IsCode => CellType == "code";

    /// <summary>The cell's tags (metadata.tags), e.g. "parameters".</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray a ? a.Select(t => t?.GetValue<string>() ?? "").ToArray() : [];

    /// <summary>The kernel the cell names (Polyglot: metadata.polyglot_notebook.kernelName; older files: dotnet_interactive.language).</summary>
    public string? KernelName =>
        Metadata["polyglot_notebook"]?["kernelName"]?.GetValue<string>() ?? Metadata["dotnet_interactive"]?["language"]?.GetValue<string>();

    /// <summary>A new C# code cell with the metadata VS Code writes.</summary>
    public static NotebookCell Code(string source, params string[] tags)
    {
        var cell = new NotebookCell
        {
            CellType = "code",
            Source = source,
            Metadata = new JsonObject
            {
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                ["vscode"] = new JsonObject { ["languageId"] = "polyglot-notebook" },
            },
        };
        if (tags.Length > 0) cell.Metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        return cell;
    }

    public static NotebookCell Markdown(string source) => new() { CellType = "markdown", Source = source };

    internal static NotebookCell FromJson(JsonNode? node, string where)
    {
        if (node is not JsonObject o) throw new InvalidDataException($"{where}: a cell must be a JSON object");
        var type = o["cell_type"] is JsonValue tv && tv.TryGetValue<string>(out var t) ? t
            : throw new InvalidDataException($"{where}: no \"cell_type\"");
        if (type is not ("code" or "markdown" or "raw"))
            throw new InvalidDataException($"{where}: cell_type \"{type}\" is not one of code, markdown, raw");
        var cell = new NotebookCell
        {
            CellType = type,
            Id = o["id"]?.GetValue<string>(),
            Source = Notebook.ReadText(o["source"], $"{where} source"),
            Metadata = o["metadata"] is JsonObject md ? (JsonObject)md.DeepClone() : new JsonObject(),
            ExecutionCount = o["execution_count"] is JsonValue ec && ec.TryGetValue<int>(out var n) ? n : null,
            Attachments = o["attachments"]?.DeepClone() as JsonObject,
        };
        if (o["outputs"] is JsonArray outputs)
            for (int i = 0; i < outputs.Count; i++)
                cell.Outputs.Add(NotebookOutput.FromJson(outputs[i], $"{where} output {i + 1}"));
        return cell;
    }

    internal JsonObject ToJson()
    {
        var o = new JsonObject { ["cell_type"] = CellType, ["id"] = Id, ["metadata"] = Metadata.DeepClone(), ["source"] = Notebook.Lines(Source) };
        if (Attachments is not null) o["attachments"] = Attachments.DeepClone();
        if (IsCode)
        {
            o["execution_count"] = ExecutionCount;
            o["outputs"] = new JsonArray(Outputs.Select(x => (JsonNode?)x.ToJson()).ToArray());
        }
        return o;
    }
}
