using System.Text;
using System.Text.Json;

namespace TvrLab.Data.Synth;

/// <summary>
/// manifest.json and README.md of a complete SynthVTT folder: the preset and seed, the counts that matter to the
/// papers' mechanisms, the encoder, and the size and SHA-256 of every annotation file and of the videos.
/// </summary>
public static class SynthManifest
{
    /// <summary>Writes manifest.json and README.md into <paramref name="dir"/>.</summary>
    public static void Write(SynthDataset dataset, string dir, string ffmpegVersion, IReadOnlyDictionary<string, RenderedVideo> videos)
    {
        var o = dataset.Settings;
        var entries = dataset.Entries;
        var shots = entries.SelectMany(e => e.Video.Shots).ToList();
        var counts = new
        {
            Videos = entries.Count,
            TrainVideos = entries.Count(e => e.Video.Split == "train"),
            TestVideos = entries.Count(e => e.Video.Split == "test"),
            Sentences = entries.Sum(e => e.Captions.Count),
            GlobalCaptions = entries.Sum(e => e.Captions.Count(c => c.Scope == CaptionScope.Video)),
            LocalCaptions = entries.Sum(e => e.Captions.Count(c => c.Scope == CaptionScope.Shot)),
            FramesPerVideo = o.FrameCount,
            VideosByShotCount = entries.GroupBy(e => e.Video.Shots.Count).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            Shots = shots.Count,
            TwoObjectShots = shots.Count(s => s.Objects.Count == 2),
            ColourChanges = shots.Sum(s => s.Objects.Count(x => x.ColourAfter is not null)),
            Families = entries.Select(e => e.Video.Family).Distinct().Count(),
            HardNegativeVariants = entries.Where(e => e.Video.DiffersIn is not null).GroupBy(e => Lexicon.Name(e.Video.DiffersIn!.Value))
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            AmbiguousTestQueries = dataset.AmbiguousTestQueries,
        };
        var ordered = entries.Select(e => videos[e.Video.Id]).ToList();
        var manifest = new
        {
            Name = "SynthVTT",
            dataset.Generator,
            Settings = o,
            Counts = counts,
            Encoder = new { Ffmpeg = ffmpegVersion, Arguments = FfmpegEncoder.OutputArguments(o) },
            Files = SynthFiles.Annotations.ToDictionary(f => f, f => new { Bytes = new FileInfo(Path.Combine(dir, f)).Length, Sha256 = SynthFiles.Sha256(Path.Combine(dir, f)) }),
            VideoFiles = new
            {
                Count = ordered.Count,
                Bytes = ordered.Sum(v => v.Bytes),
                // SHA-256 of the lines "videoN <sha256>" in index order: one value that changes if any video does.
                Sha256 = RenderState.Hash(string.Concat(ordered.Select(v => $"{v.VideoId} {v.Sha256}\n"))),
            },
        };
        SynthFiles.WriteAtomic(Path.Combine(dir, SynthFiles.Manifest), JsonSerializer.SerializeToUtf8Bytes(manifest, SynthDataset.Json));
        SynthFiles.WriteAtomic(Path.Combine(dir, SynthFiles.Readme), Encoding.UTF8.GetBytes(Readme(dataset, counts.Sentences, counts.AmbiguousTestQueries)));
    }

    static string Readme(SynthDataset d, int sentences, int ambiguous)
    {
        var o = d.Settings;
        var train = d.Entries.Count(e => e.Video.Split == "train");
        return $"""
            # SynthVTT ({o.Preset}, seed {o.Seed})

            A procedurally generated text-video retrieval dataset in MSR-VTT's formats, made by {d.Generator}.
            Regenerate it with `{o.CommandLine()} --out DIR`.
            The design and the reason for each element are in TvrLab's docs/synthvtt.md.

            - {d.Entries.Count} videos (`videos/videoN.mp4`, H.264 {o.Width}x{o.Height}, {o.Fps} fps, {o.DurationSeconds} s), {train} for training and {d.Entries.Count - train} for test
            - {sentences} captions ({o.CaptionsPerVideo} per video), global (the whole video) and local (one shot)
            - {ambiguous} of the test queries also describe another test video

            | file | contents |
            |---|---|
            | `{SynthFiles.Data}` | every video (`split` train or test) and every caption, as MSR-VTT's file |
            | `{SynthFiles.Train}` | training video ids (`video_id`), as MSRVTT_train.9k.csv |
            | `{SynthFiles.Test}` | `key,vid_key,video_id,sentence`, one query per test video, as MSRVTT_JSFUSION_test.csv |
            | `{SynthFiles.Subtitles}` | `{"{"}video_id: text{"}"}`: a noisy narration weakly related to the video (CLIP-ViP's subtitle source) |
            | `{SynthFiles.AuxCaptions}` | `{"{"}video_id: text{"}"}`: the middle frame's objects and colours (CLIP-ViP's auxiliary captions) |
            | `{SynthFiles.GroundTruth}` | shots, objects, trajectories, caption meanings, hard-negative families |
            | `{SynthFiles.Manifest}` | settings, counts, encoder, sizes and SHA-256 of the files |

            """;
    }
}
