using System.Text.Json;
using static TvrLab.Data.Readers.JsonAnnotation;
using static TvrLab.Data.Readers.ReaderSupport;

namespace TvrLab.Data.Readers;

/// <summary>
/// MSR-VTT in the files CLIP4Clip and DRL use (ArrowLuo/CLIP4Clip dataloaders/dataloader_msrvtt_retrieval.py):
/// <c>MSRVTT_data.json</c> (<c>videos</c>: {video_id, split, ...}; <c>sentences</c>: {video_id, caption, ...}),
/// training lists <c>MSRVTT_train.9k.csv</c> / <c>MSRVTT_train.7k.csv</c> (a <c>video_id</c> column) whose captions come
/// from the json, and the 1k-A test <c>MSRVTT_JSFUSION_test.csv</c> (key, vid_key, video_id, sentence: one caption per
/// video). The SynthVTT generator writes the same names, so a folder of either reads the same way.
/// </summary>
public static class MsrVttReader
{
    public const string DataJsonName = "MSRVTT_data.json", Test1kAName = "MSRVTT_JSFUSION_test.csv";
    /// <summary>Test files looked for in a folder: the 1k-A split, and the same layout under the plain name SynthVTT writes.</summary>
    public static readonly IReadOnlyList<string> TestCsvNames = [Test1kAName, "MSRVTT_test.csv"];
    /// <summary>Training lists looked for in a folder (MSRVTT_train.9k.csv, MSRVTT_train.7k.csv, MSRVTT_train.csv, ...),
    /// each read as its own split.</summary>
    public const string TrainCsvPattern = "MSRVTT_train*.csv";

    /// <summary>The 1k-A test split: each row pairs one video with one caption (CLIP4Clip's MSRVTT_DataLoader). Split
    /// name "test-1kA" for MSRVTT_JSFUSION_test.csv, else the file name without "MSRVTT_" ("test").</summary>
    public static VideoTextDataset ReadTest1kA(string csvPath, string? videosDir = null)
    {
        var csv = CsvTable.Read(csvPath);
        int vid = csv.Column("video_id"), sentence = csv.Column("sentence");
        var split = Path.GetFileName(csvPath) == Test1kAName ? "test-1kA" : Path.GetFileNameWithoutExtension(csvPath).Replace("MSRVTT_", "", StringComparison.Ordinal);
        var b = new DatasetBuilder("msrvtt", split, EvaluationMode.OneCaptionPerVideo, Folder(videosDir));
        b.AddSource(csvPath);
        foreach (var (line, fields) in csv.Rows)
        {
            b.AddVideo(fields[vid].Trim(), csvPath, $"line {line}");
            b.AddCaption(fields[sentence], fields[vid].Trim(), csvPath, $"line {line}");
        }
        return b.Build();
    }

    /// <summary>
    /// A training split: the videos of <paramref name="trainCsv"/> with all their captions from
    /// <paramref name="dataJson"/>. <paramref name="expandCaptions"/> makes every caption its own sample (CLIP4Clip's
    /// --expand_msrvtt_sentences, used by its scripts); otherwise each video is one sample with a random caption.
    /// </summary>
    public static VideoTextDataset ReadTrain(string trainCsv, string dataJson, string? videosDir = null, bool expandCaptions = true)
    {
        var ids = ReadVideoIdList(trainCsv);
        var data = ReadDataJson(dataJson);
        var b = new DatasetBuilder("msrvtt", SplitName(trainCsv), EvaluationMode.ManyCaptionsPerVideo, Folder(videosDir));
        b.AddSource(trainCsv);
        b.AddSource(dataJson);
        foreach (var (id, line) in ids)
        {
            if (!data.Videos.ContainsKey(id))
                throw new AnnotationFormatException(trainCsv, $"line {line}", $"video id '{id}' is not among the videos of {dataJson}", "ids listed in MSRVTT_data.json's \"videos\"");
            b.AddVideo(id, trainCsv, $"line {line}");
        }
        foreach (var s in data.Sentences)
            if (b.HasVideo(s.VideoId)) b.AddCaption(s.Text, s.VideoId, dataJson, s.Location);
        return b.Build(expandCaptions ? CaptionSampling.EveryCaption : CaptionSampling.OneRandomCaptionPerVideo);
    }

    /// <summary>An official split of MSRVTT_data.json ("train" 6,513, "validate" 497, "test" 2,990 videos), every
    /// caption of each video (the full test, evaluated with many captions per video).</summary>
    public static VideoTextDataset ReadOfficialSplit(string dataJson, string split, string? videosDir = null)
    {
        var data = ReadDataJson(dataJson);
        var b = new DatasetBuilder("msrvtt", split, EvaluationMode.ManyCaptionsPerVideo, Folder(videosDir));
        b.AddSource(dataJson);
        foreach (var (id, video) in data.Videos)
            if (video.Split == split) b.AddVideo(id, dataJson, video.Location);
        if (b.VideoCount == 0)
            throw new AnnotationFormatException(dataJson, "$.videos", $"no video has \"split\": \"{split}\" (splits present: {string.Join(", ", data.Videos.Values.Select(v => v.Split).Distinct())})", "an official split name");
        foreach (var s in data.Sentences)
            if (b.HasVideo(s.VideoId)) b.AddCaption(s.Text, s.VideoId, dataJson, s.Location);
        return b.Build();
    }

