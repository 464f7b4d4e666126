using System.Text.Json;
using static TvrLab.Data.Readers.JsonAnnotation;
using static TvrLab.Data.Readers.ReaderSupport;

namespace TvrLab.Data.Readers;

/// <summary>
/// ActivityNet Captions (<c>train.json</c>, <c>val_1.json</c>, <c>val_2.json</c>: {"v_ID": {duration, timestamps,
/// sentences}}; ArrowLuo/CLIP4Clip dataloaders/dataloader_activitynet_retrieval.py). For paragraph retrieval
/// CLIP4Clip joins a video's sentences with spaces and reads the video from 0 to ceil(duration). Id lists
/// (<c>train_ids.json</c>, <c>val_ids.json</c>: JSON arrays of "v_ID") keep only the videos they list. Video files may be
/// named with or without the "v_" prefix.
/// </summary>
public static class ActivityNetReader
{
    /// <summary>Annotation files of a folder and the id list each goes with (CLIP4Clip's "val" is val_1 with val_ids).</summary>
    public static readonly IReadOnlyList<(string Json, string? Ids)> FolderFiles = [("train.json", "train_ids.json"), ("val_1.json", "val_ids.json"), ("val_2.json", null)];

    /// <summary>One annotation file; see <see cref="DidemoReader.Read(string,string?,bool,string?)"/> for <paramref name="paragraphs"/>.</summary>
    public static VideoTextDataset Read(string json, string? videosDir = null, bool paragraphs = true, string? idsJson = null) =>
        Read(json, Folder(videosDir), paragraphs, idsJson);

    static VideoTextDataset Read(string json, VideoFolder? folder, bool paragraphs, string? idsJson)
    {
        using var doc = Parse(json);
        var root = Expect(doc.RootElement, JsonValueKind.Object, json, "$", "an object {\"v_ID\": {duration, timestamps, sentences}}");
        var b = new DatasetBuilder("activitynet", Path.GetFileNameWithoutExtension(json), paragraphs ? EvaluationMode.Paragraph : EvaluationMode.ManyCaptionsPerVideo, folder);
        b.AddSource(json);
        var keep = idsJson is null ? null : ReadIdsJson(idsJson);
        if (keep is not null)
        {
            b.AddSource(idsJson!);
            foreach (var (id, at) in keep)
                if (!root.TryGetProperty(id, out _))
                    throw new AnnotationFormatException(idsJson!, at, $"video id '{id}' has no annotation in {json}", "ids that the annotation file describes");
        }
        var kept = keep?.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var video in root.EnumerateObject())
        {
            if (kept is not null && !kept.Contains(video.Name)) continue;
            var at = $"$[\"{video.Name}\"]";
            Expect(video.Value, JsonValueKind.Object, json, at, "an object with duration, timestamps and sentences");
            var duration = Number(video.Value, "duration", json, at);
            var sentences = Expect(Field(video.Value, "sentences", json, at, "a \"sentences\" list"), JsonValueKind.Array, json, at + ".sentences", "a list of strings");
            var stamps = Expect(Field(video.Value, "timestamps", json, at, "a \"timestamps\" list"), JsonValueKind.Array, json, at + ".timestamps", "a list of [start, end] pairs");
            if (stamps.GetArrayLength() != sentences.GetArrayLength())
                throw new AnnotationFormatException(json, at, $"{sentences.GetArrayLength()} sentences but {stamps.GetArrayLength()} timestamps", "one [start, end] pair per sentence");
            var id = video.Name;
            var bare = id.StartsWith("v_", StringComparison.Ordinal) ? id[2..] : id;
            b.AddVideo(id, json, at, 0, Math.Ceiling(duration), bare, "v_" + bare);
            var texts = new List<string>();
            for (var i = 0; i < sentences.GetArrayLength(); i++)
            {
                var text = Expect(sentences[i], JsonValueKind.String, json, $"{at}.sentences[{i}]", "a sentence string").GetString()!;
                var stamp = stamps[i];
                if (stamp.ValueKind != JsonValueKind.Array || stamp.GetArrayLength() != 2 || stamp.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
                    throw new AnnotationFormatException(json, $"{at}.timestamps[{i}]", $"found {Describe(stamp)}", "a pair of seconds [start, end]");
                if (paragraphs)
                {
                    if (string.IsNullOrWhiteSpace(text)) throw new AnnotationFormatException(json, $"{at}.sentences[{i}]", "an empty caption", "caption text");
                    texts.Add(text);
                }
                else b.AddCaption(text, id, json, $"{at}.sentences[{i}]", stamp[0].GetDouble(), stamp[1].GetDouble());
            }
            // CLIP4Clip: " ".join(sentences) (the sentences keep their own leading spaces)
            if (paragraphs) b.AddCaption(string.Join(" ", texts), id, json, at + ".sentences");
        }
        return b.Build();
    }

    /// <summary>A folder with the files of <see cref="FolderFiles"/> present, or one annotation file.</summary>
    public static DatasetCollection ReadCollection(string path, string? videosDir = null, bool paragraphs = true)
    {
        var folder = Folder(videosDir);
        if (!Directory.Exists(path)) return new("activitynet", [Read(path, folder, paragraphs, null)], []);
        var splits = FolderFiles.Where(f => File.Exists(Path.Combine(path, f.Json)))
            .Select(f => Read(Path.Combine(path, f.Json), folder, paragraphs,
                f.Ids is not null && File.Exists(Path.Combine(path, f.Ids)) ? Path.Combine(path, f.Ids) : null)).ToList();
        if (splits.Count == 0) throw new FileNotFoundException($"{path}: no ActivityNet Captions annotation; expected {string.Join(", ", FolderFiles.Select(f => f.Json))}");
        return new("activitynet", splits, []);
    }

    static List<(string Id, string At)> ReadIdsJson(string path)
    {
        using var doc = Parse(path);
        var list = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var e in Expect(doc.RootElement, JsonValueKind.Array, path, "$", "a JSON array of video ids").EnumerateArray())
        {
            var at = $"$[{i++}]";
            var id = Expect(e, JsonValueKind.String, path, at, "a video id string").GetString()!;
            if (!seen.Add(id)) throw new AnnotationFormatException(path, at, $"video id '{id}' appears again", "each video id once");
            list.Add((id, at));
        }
        return list;
    }
}
