using System.Globalization;
using System.Net;
using System.Text;

namespace TvrLab.Viz;

/// <summary>
/// A table of results (an ablation grid, metrics per run) that renders itself as an HTML table in notebooks and
/// reports and as aligned text in a terminal. Numbers are right-aligned and written with <see cref="NumberFormat"/>;
/// NaN shows as "–".
/// </summary>
[TypeFormatterSource(typeof(VizFormatterSource), PreferredMimeTypes = [VizFormatterSource.HtmlMime, VizFormatterSource.PlainMime])]
public sealed class Table
{
    readonly List<object?[]> rows = new();

    /// <summary>A table with the given column headers.</summary>
    public Table(IReadOnlyList<string> columns, string? title = null)
    {
        if (columns.Count == 0) throw new ArgumentException("a table needs at least one column");
        Columns = columns;
        Title = title;
    }

    public Table(params string[] columns) : this((IReadOnlyList<string>)columns) { }

    public string? Title { get; init; }
    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<IReadOnlyList<object?>> Rows => rows;

    /// <summary>How floating-point cells are written (a .NET numeric format; invariant culture).</summary>
    public string NumberFormat { get; set; } = "0.###";

    /// <summary>Appends a row; it must have one cell per column.</summary>
    public Table AddRow(params object?[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"table row has {cells.Length} cells but the table has {Columns.Count} columns ({string.Join(", ", Columns)})");
        rows.Add(cells);
        return this;
    }

    /// <summary>The text of one cell as shown.</summary>
    public string Cell(int row, int column) => Text(rows[row][column]);

    string Text(object? value) => value switch
    {
        null => "",
        double d => double.IsNaN(d) ? "–" : d.ToString(NumberFormat, CultureInfo.InvariantCulture),
        float f => float.IsNaN(f) ? "–" : f.ToString(NumberFormat, CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static bool IsNumber(object? v) => v is double or float or int or long or decimal or short;

    /// <summary>An HTML table (class <c>tvrlab-table</c>).</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder("<table class=\"tvrlab-table\">");
        if (Title is not null) sb.Append("<caption>").Append(WebUtility.HtmlEncode(Title)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var c in Columns) sb.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var v in row)
                sb.Append(IsNumber(v) ? "<td class=\"num\">" : "<td>").Append(WebUtility.HtmlEncode(Text(v))).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>Aligned plain text, for terminals and logs.</summary>
    public override string ToString()
    {
        var cells = rows.Select(r => r.Select(Text).ToArray()).ToList();
        var widths = Columns.Select((c, j) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[j].Length))).ToArray();
        var sb = new StringBuilder();
        if (Title is not null) sb.AppendLine(Title);
        sb.AppendLine(string.Join("  ", Columns.Select((c, j) => c.PadRight(widths[j]))).TrimEnd());
        sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        for (int i = 0; i < rows.Count; i++)
            sb.AppendLine(string.Join("  ", cells[i].Select((t, j) => IsNumber(rows[i][j]) ? t.PadLeft(widths[j]) : t.PadRight(widths[j]))).TrimEnd());
        return sb.ToString().TrimEnd('\n', '\r');
    }
}
