using System.Text.Json;
using System.Text.Json.Serialization;
using TvrLab.Training;

namespace TvrLab.Experiments;

/// <summary>Where the data comes from and how clips and captions are cut.</summary>
public sealed record DataSection
{
    /// <summary>"synthvtt" (generated under the data folder) or an annotation format (msrvtt, msvd, ...) with <see cref="annotations"/>.</summary>
    public string dataset { get; init; } = "synthvtt";
    /// <summary>SynthVTT preset: tiny, small or full.</summary>
    public string synth_preset { get; init; } = "tiny";
    public int synth_seed { get; init; } = 0;
    /// <summary>SynthVTT videos (0: the preset's), e.g. a smaller set for a smoke test.</summary>
    public int synth_videos { get; init; } = 0;
    /// <summary>SynthVTT test videos (0: the preset's).</summary>
    public int synth_test_videos { get; init; } = 0;
    /// <summary>Real datasets: the annotation file or folder (see <c>tvrlab data stats</c>).</summary>
    public string? annotations { get; init; }
    /// <summary>Real datasets: the videos folder (a missing frame cache is built from it).</summary>
    public string? videos { get; init; }
    public string train_split { get; init; } = "train";
    public string test_split { get; init; } = "test";
    /// <summary>SynthVTT test captions: "one" (MSRVTT_test.csv, one query per video as MSR-VTT 1k-A) or "all" (every caption of the test videos, scored multi-sentence).</summary>
    public string test_captions { get; init; } = "one";
    /// <summary>Every caption is a sample with its video (CLIP4Clip's --expand_msrvtt_sentences), or each video is one sample per epoch with a random caption (no video twice in a batch).</summary>
    public bool expand_captions { get; init; } = true;
    /// <summary>Frame slots per clip (CLIP4Clip's max_frames).</summary>
    public int max_frames { get; init; } = 12;
    /// <summary>Frame side in pixels; must equal the CLIP model's image resolution.</summary>
    public int frame_size { get; init; } = 224;
    /// <summary>Caption length in tokens (CLIP4Clip's max_words).</summary>
    public int max_words { get; init; } = 32;
    /// <summary>Loader threads.</summary>
    public int workers { get; init; } = 2;
}

/// <summary>Which model is built: a <see cref="ModelRegistry"/> kind and its settings.</summary>
public sealed record ModelSection
{
    /// <summary>A <see cref="ModelRegistry"/> kind: "clip4clip" (others register their own, e.g. "drl").</summary>
    public string kind { get; init; } = "clip4clip";
    /// <summary>CLIP config name (ViT-B/32, ViT-B/16, ViT-L/14, tiny, micro); inferred from <see cref="pretrained"/> when that is set.</summary>
    public string clip { get; init; } = "ViT-B/32";
    /// <summary>Overrides the CLIP config's image resolution (0 keeps it); the vision positions follow (e.g. tiny at 64 px).</summary>
    public int image_resolution { get; init; } = 0;
    /// <summary>A CLIP or CLIP4Clip checkpoint (.safetensors) to start from; null trains from random initialisation.</summary>
    public string? pretrained { get; init; }
    /// <summary>CLIP4Clip's sim_header: meanP, seqLSTM, seqTransf, tightTransf.</summary>
    public string sim_header { get; init; } = "meanP";
    public int cross_num_hidden_layers { get; init; } = 4;
    /// <summary>"auto" (CUDA when present), "cpu" or "cuda[:i]".</summary>
    public string device { get; init; } = "auto";
    /// <summary>Kind-specific settings (strings), read by the kind's factory, e.g. DRL's interaction.</summary>
    public Dictionary<string, string> options { get; init; } = [];
}

/// <summary>How evaluation scores (batch sizes and the inference-time re-scorings).</summary>
public sealed record EvalSection
{
    public int text_batch { get; init; } = 256;
    public int video_batch { get; init; } = 64;
    public int similarity_block { get; init; } = 1024;
    public bool dsl { get; init; }
    public double dsl_temperature { get; init; } = 1;
    public bool qbnorm { get; init; }
    public double qbnorm_beta { get; init; } = 0.2;
    public int qbnorm_k { get; init; } = 1;
    public int querybank_size { get; init; } = 5000;

    public Retrieval.EvalOptions ToOptions() => new()
    {
        TextBatch = text_batch, VideoBatch = video_batch, SimilarityBlock = similarity_block, Dsl = dsl, DslTemperature = dsl_temperature,
        QbNorm = qbnorm, QbNormBeta = qbnorm_beta, QbNormK = qbnorm_k, QueryBankSize = querybank_size,
    };
}

/// <summary>
/// A named, typed experiment: data, model, training and evaluation settings. Presets live in <see cref="Presets"/>;
/// change any setting with <see cref="Overrides"/> (<c>--set train.lr=1e-4</c>) or with <c>with { ... }</c>.
/// </summary>
public sealed record Preset
{
    public string name { get; init; } = "custom";
    public string description { get; init; } = "";
    public DataSection data { get; init; } = new();
    public ModelSection model { get; init; } = new();
    public TrainConfig train { get; init; } = new();
    public EvalSection eval { get; init; } = new();

    /// <summary>The preset as JSON (the run store's config and the checkpoint's record).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a preset from JSON, with an error naming the setting that does not parse.</summary>
    public static Preset FromJson(string json, string source = "preset")
    {
        try { return JsonSerializer.Deserialize<Preset>(json, Json) ?? throw new InvalidDataException($"{source}: empty preset"); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: not a valid preset at {e.Path}: {e.Message}", e); }
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
