using System.Text.Json;
using System.Text.Json.Serialization;

namespace TvrLab.Data.Synth;

/// <summary>One video with all its text: the captions (sen_ids numbered across the dataset), the 1k-A test query
/// (test videos only), the subtitle and the auxiliary caption of the middle frame.</summary>
public sealed record SynthEntry(SynthVideo Video, IReadOnlyList<SynthCaption> Captions, Subtitle Subtitle, AuxiliaryCaption AuxCaption, int? TestSenId = null)
{
    /// <summary>The caption used as this video's query in MSRVTT_test.csv.</summary>
    [JsonIgnore]
    public SynthCaption? TestCaption => TestSenId is { } id ? Captions.First(c => c.SenId == id) : null;
}

/// <summary>
/// A whole SynthVTT dataset in memory: scenes and text, before any pixel is rendered. Everything is a function of
/// <see cref="SynthOptions"/>; <c>ground_truth.json</c> is this object serialised and <see cref="Load"/> reads it back.
/// </summary>
public sealed record SynthDataset(string Generator, SynthOptions Settings, IReadOnlyList<SynthEntry> Entries)
{
    /// <summary>Version of the generator; bump it whenever the same options would give different files.</summary>
    public const string GeneratorVersion = "TvrLab.Data.Synth 1.0";

    /// <summary>Test queries that more than one test video fits (every other query names exactly one test video).</summary>
    [JsonIgnore]
    public int AmbiguousTestQueries => Entries.Count(e => e.TestCaption is { } q && Entries.Count(o => o.Video.Split == "test" && q.Describes(o.Video)) > 1);

    /// <summary>Samples every video, writes its captions, subtitle and auxiliary caption, and picks the test queries.</summary>
    public static SynthDataset Build(SynthOptions options)
    {
        options.Validate();
        var videos = new SceneSampler(options).Sample();
        var entries = new SynthEntry[videos.Count];
        Parallel.For(0, videos.Count, i =>
        {
            var video = videos[i];
            var captions = CaptionGrammar.Captions(video, options.CaptionsPerVideo, options.GlobalCaptionShare, Seeds.Stream(options.Seed, "captions", i))
                .Select((c, k) => c with { SenId = i * options.CaptionsPerVideo + k }).ToList();
            entries[i] = new SynthEntry(video, captions,
                OmnisourceText.Subtitle(video, Seeds.Stream(options.Seed, "subtitle", i)),
                OmnisourceText.Auxiliary(video, Seeds.Stream(options.Seed, "aux", i)));
        });
        var test = videos.Where(v => v.Split == "test").ToList();
        for (var i = 0; i < entries.Length; i++)
            if (entries[i].Video.Split == "test")
                entries[i] = WithTestQuery(entries[i], test, Seeds.Stream(options.Seed, "query", i));
        return new SynthDataset(GeneratorVersion, options, entries);
    }

    /// <summary>
    /// Picks the 1k-A query of a test video. Like MSR-VTT's JSFusion split it is one of the video's own captions: the
    /// first global caption that fits no other test video, else the first such local one. When every caption also
    /// fits another test video, the first global caption is replaced by an exhaustive one (every object, size, colour
    /// change and background) if that one is unique; otherwise the query stays ambiguous (counted in the manifest).
    /// </summary>
    static SynthEntry WithTestQuery(SynthEntry entry, IReadOnlyList<SynthVideo> test, Random rng)
    {
        bool Unique(SynthCaption c) => test.All(v => v == entry.Video || !c.Describes(v));
        var ordered = entry.Captions.OrderBy(c => c.Scope == CaptionScope.Video ? 0 : 1).ToList();
        if (ordered.FirstOrDefault(Unique) is { } query) return entry with { TestSenId = query.SenId };
        var replaced = ordered[0];
        var exhaustive = CaptionGrammar.Exhaustive(entry.Video, rng) with { SenId = replaced.SenId };
        if (!Unique(exhaustive) || entry.Captions.Any(c => c.Text == exhaustive.Text)) return entry with { TestSenId = replaced.SenId };
        return entry with { Captions = entry.Captions.Select(c => c == replaced ? exhaustive : c).ToList(), TestSenId = exhaustive.SenId };
    }

    /// <summary>JSON settings of every SynthVTT file: snake_case names and enum values, nulls left out.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads a <c>ground_truth.json</c>; a bad file raises an error naming it and the JSON path.</summary>
    public static SynthDataset Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<SynthDataset>(stream, Json) ?? throw new InvalidDataException($"{path}: expected a SynthVTT ground truth object, found null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a SynthVTT ground truth file at {e.Path} (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }
}
