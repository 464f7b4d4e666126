using TvrLab.Text;

namespace TvrLab.Data;

/// <summary>Caption lengths of a split, in BPE tokens (ids between SOT and EOT) or, without a vocabulary, in words.</summary>
public sealed record CaptionLengths(string Unit, IReadOnlyList<(string Range, int Count)> Histogram, int Min, double Mean, int Max,
    int OverMaxWords32, int OverMaxWords64, int OverContext77);

/// <summary>Counts for one split: videos, captions, captions per video, missing video files, caption lengths.</summary>
public sealed record SplitStats(string Split, EvaluationMode Evaluation, CaptionSampling Sampling, int Videos, int Captions,
    int MinCaptionsPerVideo, double MeanCaptionsPerVideo, int MaxCaptionsPerVideo, int VideosWithoutCaptions,
    bool VideosChecked, IReadOnlyList<string> MissingVideos, CaptionLengths? Lengths);

/// <summary>What <c>tvrlab data stats</c> reports.</summary>
public static class DatasetStats
{
    // Bin edges chosen around what truncation keeps: 30 ids (max_words 32), 62 (max_words 64), 75 (context 77).
    static readonly (int From, int To)[] bins = [(0, 10), (11, 20), (21, 30), (31, 40), (41, 62), (63, 75), (76, int.MaxValue)];

    /// <summary>The statistics of every split; caption lengths in BPE tokens when <paramref name="tokenizer"/> is given, else in words.</summary>
    public static IReadOnlyList<SplitStats> Compute(DatasetCollection collection, ClipTokenizer? tokenizer) =>
        collection.Splits.Select(s => Compute(s, tokenizer)).ToList();

    /// <summary>The statistics of one split.</summary>
    public static SplitStats Compute(VideoTextDataset d, ClipTokenizer? tokenizer)
    {
        var perVideo = d.CaptionsPerVideo().Select(c => c.Count).ToArray();
        return new SplitStats(d.Split, d.Evaluation, d.Sampling, d.Videos.Count, d.Captions.Count,
            perVideo.DefaultIfEmpty().Min(), perVideo.Length == 0 ? 0 : perVideo.Average(), perVideo.DefaultIfEmpty().Max(),
            perVideo.Count(n => n == 0), d.VideosDirectory is not null, d.MissingVideos,
            d.Captions.Count == 0 ? null : Lengths(d.Captions.Select(c => c.Text).ToList(), tokenizer));
    }

    static CaptionLengths Lengths(IReadOnlyList<string> texts, ClipTokenizer? tokenizer)
    {
        var lengths = tokenizer is null
            ? texts.Select(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length).ToArray()
            : tokenizer.Encode(texts).Select(ids => ids.Length).ToArray();
        var histogram = bins.Select(b => (b.To == int.MaxValue ? $"{b.From}+" : $"{b.From}-{b.To}", lengths.Count(n => n >= b.From && n <= b.To))).ToList();
        return new CaptionLengths(tokenizer is null ? "words" : "BPE tokens", histogram, lengths.Min(), lengths.Average(), lengths.Max(),
            lengths.Count(n => n > 30), lengths.Count(n => n > 62), lengths.Count(n => n > 75));
    }
}
