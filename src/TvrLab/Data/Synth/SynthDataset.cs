using System.Text.Json;
using System.Text.Json.Serialization;

namespace TvrLab.Data.Synth;

/// <summary>One video with all its text: the captions (sen_ids numbered across the dataset), the 1k-A test query
/// (test videos only), the subtitle and the auxiliary caption of the middle frame.</summary>
public sealed record SynthEntry(SynthVideo Video, IReadOnlyList<SynthCaption> Captions, int? TestSenId, Subtitle Subtitle, AuxiliaryCaption AuxCaption)
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
            entries[i] = new SynthEntry(video, captions, null,
                OmnisourceText.Subtitle(video, Seeds.Stream(options.Seed, "subtitle", i)),
                OmnisourceText.Auxiliary(video, Seeds.Stream(options.Seed, "aux", i)));
        });
        var test = videos.Where(v => v.Split == "test").ToList();
        for (var i = 0; i < entries.Length; i++)
            if (entries[i].Video.Split == "test")
                entries[i] = entries[i] with { TestSenId = TestQuery(entries[i], test).SenId };
        return new SynthDataset(GeneratorVersion, options, entries);
    }

    /// <summary>
    /// The 1k-A query of a test video: like MSR-VTT's JSFusion split it is one of the video's own captions; the first
    /// global caption that fits no other test video, else the first such local caption, else the first global one.
    /// </summary>
    static SynthCaption TestQuery(SynthEntry entry, IReadOnlyList<SynthVideo> test)
    {
        var ordered = entry.Captions.OrderBy(c => c.Scope == CaptionScope.Video ? 0 : 1).ToList();
        return ordered.FirstOrDefault(c => test.All(v => v == entry.Video || !c.Describes(v))) ?? ordered[0];
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
