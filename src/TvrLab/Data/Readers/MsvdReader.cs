using System.Text.Json;
using static TvrLab.Data.Readers.JsonAnnotation;
using static TvrLab.Data.Readers.ReaderSupport;

namespace TvrLab.Data.Readers;

/// <summary>
/// MSVD (ArrowLuo/CLIP4Clip dataloaders/dataloader_msvd_retrieval.py): captions per video, and split lists
/// <c>train_list.txt</c>, <c>val_list.txt</c>, <c>test_list.txt</c> (one video id a line). Every caption is a sample and
/// evaluation ranks every caption of every video. Captions come from <c>captions_msvd.json</c>
/// (<c>{video_id: [captions]}</c>), CLIP4Clip's <c>raw-captions.pkl</c> (<c>{video_id: [[words]]}</c>), or the raw
/// description file (<c>AllVideoDescriptions.txt</c>: "video_id caption" a line, '#' comments).
/// </summary>
public static class MsvdReader
{
    public const string CaptionsJsonName = "captions_msvd.json", CaptionsPickleName = "raw-captions.pkl", RawCaptionsName = "AllVideoDescriptions.txt";
    public static readonly IReadOnlyList<string> SplitNames = ["train", "val", "test"];

    /// <summary>Captions per video, in file order.</summary>
    public static IReadOnlyDictionary<string, (List<string> Captions, string Location)> ReadCaptions(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(path)
        : path.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase) ? ReadPickle(path)
        : ReadRaw(path);

    /// <summary>One split: the videos of <paramref name="listPath"/> with all their captions.</summary>
    public static VideoTextDataset ReadSplit(string captionsPath, string listPath, string split, string? videosDir = null) =>
        Build(captionsPath, ReadCaptions(captionsPath), listPath, split, Folder(videosDir));

    /// <summary>A folder (captions file + the split lists present) or a captions file (split lists beside it; all
    /// videos as one split "all" when there are none).</summary>
    public static DatasetCollection ReadCollection(string path, string? videosDir = null)
    {
        var dir = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var captionsPath = Directory.Exists(path)
            ? new[] { CaptionsJsonName, CaptionsPickleName, RawCaptionsName }.Select(n => Path.Combine(path, n)).FirstOrDefault(File.Exists)
              ?? throw new FileNotFoundException($"{path}: no MSVD captions; expected {CaptionsJsonName}, {CaptionsPickleName} or {RawCaptionsName}")
            : path;
        var captions = ReadCaptions(captionsPath);
        var folder = Folder(videosDir);
        var splits = SplitNames.Select(s => (Split: s, List: Path.Combine(dir, $"{s}_list.txt"))).Where(s => File.Exists(s.List))
            .Select(s => Build(captionsPath, captions, s.List, s.Split, folder)).ToList();
        var notes = new List<string>();
        if (splits.Count == 0)
        {
            notes.Add($"no split lists ({string.Join(", ", SplitNames.Select(s => s + "_list.txt"))}) beside {captionsPath}: all videos read as split 'all'");
            splits.Add(Build(captionsPath, captions, null, "all", folder));
        }
        return new DatasetCollection("msvd", splits, notes);
    }

    static VideoTextDataset Build(string captionsPath, IReadOnlyDictionary<string, (List<string> Captions, string Location)> captions,
        string? listPath, string split, VideoFolder? folder)
    {
        var b = new DatasetBuilder("msvd", split, EvaluationMode.ManyCaptionsPerVideo, folder);
        b.AddSource(captionsPath);
        var ids = listPath is null ? captions.Select(c => (c.Key, 0)).ToList() : ReadIdList(listPath);
        if (listPath is not null) b.AddSource(listPath);
        foreach (var (id, line) in ids)
        {
            if (!captions.TryGetValue(id, out var entry)) throw UnknownListedVideo(listPath!, line, id, captionsPath);
            b.AddVideo(id, listPath ?? captionsPath, listPath is null ? entry.Location : $"line {line}");
            foreach (var caption in entry.Captions) b.AddCaption(caption, id, captionsPath, entry.Location);
        }
        return b.Build();
    }

    static Dictionary<string, (List<string>, string)> ReadJson(string path)
    {
        using var doc = Parse(path);
        var root = Expect(doc.RootElement, JsonValueKind.Object, path, "$", "an object {video_id: [captions]}");
        var result = new Dictionary<string, (List<string>, string)>(StringComparer.Ordinal);
        foreach (var video in root.EnumerateObject())
        {
            var at = $"$[\"{video.Name}\"]";
            if (result.ContainsKey(video.Name)) throw new AnnotationFormatException(path, at, $"video id '{video.Name}' appears again", "each video id once");
            var list = new List<string>();
            var i = 0;
            foreach (var c in Expect(video.Value, JsonValueKind.Array, path, at, "an array of caption strings").EnumerateArray())
            {
                var text = Expect(c, JsonValueKind.String, path, $"{at}[{i}]", "a caption string").GetString()!;
                if (string.IsNullOrWhiteSpace(text)) throw new AnnotationFormatException(path, $"{at}[{i}]", "an empty caption", "caption text");
                list.Add(text);
                i++;
            }
            result[video.Name] = (list, at);
        }
        return result;
    }

    // CLIP4Clip's raw-captions.pkl: {video_id: [[word, ...], ...]}; a caption is its words joined by spaces.
    static Dictionary<string, (List<string>, string)> ReadPickle(string path)
    {
        const string expected = "CLIP4Clip's raw-captions.pkl: a dict {video_id: [[word, ...], ...]}";
        if (PythonPickle.Load(path) is not PythonPickle.PickleDict root)
            throw new AnnotationFormatException(path, "the pickled object", "not a dict", expected);
        var result = new Dictionary<string, (List<string>, string)>(StringComparer.Ordinal);
        foreach (var (key, value) in root)
        {
            if (key is not string id) throw new AnnotationFormatException(path, "a key", $"the non-string key {key}", expected);
            var at = $"[\"{id}\"]";
            if (result.ContainsKey(id)) throw new AnnotationFormatException(path, at, $"video id '{id}' appears again", "each video id once");
            if (value is not List<object?> captions) throw new AnnotationFormatException(path, at, "not a list", expected);
            var list = new List<string>();
            for (var i = 0; i < captions.Count; i++)
            {
                var text = captions[i] switch
                {
                    List<object?> words when words.All(w => w is string) => string.Join(" ", words),   // cap_txt = " ".join(cap)
                    string s => s,
                    _ => throw new AnnotationFormatException(path, $"{at}[{i}]", "not a list of words", expected),
                };
                if (string.IsNullOrWhiteSpace(text)) throw new AnnotationFormatException(path, $"{at}[{i}]", "an empty caption", "caption text");
                list.Add(text);
            }
            result[id] = (list, at);
        }
        return result;
    }

    static Dictionary<string, (List<string>, string)> ReadRaw(string path)
    {
        var result = new Dictionary<string, (List<string>, string)>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var space = line.IndexOf(' ');
            if (space <= 0 || string.IsNullOrWhiteSpace(line[space..]))
                throw new AnnotationFormatException(path, $"line {lineNo}", $"'{line}'", "a video id, a space, then the caption");
            var id = line[..space];
            if (!result.TryGetValue(id, out var entry)) result[id] = entry = ([], $"line {lineNo}");
            entry.Item1.Add(line[(space + 1)..].Trim());
        }
        return result;
    }
}
