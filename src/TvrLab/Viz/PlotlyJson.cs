using System.Text.Json.Nodes;

namespace TvrLab.Viz;

/// <summary>
/// JSON values for plotly figures. JSON has no NaN or infinity: non-finite numbers are written as null, which plotly
/// draws as a gap (an empty heatmap cell, a break in a line).
/// </summary>
public static class PlotlyJson
{
    /// <summary>A number, or null when it is NaN or infinite.</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>A list of numbers (non-finite entries become null).</summary>
    public static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(Number).ToArray());

    /// <summary>0, 1, ..., n - 1: positions of categories, so that repeated labels (two "a" tokens) stay apart.</summary>
    public static JsonArray Indices(int n) => new(Enumerable.Range(0, n).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

    /// <summary>A list of strings.</summary>
    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());

    /// <summary>A [rows][columns] array of numbers: plotly's heatmap <c>z</c> (row i is drawn at y = i).</summary>
    public static JsonArray Matrix(double[,] z)
    {
        var rows = new JsonArray();
        for (int i = 0; i < z.GetLength(0); i++)
        {
            var row = new JsonArray();
            for (int j = 0; j < z.GetLength(1); j++) row.Add(Number(z[i, j]));
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A title object (<c>{"text": ...}</c>), the form plotly 2 and later expect.</summary>
    public static JsonObject Title(string text) => new() { ["text"] = text };
}
