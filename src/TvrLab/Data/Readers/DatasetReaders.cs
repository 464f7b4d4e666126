namespace TvrLab.Data.Readers;

/// <summary>The annotation formats the kit reads, by name, for commands such as <c>tvrlab data stats</c>.</summary>
public static class DatasetReaders
{
    /// <summary>Format names: msrvtt, msvd, didemo, activitynet, lsmdc, vatex.</summary>
    public static readonly IReadOnlyList<string> Formats = ["msrvtt", "msvd", "didemo", "activitynet", "lsmdc", "vatex"];

    /// <summary>
    /// Reads <paramref name="path"/> (an annotation file, or a folder holding a format's usual files) as
    /// <paramref name="format"/>. <paramref name="paragraphs"/> applies to DiDeMo and ActivityNet (false: one caption per
    /// sentence, with its moment); <paramref name="expandCaptions"/> to MSR-VTT training lists.
    /// </summary>
    public static DatasetCollection Read(string format, string path, string? videosDir = null, bool paragraphs = true, bool expandCaptions = true)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"{path}: no such annotation file or folder");
        return format.ToLowerInvariant() switch
        {
            "msrvtt" or "msr-vtt" => MsrVttReader.ReadCollection(path, videosDir, expandCaptions),
            "msvd" => MsvdReader.ReadCollection(path, videosDir),
            "didemo" => DidemoReader.ReadCollection(path, videosDir, paragraphs),
            "activitynet" or "anet" => ActivityNetReader.ReadCollection(path, videosDir, paragraphs),
            "lsmdc" => LsmdcReader.ReadCollection(path, videosDir),
            "vatex" => VatexReader.ReadCollection(path, videosDir),
            _ => throw new ArgumentException($"unknown dataset format '{format}'; expected one of {string.Join(", ", Formats)}", nameof(format)),
        };
    }
}
