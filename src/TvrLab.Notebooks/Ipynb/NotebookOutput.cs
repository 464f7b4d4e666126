using System.Text.Json.Nodes;

namespace TvrLab.Notebooks.Ipynb;

/// <summary>
/// One output of a code cell, as nbformat stores it: <c>stream</c> (stdout/stderr text), <c>display_data</c> and
/// <c>execute_result</c> (a MIME bundle), or <c>error</c> (ename, evalue, traceback).
/// </summary>
public sealed class NotebookOutput
{
    public required string OutputType { get; init; }
    /// <summary>stream: "stdout" or "stderr".</summary>
    public string? Name { get; init; }
    /// <summary>stream: the text.</summary>
    public string Text { get; set; } = "";
    /// <summary>display_data / execute_result: MIME type to value (JSON types hold JSON text; image/png base64).</summary>
    public Dictionary<string, string> Data { get; set; } = new();
    public JsonObject Metadata { get; set; } = new();
    public int? ExecutionCount { get; init; }
    public string? EName { get; init; }
    public string? EValue { get; init; }
    public IReadOnlyList<string> Traceback { get; init; } = [];

    public static NotebookOutput Stream(string name, string text) => new() { OutputType = "stream", Name = name, Text = text };
    public static NotebookOutput Display(Dictionary<string, string> data) => new() { OutputType = "display_data", Data = data };
    public static NotebookOutput Result(Dictionary<string, string> data, int executionCount) =>
        new() { OutputType = "execute_result", Data = data, ExecutionCount = executionCount };
    public static NotebookOutput Error(string ename, string evalue, IReadOnlyList<string> traceback) =>
        new() { OutputType = "error", EName = ename, EValue = evalue, Traceback = traceback };

    /// <summary>MIME types whose nbformat value is a JSON document rather than text.</summary>
    public static bool IsJsonMime(string mime) => mime == "application/json" || (mime.StartsWith("application/", StringComparison.Ordinal) && mime.EndsWith("+json", StringComparison.Ordinal));

    internal static NotebookOutput FromJson(JsonNode? node, string where)
    {
        if (node is not JsonObject o) throw new InvalidDataException($"{where}: an output must be a JSON object");
        var type = o["output_type"]?.GetValue<string>() ?? throw new InvalidDataException($"{where}: no \"output_type\"");
        return type switch
        {
            "stream" => new NotebookOutput { OutputType = type, Name = o["name"]?.GetValue<string>() ?? "stdout", Text = Notebook.ReadText(o["text"], where) },
            "display_data" or "execute_result" => new NotebookOutput
            {
                OutputType = type,
                ExecutionCount = o["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null,
                Metadata = o["metadata"] as JsonObject is { } md ? (JsonObject)md.DeepClone() : new JsonObject(),
                Data = (o["data"] as JsonObject ?? new JsonObject()).ToDictionary(p => p.Key,
                    p => IsJsonMime(p.Key) && p.Value is not JsonValue ? p.Value!.ToJsonString() : Notebook.ReadText(p.Value, $"{where} {p.Key}")),
            },
            "error" => new NotebookOutput
            {
                OutputType = type,
                EName = o["ename"]?.GetValue<string>() ?? "",
                EValue = o["evalue"]?.GetValue<string>() ?? "",
                Traceback = (o["traceback"] as JsonArray)?.Select(x => x?.GetValue<string>() ?? "").ToArray() ?? [],
            },
            _ => throw new InvalidDataException($"{where}: output_type \"{type}\" is not one of stream, display_data, execute_result, error"),
        };
    }

    internal JsonObject ToJson()
    {
        var o = new JsonObject { ["output_type"] = OutputType };
        switch (OutputType)
        {
            case "stream":
                o["name"] = Name;
                o["text"] = Notebook.Lines(Text);
                break;
            case "error":
                o["ename"] = EName;
                o["evalue"] = EValue;
                o["traceback"] = new JsonArray(Traceback.Select(t => (JsonNode?)t).ToArray());
                break;
            default:
                o["data"] = new JsonObject(Data.Select(p => KeyValuePair.Create(p.Key,
                    IsJsonMime(p.Key) ? JsonNode.Parse(p.Value) : p.Key == "image/png" ? JsonValue.Create(p.Value) : (JsonNode?)Notebook.Lines(p.Value))));
                o["metadata"] = Metadata.DeepClone();
                if (OutputType == "execute_result") o["execution_count"] = ExecutionCount;
                break;
        }
        return o;
    }
}
