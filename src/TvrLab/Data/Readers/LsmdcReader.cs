using static TvrLab.Data.Readers.ReaderSupport;

namespace TvrLab.Data.Readers;

/// <summary>
/// LSMDC (ArrowLuo/CLIP4Clip dataloaders/dataloader_lsmdc_retrieval.py): tab-separated lines of six fields,
/// <c>clip_id, start_aligned, end_aligned, start_extracted, end_extracted, sentence</c>. A clip id may carry several
/// sentences; every sentence is a sample. Files: LSMDC16_annos_training.csv (train), LSMDC16_annos_val.csv (val),
/// LSMDC16_challenge_1000_publictect.csv (test, one sentence per clip). Clips are files named by clip id, in
/// per-movie subfolders.
/// </summary>
public static class LsmdcReader
{
    public static readonly IReadOnlyList<(string File, string Split)> FolderFiles =
        [("LSMDC16_annos_training.csv", "train"), ("LSMDC16_annos_val.csv", "val"), ("LSMDC16_challenge_1000_publictect.csv", "test")];

    /// <summary>One annotation file.</summary>
    public static VideoTextDataset Read(string path, string? videosDir = null) => Read(path, Folder(videosDir));

    static VideoTextDataset Read(string path, VideoFolder? folder)
    {
        var rows = new List<(string Clip, string Sentence, int Line)>();
        var lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.TrimEnd('\r', '\n');
            if (line.Trim().Length == 0) continue;
            var fields = line.Split('\t');
            if (fields.Length != 6)
                throw new AnnotationFormatException(path, $"line {lineNo}", $"{fields.Length} tab-separated fields", "6: clip_id, start_aligned, end_aligned, start_extracted, end_extracted, sentence");
            rows.Add((fields[0].Trim(), fields[5], lineNo));
        }
        var oneEach = rows.Select(r => r.Clip).Distinct().Count() == rows.Count;
        var split = FolderFiles.FirstOrDefault(f => f.File == Path.GetFileName(path)).Split ?? Path.GetFileNameWithoutExtension(path);
        var b = new DatasetBuilder("lsmdc", split, oneEach ? EvaluationMode.OneCaptionPerVideo : EvaluationMode.ManyCaptionsPerVideo, folder);
        b.AddSource(path);
        foreach (var (clip, sentence, line) in rows)
        {
            if (!b.HasVideo(clip)) b.AddVideo(clip, path, $"line {line}");
            b.AddCaption(sentence, clip, path, $"line {line}");
        }
        return b.Build();
    }

    /// <summary>A folder with the files of <see cref="FolderFiles"/> present, or one file.</summary>
    public static DatasetCollection ReadCollection(string path, string? videosDir = null)
    {
        var folder = Folder(videosDir);
        if (!Directory.Exists(path)) return new("lsmdc", [Read(path, folder)], []);
        var splits = FolderFiles.Where(f => File.Exists(Path.Combine(path, f.File))).Select(f => Read(Path.Combine(path, f.File), folder)).ToList();
        if (splits.Count == 0) throw new FileNotFoundException($"{path}: no LSMDC annotation; expected {string.Join(", ", FolderFiles.Select(f => f.File))}");
        return new("lsmdc", splits, []);
    }
}
