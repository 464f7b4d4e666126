namespace TvrLab.Data;

/// <summary>How a split is evaluated (CLIP4Clip's dataloaders): MSR-VTT 1k-A pairs one caption with each video;
/// MSVD ranks every caption of every video; DiDeMo and ActivityNet join a video's sentences into one paragraph.</summary>
public enum EvaluationMode { OneCaptionPerVideo, ManyCaptionsPerVideo, Paragraph }

/// <summary>A video of a dataset: its id, its file (null when not found on disk), and an optional time window in seconds.</summary>
public sealed record VideoEntry(string Id, string? Path, double? Start = null, double? End = null);

/// <summary>A caption and the video it describes.</summary>
public sealed record Caption(string Text, string VideoId);

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
}
