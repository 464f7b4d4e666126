namespace TvrLab.Data.Readers;

/// <summary>Collects one split's videos and captions while a reader walks a file, checking as it goes: each video
/// once, captions non-empty and only for known videos. Errors point at the file and the line or field.</summary>
internal sealed class DatasetBuilder(string name, string split, EvaluationMode evaluation, VideoFolder? folder)
{
    readonly Dictionary<string, (int Index, string Location)> index = new(StringComparer.Ordinal);
    readonly List<VideoEntry> videos = [];
    readonly List<Caption> captions = [];
    readonly List<string> missing = [];
    readonly List<string> sources = [];

    public bool HasVideo(string id) => index.ContainsKey(id);
    public int VideoCount => videos.Count;

    public void AddSource(string file) { if (!sources.Contains(file)) sources.Add(file); }

    /// <summary>Adds a video; <paramref name="alternativeIds"/> are other names its file may have.</summary>
    public void AddVideo(string id, string file, string location, double? start = null, double? end = null, params string[] alternativeIds)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new AnnotationFormatException(file, location, "an empty video id", "a non-empty video id");
        if (index.TryGetValue(id, out var first))
            throw new AnnotationFormatException(file, location, $"video id '{id}' appears again (first at {first.Location})", "each video id once");
        string? path = null;
        if (folder is not null)
        {
            path = folder.Resolve(id, alternativeIds);
            if (path is null) missing.Add(id);
        }
        index[id] = (videos.Count, location);
        videos.Add(new VideoEntry(id, path, start, end));
    }

    /// <summary>Adds a caption of a video already added.</summary>
    public void AddCaption(string? text, string videoId, string file, string location, double? start = null, double? end = null)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new AnnotationFormatException(file, location, "an empty caption", "caption text");
        if (!index.ContainsKey(videoId))
            throw new AnnotationFormatException(file, location, $"a caption for video id '{videoId}', which is not among the split's videos", "captions of known video ids only");
        captions.Add(new Caption(text, videoId) { Start = start, End = end });
    }

    public VideoTextDataset Build(CaptionSampling sampling = CaptionSampling.EveryCaption) => new()
    {
        Name = name, Split = split, Evaluation = evaluation, Videos = videos, Captions = captions,
        MissingVideos = missing, Sampling = sampling, Sources = sources, VideosDirectory = folder?.Directory,
    };
}
