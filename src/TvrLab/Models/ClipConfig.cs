using System.Text.Json;
using TvrLab.Torch;

namespace TvrLab.Models;

/// <summary>
/// The shape of a CLIP ViT model: the arguments of OpenAI's <c>CLIP(...)</c> constructor (openai/CLIP clip/model.py),
/// spelled the same way, plus the head counts (OpenAI derives them as width / 64; Hugging Face configs may differ) and
/// CLIP4Clip's <c>linear_patch</c> ("2d" conv1 patches, or "3d" Conv3d over three frames).
/// </summary>
/// <param name="embed_dim">Width of the joint embedding space (the projections' output).</param>
/// <param name="image_resolution">Input image side in pixels.</param>
/// <param name="vision_layers">Residual blocks of the vision transformer.</param>
/// <param name="vision_width">Width of the vision transformer.</param>
/// <param name="vision_patch_size">Side of a square patch (conv1's kernel and stride).</param>
/// <param name="context_length">Text positions (77 in OpenAI's checkpoints).</param>
/// <param name="vocab_size">BPE vocabulary size (49,408).</param>
/// <param name="transformer_width">Width of the text transformer.</param>
/// <param name="transformer_heads">Attention heads of the text transformer.</param>
/// <param name="transformer_layers">Residual blocks of the text transformer.</param>
/// <param name="vision_heads">Attention heads of the vision transformer.</param>
/// <param name="linear_patch">"2d" (CLIP) or "3d" (CLIP4Clip's Conv3d patch embedding over neighbouring frames).</param>
public sealed record ClipConfig(
    long embed_dim,
    long image_resolution,
    long vision_layers,
    long vision_width,
    long vision_patch_size,
    long context_length,
    long vocab_size,
    long transformer_width,
    long transformer_heads,
    long transformer_layers,
    long vision_heads,
    string linear_patch = "2d")
{
    /// <summary>Patches per image side.</summary>
    public long grid_size => image_resolution / vision_patch_size;

    /// <summary>OpenAI's ViT-B/32: 224 px, 32 px patches, 12 x 768 vision, 12 x 512 text, 512-d embedding.</summary>
    public static ClipConfig ViT_B_32 { get; } = OpenAI(512, 224, 12, 768, 32, 77, 49408, 512, 12);

    /// <summary>OpenAI's ViT-B/16: as B/32 with 16 px patches.</summary>
    public static ClipConfig ViT_B_16 { get; } = OpenAI(512, 224, 12, 768, 16, 77, 49408, 512, 12);

    /// <summary>OpenAI's ViT-L/14: 224 px, 14 px patches, 24 x 1024 vision, 12 x 768 text, 768-d embedding.</summary>
    public static ClipConfig ViT_L_14 { get; } = OpenAI(768, 224, 24, 1024, 14, 77, 49408, 768, 12);

    /// <summary>
    /// A CPU-sized model with CLIP's vocabulary and context: 32 px images, 8 px patches, 2 blocks of width 64 and 2 heads
    /// per tower, 64-d embedding (equal to the text width, as in OpenAI's models, so CLIP4Clip's heads can start from the
    /// text layers).
    /// </summary>
    public static ClipConfig Tiny { get; } = new(64, 32, 2, 64, 8, 77, 49408, 64, 2, 2, 2);

    /// <summary>The smallest useful model for unit tests: a 1,000-token vocabulary, 16 text positions, 1 block per tower, width 32.</summary>
    public static ClipConfig Micro { get; } = new(32, 16, 1, 32, 8, 16, 1000, 32, 2, 1, 2);

    /// <summary>Named presets: "ViT-B/32", "ViT-B/16", "ViT-L/14", "tiny", "micro".</summary>
    public static IReadOnlyDictionary<string, ClipConfig> Presets { get; } = new Dictionary<string, ClipConfig>(StringComparer.OrdinalIgnoreCase)
    {
        ["ViT-B/32"] = ViT_B_32, ["ViT-B/16"] = ViT_B_16, ["ViT-L/14"] = ViT_L_14, ["tiny"] = Tiny, ["micro"] = Micro,
    };

    /// <summary>A preset by name (case-insensitive), with a clear error listing the known names.</summary>
    public static ClipConfig Preset(string name) =>
        Presets.TryGetValue(name, out var config) ? config
            : throw new ArgumentException($"unknown CLIP preset \"{name}\"; known: {string.Join(", ", Presets.Keys)}");

    /// <summary>A config with OpenAI's rule for heads: width / 64 in both towers.</summary>
    public static ClipConfig OpenAI(long embed_dim, long image_resolution, long vision_layers, long vision_width, long vision_patch_size,
                                    long context_length, long vocab_size, long transformer_width, long transformer_layers) =>
        new(embed_dim, image_resolution, vision_layers, vision_width, vision_patch_size, context_length, vocab_size,
            transformer_width, Math.Max(1, transformer_width / 64), transformer_layers, Math.Max(1, vision_width / 64));

    /// <summary>
    /// The config implied by the shapes of a state dict in OpenAI's names (openai/CLIP build_model, CLIP4Clip's
    /// CLIP4Clip.__init__): widths from conv1 and ln_final, the patch size from conv1's kernel, the resolution from the
    /// positional count, layers by counting blocks. Heads cannot be seen in shapes: width / 64 unless given.
    /// </summary>
    public static ClipConfig FromStateDict(IReadOnlyDictionary<string, Tensor> state, long? vision_heads = null, long? transformer_heads = null)
    {
        long[] Shape(string key) => state.TryGetValue(key, out var t) ? t.shape
            : throw new ArgumentException($"cannot infer the CLIP config: the state dict has no \"{key}\" (is it a ViT CLIP in OpenAI's names?)");
        var conv1 = Shape("visual.conv1.weight");
        var positions = Shape("visual.positional_embedding")[0];
        var grid = (long)Math.Round(Math.Sqrt(positions - 1));
        if (grid * grid + 1 != positions)
            throw new ArgumentException($"visual.positional_embedding has {positions} rows; expected grid^2 + 1 for a square grid of patches");
        var vision_width = conv1[0];
        var transformer_width = Shape("ln_final.weight")[0];
        var vision_layers = state.Keys.Count(k => k.StartsWith("visual.", StringComparison.Ordinal) && k.EndsWith(".attn.in_proj_weight", StringComparison.Ordinal));
        var transformer_layers = state.Keys.Where(k => k.StartsWith("transformer.resblocks.", StringComparison.Ordinal))
                                           .Select(k => k.Split('.')[2]).Distinct().Count();
        return new ClipConfig(
            embed_dim: Shape("text_projection")[1],
            image_resolution: conv1[^1] * grid,
            vision_layers: vision_layers,
            vision_width: vision_width,
            vision_patch_size: conv1[^1],
            context_length: Shape("positional_embedding")[0],
            vocab_size: Shape("token_embedding.weight")[0],
            transformer_width: transformer_width,
            transformer_heads: transformer_heads ?? Math.Max(1, transformer_width / 64),
            transformer_layers: transformer_layers,
            vision_heads: vision_heads ?? Math.Max(1, vision_width / 64),
            linear_patch: state.ContainsKey("visual.conv2.weight") ? "3d" : "2d");
    }

    /// <summary>The config of a Hugging Face <c>CLIPModel</c> config.json (text_config, vision_config, projection_dim).</summary>
    public static ClipConfig FromHuggingFaceJson(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        long Get(string section, string name)
        {
            JsonElement e = root;
            if (section.Length > 0 && !root.TryGetProperty(section, out e))
                throw new InvalidDataException($"{path}: no \"{section}\" object (expected a Hugging Face CLIPModel config)");
            return e.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n
                : throw new InvalidDataException($"{path}: {(section.Length > 0 ? section + "." : "")}{name}: expected an integer");
        }
        CheckActivation(path, root, "text_config");
        CheckActivation(path, root, "vision_config");
        return new ClipConfig(
            embed_dim: Get("", "projection_dim"),
            image_resolution: Get("vision_config", "image_size"),
            vision_layers: Get("vision_config", "num_hidden_layers"),
            vision_width: Get("vision_config", "hidden_size"),
            vision_patch_size: Get("vision_config", "patch_size"),
            context_length: Get("text_config", "max_position_embeddings"),
            vocab_size: Get("text_config", "vocab_size"),
            transformer_width: Get("text_config", "hidden_size"),
            transformer_heads: Get("text_config", "num_attention_heads"),
            transformer_layers: Get("text_config", "num_hidden_layers"),
            vision_heads: Get("vision_config", "num_attention_heads"));
    }

    /// <summary>The kit's blocks are OpenAI's (QuickGELU, MLP 4 x width); other settings would silently compute something else.</summary>
    static void CheckActivation(string path, JsonElement root, string section)
    {
        if (!root.TryGetProperty(section, out var s)) return;
        if (s.TryGetProperty("hidden_act", out var act) && act.GetString() != "quick_gelu")
            throw new InvalidDataException($"{path}: {section}.hidden_act is \"{act.GetString()}\"; CLIP's blocks use quick_gelu");
        if (s.TryGetProperty("intermediate_size", out var inter) && s.TryGetProperty("hidden_size", out var width) &&
            inter.GetInt64() != 4 * width.GetInt64())
            throw new InvalidDataException($"{path}: {section}.intermediate_size {inter.GetInt64()} is not 4 x hidden_size {width.GetInt64()}");
    }
}
