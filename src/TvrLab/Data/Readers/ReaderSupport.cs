namespace TvrLab.Data.Readers;

/// <summary>Small pieces the readers share.</summary>
internal static class ReaderSupport
{
    /// <summary>The video folder index, or null when no folder was given (nothing is then reported missing).</summary>
    public static VideoFolder? Folder(string? videosDir) => videosDir is null ? null : new VideoFolder(videosDir);

    /// <summary>Non-empty, trimmed lines of a list file with their line numbers (CLIP4Clip's *_list.txt).</summary>
    public static List<(string Id, int Line)> ReadIdList(string path)
    {
        var ids = new List<(string, int)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            var id = line.Trim();
            if (id.Length == 0) continue;
            if (seen.TryGetValue(id, out var first))
                throw new AnnotationFormatException(path, $"line {lineNo}", $"video id '{id}' appears again (first at line {first})", "each video id once");
            seen[id] = lineNo;
            ids.Add((id, lineNo));
        }
        return ids;
    }

    /// <summary>An error for an id list naming a video its annotation file does not have.</summary>
    public static AnnotationFormatException UnknownListedVideo(string listPath, int line, string id, string annotationPath) =>
        new(listPath, $"line {line}", $"video id '{id}' has no annotation in {annotationPath}", "ids that the annotation file describes");
}
