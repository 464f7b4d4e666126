using System.Text.Json.Serialization;

namespace TvrLab.Data.Synth;

/// <summary>
/// Everything that determines a SynthVTT dataset. Start from a preset (<see cref="Tiny"/>, <see cref="Small"/>,
/// <see cref="Full"/>) and change what you need with <c>with { ... }</c>; the same options give byte-identical
/// annotation files.
/// </summary>
public sealed record SynthOptions
{
    /// <summary>Preset name recorded in the manifest ("tiny", "small", "full", or "custom").</summary>
    public string Preset { get; init; } = "custom";
    public int Seed { get; init; }
    public int Videos { get; init; } = 100;
    /// <summary>Videos in the 1k-A-style test split (the last ones); the rest are the training list.</summary>
    public int TestVideos { get; init; } = 20;
    public int Width { get; init; } = 64;
    public int Height { get; init; } = 64;
    public int Fps { get; init; } = 10;
    public double DurationSeconds { get; init; } = 2;
    /// <summary>Captions per video, like MSR-VTT's 20.</summary>
    public int CaptionsPerVideo { get; init; } = 20;
    /// <summary>Share of a multi-shot video's captions that describe the whole video (the rest describe one shot).</summary>
    public double GlobalCaptionShare { get; init; } = 0.3;
    public int MaxShots { get; init; } = 3;
    /// <summary>No shot is shorter: at CLIP4Clip's 1 frame per second every shot then lands in at least one sampled frame.</summary>
    public double MinShotSeconds { get; init; } = 1;
    /// <summary>Chance that a shot shows two objects instead of one.</summary>
    public double TwoObjectShare { get; init; } = 0.35;
    /// <summary>Chance that an object changes colour mid-shot.</summary>
    public double ColourChangeShare { get; init; } = 0.15;
    /// <summary>Family sizes 1..4 drawn with these weights; members of a family differ from its base in one attribute.</summary>
    public IReadOnlyList<double> FamilySizeWeights { get; init; } = [0.25, 0.35, 0.25, 0.15];
    /// <summary>libx264 -crf (visually lossless around 18).</summary>
    public int Crf { get; init; } = 18;
    /// <summary>libx264 -preset.</summary>
    public string X264Preset { get; init; } = "medium";
    /// <summary>Videos encoded at once (each ffmpeg runs one thread, so output is deterministic).</summary>
    [JsonIgnore]
    public int Parallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>Videos one ffmpeg process encodes (outputs are identical for any batch size; larger batches start
    /// fewer processes).</summary>
    [JsonIgnore]
    public int VideosPerEncoder { get; init; } = 8;
    /// <summary>Per-video limit on the encoder.</summary>
    [JsonIgnore]
    public TimeSpan EncodeTimeout { get; init; } = TimeSpan.FromMinutes(5);

    [JsonIgnore]
    public int FrameCount => (int)Math.Round(DurationSeconds * Fps);

    /// <summary>CI: about 100 videos, 64x64, 2 s (so at most 2 shots of at least 1 s); seconds on 2 cores.</summary>
    public static SynthOptions Tiny { get; } = new() { Preset = "tiny", Videos = 100, TestVideos = 20, Width = 64, Height = 64, Fps = 10, DurationSeconds = 2 };

    /// <summary>A CPU laptop: 1,000 videos, 112x112, 4 s.</summary>
    public static SynthOptions Small { get; } = new() { Preset = "small", Videos = 1000, TestVideos = 200, Width = 112, Height = 112, Fps = 12, DurationSeconds = 4 };

    /// <summary>A GPU: 10,000 videos, 224x224, 8 s, a 1,000-video test split like MSR-VTT 1k-A.</summary>
    public static SynthOptions Full { get; } = new() { Preset = "full", Videos = 10000, TestVideos = 1000, Width = 224, Height = 224, Fps = 12, DurationSeconds = 8 };

    /// <summary>A preset by name (tiny, small, full).</summary>
    public static SynthOptions FromPreset(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => Tiny,
        "small" => Small,
        "full" => Full,
        _ => throw new ArgumentException($"unknown SynthVTT preset '{name}': expected tiny, small or full", nameof(name)),
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message) { if (!ok) throw new ArgumentException($"SynthVTT option {message}"); }
        Check(Videos >= 2, $"Videos = {Videos}: expected at least 2");
        Check(TestVideos >= 1 && TestVideos < Videos, $"TestVideos = {TestVideos}: expected 1 to Videos - 1 ({Videos - 1})");
        Check(Width >= 32 && Height >= 32 && Width % 2 == 0 && Height % 2 == 0, $"size {Width}x{Height}: expected even sides of at least 32 (yuv420p)");
        Check(Fps is >= 1 and <= 120, $"Fps = {Fps}: expected 1 to 120");
        Check(MinShotSeconds > 0 && DurationSeconds >= MinShotSeconds, $"DurationSeconds = {DurationSeconds}: expected at least MinShotSeconds ({MinShotSeconds})");
        Check(MinShotSeconds * Fps >= 5, $"MinShotSeconds * Fps = {MinShotSeconds * Fps}: expected at least 5 frames per shot, so motion is visible");
        Check(CaptionsPerVideo >= 1, $"CaptionsPerVideo = {CaptionsPerVideo}: expected at least 1");
        Check(GlobalCaptionShare is >= 0 and <= 1, $"GlobalCaptionShare = {GlobalCaptionShare}: expected 0 to 1");
        Check(MaxShots is >= 1 and <= 3, $"MaxShots = {MaxShots}: expected 1 to 3");
        Check(TwoObjectShare is >= 0 and <= 1 && ColourChangeShare is >= 0 and <= 1, "TwoObjectShare/ColourChangeShare: expected 0 to 1");
        Check(FamilySizeWeights.Count >= 1 && FamilySizeWeights.All(w => w >= 0) && FamilySizeWeights.Sum() > 0, "FamilySizeWeights: expected non-negative weights with a positive sum");
        Check(Crf is >= 0 and <= 51, $"Crf = {Crf}: expected 0 to 51");
        Check(Parallelism >= 1, $"Parallelism = {Parallelism}: expected at least 1");
        Check(VideosPerEncoder >= 1, $"VideosPerEncoder = {VideosPerEncoder}: expected at least 1");
    }

