using System.Text;

namespace TvrLab.Data.Readers;

/// <summary>A comma-separated file with a header row (RFC 4180 quoting), each row kept with its line number.</summary>
public sealed class CsvTable
{
    public string File { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    CsvTable(string file, IReadOnlyList<string> header, IReadOnlyList<(int, string[])> rows) { File = file; Header = header; Rows = rows; }

    /// <summary>Reads the file; errors name the line of an unterminated quote or a row whose field count differs from the header's.</summary>
    public static CsvTable Read(string path)
    {
        var records = Parse(path, System.IO.File.ReadAllText(path));
        if (records.Count == 0) throw new AnnotationFormatException(path, "line 1", "the file is empty", "a header row naming the columns");
        var header = records[0].Fields;
        for (var r = 1; r < records.Count; r++)
            if (records[r].Fields.Length != header.Length)
                throw new AnnotationFormatException(path, $"line {records[r].Line}", $"{records[r].Fields.Length} fields", $"{header.Length} comma-separated fields, as in the header ({string.Join(",", header)})");
        return new CsvTable(path, header, records.Skip(1).ToList());
    }

    /// <summary>The index of a column; an error listing the columns there are when it is missing.</summary>
    public int Column(string name)
    {
        for (var i = 0; i < Header.Count; i++) if (Header[i].Trim() == name) return i;
        throw new AnnotationFormatException(File, "line 1", $"the header has no column '{name}' (it has {string.Join(", ", Header)})", $"a '{name}' column");
    }

    static List<(int Line, string[] Fields)> Parse(string path, string text)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0;
        if (text.StartsWith('\uFEFF')) i = 1;
        var atRecordStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (atRecordStart && (c == '\n' || c == '\r')) { line += c == '\n' ? 1 : 0; i++; recordLine = line; continue; }   // blank line
            atRecordStart = false;
            if (c == '"' && field.Length == 0)
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new AnnotationFormatException(path, $"line {quoteLine}", "a quoted field is never closed", "a closing '\"'");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (text[i] == '\n') line++;
                    field.Append(text[i++]);
                }
                continue;
            }
            if (c == ',') { fields.Add(field.ToString()); field.Clear(); i++; continue; }
            if (c == '\r' || c == '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                i++;
                fields.Add(field.ToString()); field.Clear();
                records.Add((recordLine, fields.ToArray())); fields.Clear();
                line++; recordLine = line; atRecordStart = true;
                continue;
            }
            field.Append(c);
            i++;
        }
        if (!atRecordStart) { fields.Add(field.ToString()); records.Add((recordLine, fields.ToArray())); }
        return records;
    }
}
