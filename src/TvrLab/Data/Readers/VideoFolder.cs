namespace TvrLab.Data.Readers;

/// <summary>
/// The video files under a folder (searched recursively, as CLIP4Clip's loaders walk it), found by video id: the
/// file named exactly like the id (DiDeMo ids carry their extension), else the id plus a common video extension.
/// </summary>
public sealed class VideoFolder
{
    /// <summary>Extensions tried after the id, in this order.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".mp4", ".avi", ".mkv", ".webm", ".mov"];

    readonly Dictionary<string, string> byName = new(StringComparer.Ordinal);

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Indexes the files under <paramref name="directory"/>; a clear error when it does not exist.</summary>
    public VideoFolder(string directory)
    {
        Directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(Directory))
            throw new DirectoryNotFoundException($"{Directory}: videos folder not found; expected a folder holding the dataset's video files");
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
            byName.TryAdd(Path.GetFileName(file), file);   // the first found wins when two subfolders hold the same name
    }

    /// <summary>The file for <paramref name="id"/>, or null. <paramref name="alternativeIds"/> are tried after it
    /// (ActivityNet's "v_" prefix may or may not be in the file name).</summary>
    public string? Resolve(string id, params string[] alternativeIds)
    {
        foreach (var candidate in alternativeIds.Prepend(id))
        {
            if (byName.TryGetValue(candidate, out var exact)) return exact;
            foreach (var ext in Extensions)
                if (byName.TryGetValue(candidate + ext, out var path)) return path;
        }
        return null;
    }
}