    /// <summary>The <c>tvrlab data synth</c> command that generates these options (settings the command has no flag
    /// for are listed after it).</summary>
    public string CommandLine()
    {
        var name = Preset.Split('-')[0];
        var basis = name is "tiny" or "small" or "full" ? FromPreset(name) : Tiny;
        var flags = new List<string> { $"tvrlab data synth --preset {basis.Preset} --seed {Seed}" };
        void Flag<T>(string flag, T value, T preset) { if (!EqualityComparer<T>.Default.Equals(value, preset)) flags.Add($"{flag} {value}"); }
        Flag("--videos", Videos, basis.Videos);
        Flag("--test-videos", TestVideos, basis.TestVideos);
        var square = Width == Height;
        if (square) Flag("--size", Width, basis.Width);
        Flag("--fps", Fps, basis.Fps);
        Flag("--duration", DurationSeconds, basis.DurationSeconds);
        Flag("--captions", CaptionsPerVideo, basis.CaptionsPerVideo);
        var unflagged = this with
        {
            Preset = basis.Preset, Seed = basis.Seed, Videos = basis.Videos, TestVideos = basis.TestVideos,
            Width = square ? basis.Width : Width, Height = square ? basis.Height : Height,
            Fps = basis.Fps, DurationSeconds = basis.DurationSeconds, CaptionsPerVideo = basis.CaptionsPerVideo,
        };
        var runOnly = basis with { Parallelism = Parallelism, VideosPerEncoder = VideosPerEncoder, EncodeTimeout = EncodeTimeout };
        return string.Join(" ", flags) + (unflagged == runOnly ? "" : " (plus library-only settings: see manifest.json)");
    }

    /// <summary>Shots a video may have: at most <see cref="MaxShots"/> and at most one per <see cref="MinShotSeconds"/>.</summary>
    [JsonIgnore]
    public int ShotLimit => Math.Max(1, Math.Min(MaxShots, (int)Math.Floor(DurationSeconds / MinShotSeconds + 1e-9)));
}
