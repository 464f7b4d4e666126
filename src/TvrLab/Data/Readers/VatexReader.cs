using System.Text.Json;
using static TvrLab.Data.Readers.JsonAnnotation;
using static TvrLab.Data.Readers.ReaderSupport;

namespace TvrLab.Data.Readers;

/// <summary>
/// VATEX: the official release (<c>vatex_training_v1.0.json</c>, <c>vatex_validation_v1.0.json</c>: a list of
/// {videoID, enCap: [10 English captions], chCap: [...]}) or the {video_id: [captions]} form with split lists that
/// retrieval repositories use (<c>ref_captions.json</c> + <c>{split}_list.txt</c>). English captions only; every caption
/// is a sample and evaluation ranks every caption. Video ids are "YouTubeID_start_end", as the files are named.
/// </summary>
public static class VatexReader
{
    /// <summary>One file: the official list form, or the {id: [captions]} form filtered by <paramref name="idListPath"/>.</summary>
    public static VideoTextDataset Read(string json, string? videosDir = null, string? idListPath = null) =>
        Read(json, Folder(videosDir), idListPath, SplitName(json));

    static VideoTextDataset Read(string json, VideoFolder? folder, string? idListPath, string split)
    {
        using var doc = Parse(json);
        var root = doc.RootElement;
        var b = new DatasetBuilder("vatex", split, EvaluationMode.ManyCaptionsPerVideo, folder);
        b.AddSource(json);
        var captions = new List<(string Id, string Text, string At)>();
        if (root.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in root.EnumerateArray())
            {
                var at = $"$[{i++}]";
                Expect(item, JsonValueKind.Object, json, at, "an object with videoID and enCap");
                var id = String(item, "videoID", json, at);
                b.AddVideo(id, json, at);
                var en = Expect(Field(item, "enCap", json, at, "an \"enCap\" list of English captions"), JsonValueKind.Array, json, at + ".enCap", "a list of caption strings");
                var c = 0;
                foreach (var cap in en.EnumerateArray())
                {
                    var capAt = $"{at}.enCap[{c++}]";
                    captions.Add((id, Expect(cap, JsonValueKind.String, json, capAt, "a caption string").GetString()!, capAt));
                }
            }
        }
        else
        {
            Expect(root, JsonValueKind.Object, json, "$", "a list of {videoID, enCap} or an object {video_id: [captions]}");
            var keep = idListPath is null ? null : ReadIdList(idListPath);
            foreach (var (id, line) in keep ?? [])
                if (!root.TryGetProperty(id, out _)) throw UnknownListedVideo(idListPath!, line, id, json);
            if (idListPath is not null) b.AddSource(idListPath);
            var kept = keep?.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var video in root.EnumerateObject())
            {
                if (kept is not null && !kept.Contains(video.Name)) continue;
                var at = $"$[\"{video.Name}\"]";
                b.AddVideo(video.Name, json, at);
                var c = 0;
                foreach (var cap in Expect(video.Value, JsonValueKind.Array, json, at, "a list of caption strings").EnumerateArray())
                {
                    var capAt = $"{at}[{c++}]";
                    captions.Add((video.Name, Expect(cap, JsonValueKind.String, json, capAt, "a caption string").GetString()!, capAt));
                }
            }
        }
        foreach (var (id, text, at) in captions) b.AddCaption(text, id, json, at);
        return b.Build();
    }

    /// <summary>A folder (the official files present, or ref_captions.json with the split lists present), or one file.</summary>
    public static DatasetCollection ReadCollection(string path, string? videosDir = null)
    {
        var folder = Folder(videosDir);
        if (!Directory.Exists(path)) return new("vatex", [Read(path, folder, null, SplitName(path))], []);
        var official = Directory.GetFiles(path, "vatex_*.json").Order(StringComparer.Ordinal).ToList();
        var splits = official.Select(f => Read(f, folder, null, SplitName(f))).ToList();
        var refCaptions = Path.Combine(path, "ref_captions.json");
        if (splits.Count == 0 && File.Exists(refCaptions))
            splits = new[] { "train", "val", "test" }.Where(s => File.Exists(Path.Combine(path, $"{s}_list.txt")))
                .Select(s => Read(refCaptions, folder, Path.Combine(path, $"{s}_list.txt"), s)).ToList();
        if (splits.Count == 0) throw new FileNotFoundException($"{path}: no VATEX annotation; expected vatex_*.json, or ref_captions.json with train_list.txt/val_list.txt/test_list.txt");
        return new("vatex", splits, []);
    }

    static string SplitName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file).ToLowerInvariant();
        return name.Contains("train") ? "train" : name.Contains("val") ? "val" : name.Contains("test") ? "test" : name;
    }
}
