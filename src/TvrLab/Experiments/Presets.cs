using TvrLab.Training;

namespace TvrLab.Experiments;

/// <summary>
/// The named experiments. tiny: CI on 2 CPU cores (SynthVTT tiny, a 2-block CLIP at 32 px, 2 frames, 3 epochs; about a
/// minute); small: a CPU (SynthVTT small, the tiny CLIP at 64 px, 8 frames; 10 epochs of every caption, 2,500 steps: hours on
/// 2 cores, shorten with train.max_batches_per_epoch); full: a GPU (SynthVTT
/// full, ViT-B/32, 12 frames, batch 128, the paper's optimiser settings). tiny and small train CLIP from random
/// initialisation, so CLIP's lr is not scaled down (coef_lr 1); full follows the paper and expects OpenAI's
/// weights in model.pretrained.
/// </summary>
public static class Presets
{
    static readonly Dictionary<string, Preset> all = new(StringComparer.OrdinalIgnoreCase);

    static Presets()
    {
        foreach (var (header, lower) in new[] { ("meanP", "meanp"), ("seqTransf", "seqtransf") })
        {
            Add(Tiny($"clip4clip-{lower}-tiny", header));
            Add(Small($"clip4clip-{lower}-small", header));
            Add(Full($"clip4clip-{lower}-full", header));
        }
        foreach (var preset in DrlAblation.AllPresets()) Add(preset);   // drl-{dp,ti,wti,xti}-{none,seqtransf}[-cdcr]-{tiny,small,full}
    }

    /// <summary>Adds (or replaces) a preset, e.g. a paper's own.</summary>
    public static void Add(Preset preset) { lock (all) all[preset.name] = preset; }

    /// <summary>Every preset name.</summary>
    public static IReadOnlyList<string> Names { get { lock (all) return all.Keys.Order().ToList(); } }

    /// <summary>A preset by name, with an error listing the names.</summary>
    public static Preset Get(string name)
    {
        lock (all)
            return all.TryGetValue(name, out var p) ? p
                : throw new ArgumentException($"unknown preset \"{name}\"; known: {string.Join(", ", all.Keys.Order())}");
    }

    /// <summary>SynthVTT tiny on 2 CPU cores: 2 frames of 32 px, 3 epochs, the tiny CLIP from scratch, every test caption a query.</summary>
    public static Preset Tiny(string name, string simHeader) => new()
    {
        name = name,
        description = $"CLIP4Clip {simHeader} on SynthVTT tiny, tiny CLIP (2 blocks, 32 px) from scratch; CI on a CPU",
        data = new DataSection { synth_preset = "tiny", max_frames = 2, frame_size = 32, max_words = 16, test_captions = "all", workers = 1 },
        model = new ModelSection { kind = "clip4clip", clip = "tiny", sim_header = simHeader, device = "cpu" },
        train = new TrainConfig
        {
            lr = 2e-3, coef_lr = 1, optimizer = OptimizerKind.AdamW, weight_decay = 0.2, warmup_proportion = 0.1, epochs = 3, batch_size = 32,
            freeze_layer_num = -1, seed = 42, bf16 = false,
        },
        eval = new EvalSection { text_batch = 512, video_batch = 32 },
    };

    /// <summary>SynthVTT small on a CPU (hours on 2 cores): 8 frames of 64 px, the tiny CLIP widened to 64 px images, from scratch.</summary>
    public static Preset Small(string name, string simHeader) => new()
    {
        name = name,
        description = $"CLIP4Clip {simHeader} on SynthVTT small, tiny CLIP at 64 px from scratch; 10 epochs over every caption (2,500 steps: hours on 2 CPU cores; shorten with --set train.max_batches_per_epoch=N)",
        data = new DataSection { synth_preset = "small", max_frames = 8, frame_size = 64, max_words = 24, test_captions = "one" },
        model = new ModelSection { kind = "clip4clip", clip = "tiny", image_resolution = 64, sim_header = simHeader, device = "auto" },
        train = new TrainConfig
        {
            lr = 1e-3, coef_lr = 1, optimizer = OptimizerKind.AdamW, weight_decay = 0.2, warmup_proportion = 0.1, epochs = 10, batch_size = 64,
            freeze_layer_num = -1, seed = 42,
        },
    };

    /// <summary>SynthVTT full on a GPU with the paper's settings: ViT-B/32, 12 frames, batch 128, BertAdam lr 1e-4 × coef 1e-3, bf16.</summary>
    public static Preset Full(string name, string simHeader) => new()
    {
        name = name,
        description = $"CLIP4Clip {simHeader} on SynthVTT full, ViT-B/32, 12 frames, the paper's optimiser; set model.pretrained to OpenAI's weights",
        data = new DataSection { synth_preset = "full", max_frames = 12, frame_size = 224, max_words = 32, test_captions = "one", workers = 4 },
        model = new ModelSection { kind = "clip4clip", clip = "ViT-B/32", sim_header = simHeader, device = "auto" },
        train = new TrainConfig
        {
            lr = 1e-4, coef_lr = 1e-3, optimizer = OptimizerKind.BertAdam, weight_decay = 0.2, warmup_proportion = 0.1, epochs = 5, batch_size = 128,
            freeze_layer_num = 0, seed = 42, bf16 = true,
        },
    };
}
