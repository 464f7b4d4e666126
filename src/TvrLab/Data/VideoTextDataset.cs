namespace TvrLab.Data;

/// <summary>How a split is evaluated (CLIP4Clip's dataloaders): MSR-VTT 1k-A pairs one caption with each video;
/// MSVD ranks every caption of every video; DiDeMo and ActivityNet join a video's sentences into one paragraph.</summary>
public enum EvaluationMode { OneCaptionPerVideo, ManyCaptionsPerVideo, Paragraph }

/// <summary>What one training sample is: every caption with its video (CLIP4Clip's expanded sentences, MSVD, LSMDC),
/// or each video once with one of its captions drawn at random per epoch (CLIP4Clip's MSR-VTT without
/// --expand_msrvtt_sentences).</summary>
public enum CaptionSampling { EveryCaption, OneRandomCaptionPerVideo }

/// <summary>A video of a dataset: its id, its file (null when not found on disk), and an optional time window in seconds.</summary>
public sealed record VideoEntry(string Id, string? Path, double? Start = null, double? End = null);

/// <summary>A caption and the video it describes; <see cref="Start"/>/<see cref="End"/> give the moment it describes in
/// seconds when the annotation has one (DiDeMo and ActivityNet sentences).</summary>
public sealed record Caption(string Text, string VideoId)
{
    /// <summary>Start of the described moment, seconds.</summary>
    public double? Start { get; init; }
    /// <summary>End of the described moment, seconds.</summary>
    public double? End { get; init; }
}

/// <summary>
/// One split of a video-text dataset in the kit's single model, whatever the annotation format it was read from.
/// Readers (Data/Readers) build it; the frame cache and the batch loader consume it.
/// </summary>
public sealed class VideoTextDataset
{
    public required string Name { get; init; }
    public required string Split { get; init; }
    public required EvaluationMode Evaluation { get; init; }
    public required IReadOnlyList<VideoEntry> Videos { get; init; }
    public required IReadOnlyList<Caption> Captions { get; init; }
    /// <summary>Ids of videos the annotations name but no file was found for (reported, not fatal).</summary>
    public IReadOnlyList<string> MissingVideos { get; init; } = [];
    /// <summary>What a training sample is.</summary>
    public CaptionSampling Sampling { get; init; } = CaptionSampling.EveryCaption;
    /// <summary>The annotation files it was read from.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
    /// <summary>The folder video files were looked for in; null when none was given (then every Path is null and
    /// nothing is reported missing).</summary>
    public string? VideosDirectory { get; init; }

    /// <summary>For each video (in <see cref="Videos"/> order), the indices of its captions in <see cref="Captions"/>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> CaptionsPerVideo()
    {
        var index = new Dictionary<string, int>(Videos.Count);
        for (var v = 0; v < Videos.Count; v++) index[Videos[v].Id] = v;
        var lists = Videos.Select(_ => new List<int>()).ToArray();
        for (var c = 0; c < Captions.Count; c++) lists[index[Captions[c].VideoId]].Add(c);
        return lists;
    }

    public override string ToString() => $"{Name} {Split}: {Videos.Count} videos, {Captions.Count} captions ({Evaluation})";
}

/// <summary>The splits read from one annotation path, with any notes about what could not be read from it alone.</summary>
public sealed record DatasetCollection(string Name, IReadOnlyList<VideoTextDataset> Splits, IReadOnlyList<string> Notes)
{
    /// <summary>The split named <paramref name="split"/>.</summary>
    public VideoTextDataset this[string split] => Splits.FirstOrDefault(s => s.Split == split)
        ?? throw new KeyNotFoundException($"{Name} has no split '{split}'; it has {string.Join(", ", Splits.Select(s => s.Split))}");
}
