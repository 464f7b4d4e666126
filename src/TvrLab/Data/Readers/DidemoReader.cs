using System.Text.Json;
using static TvrLab.Data.Readers.JsonAnnotation;
using static TvrLab.Data.Readers.ReaderSupport;

namespace TvrLab.Data.Readers;

/// <summary>
/// DiDeMo (LisaAnne/LocalizingMoments <c>{train,val,test}_data.json</c>: a list of {annotation_id, description, times,
/// video, ...}; ArrowLuo/CLIP4Clip dataloaders/dataloader_didemo_retrieval.py). Each description marks a moment as the
/// 5-second chunks chosen by several annotators; its window is start = mean(first chunk) x 5, end = (mean(last chunk)
/// + 1) x 5 seconds. For retrieval CLIP4Clip joins a video's descriptions into one paragraph (in file order) and reads
/// the video from 0 to 31 s (annotation covered the first 30 s). Video ids are file names with their extension.
/// </summary>
public static class DidemoReader
{
    /// <summary>Seconds of video CLIP4Clip reads for a DiDeMo paragraph: [0, 31].</summary>
    public const double ParagraphEnd = 31;
    public static readonly IReadOnlyList<string> SplitNames = ["train", "val", "test"];

    /// <summary>
    /// One split file. <paramref name="paragraphs"/>: one caption per video, its sentences joined (CLIP4Clip);
    /// otherwise every description is a caption carrying its moment. <paramref name="idListPath"/> (CLIP4Clip's
    /// {split}_list.txt) keeps only the videos it lists.
    /// </summary>
    public static VideoTextDataset Read(string dataJson, string? videosDir = null, bool paragraphs = true, string? idListPath = null) =>
        Read(dataJson, Folder(videosDir), paragraphs, idListPath);

    static VideoTextDataset Read(string dataJson, VideoFolder? folder, bool paragraphs, string? idListPath)
    {
        var split = Path.GetFileName(dataJson).Replace("_data.json", "", StringComparison.Ordinal);
        var moments = ReadMoments(dataJson);
        var keep = idListPath is null ? null : ReadIdList(idListPath);
        var annotated = moments.Select(m => m.Video).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, line) in keep ?? [])
            if (!annotated.Contains(id)) throw UnknownListedVideo(idListPath!, line, id, dataJson);
        var kept = keep?.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        var b = new DatasetBuilder("didemo", split, paragraphs ? EvaluationMode.Paragraph : EvaluationMode.ManyCaptionsPerVideo, folder);
        b.AddSource(dataJson);
        if (idListPath is not null) b.AddSource(idListPath);
        foreach (var m in moments)
            if ((kept is null || kept.Contains(m.Video)) && !b.HasVideo(m.Video))
                b.AddVideo(m.Video, dataJson, m.Location, 0, ParagraphEnd, Path.GetFileNameWithoutExtension(m.Video));
        if (paragraphs)
            foreach (var group in moments.Where(m => b.HasVideo(m.Video)).GroupBy(m => m.Video))
                b.AddCaption(string.Join(" ", group.Select(m => m.Description)), group.Key, dataJson, group.First().Location);
        else
            foreach (var m in moments.Where(m => b.HasVideo(m.Video)))
                b.AddCaption(m.Description, m.Video, dataJson, m.Location + ".description", m.Start, m.End);
        return b.Build();
    }

    /// <summary>A folder with {train,val,test}_data.json (and {split}_list.txt when present), or one data file.</summary>
    public static DatasetCollection ReadCollection(string path, string? videosDir = null, bool paragraphs = true)
    {
        var folder = Folder(videosDir);
        if (!Directory.Exists(path)) return new("didemo", [Read(path, folder, paragraphs, null)], []);
        var splits = SplitNames.Where(s => File.Exists(Path.Combine(path, $"{s}_data.json")))
            .Select(s => Read(Path.Combine(path, $"{s}_data.json"), folder, paragraphs,
                File.Exists(Path.Combine(path, $"{s}_list.txt")) ? Path.Combine(path, $"{s}_list.txt") : null)).ToList();
        if (splits.Count == 0) throw new FileNotFoundException($"{path}: no DiDeMo annotation; expected train_data.json, val_data.json or test_data.json");
        return new("didemo", splits, []);
    }

    sealed record Moment(string Video, string Description, double Start, double End, string Location);

    static List<Moment> ReadMoments(string path)
    {
        using var doc = Parse(path);
        var root = Expect(doc.RootElement, JsonValueKind.Array, path, "$", "a list of {annotation_id, description, times, video}");
        var moments = new List<Moment>();
        var annotationIds = new Dictionary<string, string>();
        var i = 0;
        foreach (var item in root.EnumerateArray())
        {
            var at = $"$[{i++}]";
            Expect(item, JsonValueKind.Object, path, at, "an object with description, times and video");
            if (item.TryGetProperty("annotation_id", out var annotation))
            {
                var key = annotation.GetRawText();
                if (annotationIds.TryGetValue(key, out var first))
                    throw new AnnotationFormatException(path, at + ".annotation_id", $"annotation_id {key} appears again (first at {first})", "each annotation_id once");
                annotationIds[key] = at;
            }
            var video = String(item, "video", path, at);
            var description = String(item, "description", path, at);
            if (string.IsNullOrWhiteSpace(description)) throw new AnnotationFormatException(path, at + ".description", "an empty caption", "caption text");
            var times = Expect(Field(item, "times", path, at, "a \"times\" list of [start, end] chunk pairs"), JsonValueKind.Array, path, at + ".times", "a list of [start, end] chunk pairs");
            if (times.GetArrayLength() == 0) throw new AnnotationFormatException(path, at + ".times", "an empty list", "at least one [start, end] chunk pair");
            double sumStart = 0, sumEnd = 0;
            var t = 0;
            foreach (var pair in times.EnumerateArray())
            {
                var pairAt = $"{at}.times[{t++}]";
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
                    throw new AnnotationFormatException(path, pairAt, $"found {Describe(pair)}", "a pair of chunk numbers [start, end]");
                sumStart += pair[0].GetDouble();
                sumEnd += pair[1].GetDouble();
            }
            // start = mean(t[0]) * 5; end = (mean(t[1]) + 1) * 5   (5-second chunks)
            moments.Add(new Moment(video, description, sumStart / t * 5, (sumEnd / t + 1) * 5, at));
        }
        return moments;
    }
}