    /// <summary>
    /// Reads whatever <paramref name="path"/> is: a folder (the training lists present, with captions from its
    /// MSRVTT_data.json, and the 1k-A test), a 1k-A-style test csv, a training csv (captions from MSRVTT_data.json
    /// beside it), or MSRVTT_data.json itself (its official splits).
    /// </summary>
    public static DatasetCollection ReadCollection(string path, string? videosDir = null, bool expandCaptions = true)
    {
        var notes = new List<string>();
        var splits = new List<VideoTextDataset>();
        if (Directory.Exists(path))
        {
            var json = Path.Combine(path, DataJsonName);
            // 9k before 7k before the rest, as the papers list them
            foreach (var csv in Directory.GetFiles(path, TrainCsvPattern).OrderByDescending(f => f.Contains(".9k.")).ThenByDescending(f => f.Contains(".7k.")).ThenBy(f => f, StringComparer.Ordinal))
                splits.Add(TrainOrIdsOnly(csv, json, videosDir, expandCaptions, notes));
            foreach (var test in TestCsvNames.Select(n => Path.Combine(path, n)).Where(File.Exists))
                splits.Add(ReadTest1kA(test, videosDir));
            if (splits.Count == 0)
                throw new FileNotFoundException($"{path}: no MSR-VTT annotation found; expected {TrainCsvPattern} (with {DataJsonName}) or {string.Join(" or ", TestCsvNames)}");
        }
        else if (Path.GetFileName(path) == DataJsonName)
        {
            foreach (var split in ReadDataJson(path).Videos.Values.Select(v => v.Split).Where(s => s is not null).Distinct())
                splits.Add(ReadOfficialSplit(path, split!, videosDir));
            if (splits.Count == 0) notes.Add($"{path}: no video has a \"split\" field, so there are no official splits to list");
        }
        else if (IsTest1kA(path)) splits.Add(ReadTest1kA(path, videosDir));
        else splits.Add(TrainOrIdsOnly(path, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, DataJsonName), videosDir, expandCaptions, notes));
        return new DatasetCollection("msrvtt", splits, notes);
    }

    static VideoTextDataset TrainOrIdsOnly(string csv, string json, string? videosDir, bool expand, List<string> notes)
    {
        if (File.Exists(json)) return ReadTrain(csv, json, videosDir, expand);
        // Without MSRVTT_data.json a training list is only video ids: report them, say where captions come from.
        notes.Add($"{Path.GetFileName(csv)} lists video ids only; their captions come from {DataJsonName}, which is not beside it ({json})");
        var b = new DatasetBuilder("msrvtt", SplitName(csv), EvaluationMode.ManyCaptionsPerVideo, Folder(videosDir));
        b.AddSource(csv);
        foreach (var (id, line) in ReadVideoIdList(csv)) b.AddVideo(id, csv, $"line {line}");
        return b.Build(expand ? CaptionSampling.EveryCaption : CaptionSampling.OneRandomCaptionPerVideo);
    }

    static bool IsTest1kA(string csvPath)
    {
        var header = File.ReadLines(csvPath).FirstOrDefault() ?? "";
        return header.Split(',').Select(h => h.Trim().TrimStart('\uFEFF')).Contains("sentence");
    }

    static string SplitName(string trainCsv) => Path.GetFileName(trainCsv) switch
    {
        "MSRVTT_train.9k.csv" => "train-9k",
        "MSRVTT_train.7k.csv" => "train-7k",
        var other => Path.GetFileNameWithoutExtension(other).Replace("MSRVTT_", "", StringComparison.Ordinal),
    };

    static List<(string Id, int Line)> ReadVideoIdList(string csvPath)
    {
        var csv = CsvTable.Read(csvPath);
        var col = csv.Column("video_id");
        return csv.Rows.Select(r => (r.Fields[col].Trim(), r.Line)).ToList();
    }

    sealed record DataVideo(string? Split, string Location);
    sealed record DataSentence(string VideoId, string Text, string Location);
    sealed record Data(IReadOnlyDictionary<string, DataVideo> Videos, IReadOnlyList<DataSentence> Sentences);

    static Data ReadDataJson(string path)
    {
        using var doc = Parse(path);
        var root = Expect(doc.RootElement, JsonValueKind.Object, path, "$", "an object with \"videos\" and \"sentences\"");
        var videos = new Dictionary<string, DataVideo>(StringComparer.Ordinal);
        var i = 0;
        foreach (var v in Expect(Field(root, "videos", path, "$", "a \"videos\" array"), JsonValueKind.Array, path, "$.videos", "an array of videos").EnumerateArray())
        {
            var at = $"$.videos[{i++}]";
            Expect(v, JsonValueKind.Object, path, at, "an object with \"video_id\"");
            var id = String(v, "video_id", path, at);
            string? split = v.TryGetProperty("split", out var s) ? Expect(s, JsonValueKind.String, path, at + ".split", "a string").GetString() : null;
            if (videos.TryGetValue(id, out var first))
                throw new AnnotationFormatException(path, at + ".video_id", $"video id '{id}' appears again (first at {first.Location})", "each video id once");
            videos[id] = new DataVideo(split, at);
        }
        var sentences = new List<DataSentence>();
        i = 0;
        foreach (var s in Expect(Field(root, "sentences", path, "$", "a \"sentences\" array"), JsonValueKind.Array, path, "$.sentences", "an array of sentences").EnumerateArray())
        {
            var at = $"$.sentences[{i++}]";
            Expect(s, JsonValueKind.Object, path, at, "an object with \"video_id\" and \"caption\"");
            var id = String(s, "video_id", path, at);
            if (!videos.ContainsKey(id))
                throw new AnnotationFormatException(path, at + ".video_id", $"video id '{id}' is not among \"videos\"", "sentences of listed videos only");
            sentences.Add(new DataSentence(id, String(s, "caption", path, at), at + ".caption"));
        }
        return new Data(videos, sentences);
    }
}
