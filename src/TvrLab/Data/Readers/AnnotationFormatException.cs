namespace TvrLab.Data.Readers;

/// <summary>A malformed annotation file: names the file, where in it (a line, or a JSON field path), what was found and
/// what was expected.</summary>
public sealed class AnnotationFormatException(string file, string location, string problem, string expected)
    : FormatException($"{file}: {location}: {problem}; expected {expected}")
{
    public string File { get; } = file;
    /// <summary>"line 12", or a JSON path such as "$.sentences[3].caption".</summary>
    public string Location { get; } = location;
    public string Expected { get; } = expected;
}
