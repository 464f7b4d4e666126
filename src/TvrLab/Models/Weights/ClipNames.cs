using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Models.Weights;

/// <summary>
/// The two spellings of a CLIP state dict and the exact mapping between them (NOTES.md, "CLIP weight names"): OpenAI's
/// <c>clip/model.py</c> names, which the kit's <see cref="CLIP"/> uses, and Hugging Face's <c>CLIPModel</c> names, where
/// the attention's stacked <c>in_proj</c> is split into q/k/v projections and both projections are stored transposed
/// as Linear weights.
/// </summary>
public static class ClipNames
{
    /// <summary>Single tensors: (OpenAI name, Hugging Face name, stored transposed in Hugging Face).</summary>
    static readonly (string openai, string hf, bool transposed)[] Tensors =
    [
        ("token_embedding.weight", "text_model.embeddings.token_embedding.weight", false),
        ("positional_embedding", "text_model.embeddings.position_embedding.weight", false),
        ("ln_final.weight", "text_model.final_layer_norm.weight", false),
        ("ln_final.bias", "text_model.final_layer_norm.bias", false),
        ("text_projection", "text_projection.weight", true),
        ("visual.conv1.weight", "vision_model.embeddings.patch_embedding.weight", false),
        ("visual.class_embedding", "vision_model.embeddings.class_embedding", false),
        ("visual.positional_embedding", "vision_model.embeddings.position_embedding.weight", false),
        ("visual.ln_pre.weight", "vision_model.pre_layrnorm.weight", false),
        ("visual.ln_pre.bias", "vision_model.pre_layrnorm.bias", false),
        ("visual.ln_post.weight", "vision_model.post_layernorm.weight", false),
        ("visual.ln_post.bias", "vision_model.post_layernorm.bias", false),
        ("visual.proj", "visual_projection.weight", true),
        ("logit_scale", "logit_scale", false),
    ];

    /// <summary>The blocks of each tower: (OpenAI prefix, Hugging Face prefix), followed by the block index.</summary>
    static readonly (string openai, string hf)[] Towers =
    [
        ("transformer.resblocks.", "text_model.encoder.layers."),
        ("visual.transformer.resblocks.", "vision_model.encoder.layers."),
    ];

    /// <summary>Inside a block: (OpenAI module, Hugging Face module), each with .weight and .bias.</summary>
    static readonly (string openai, string hf)[] BlockModules =
    [
        ("attn.out_proj", "self_attn.out_proj"), ("ln_1", "layer_norm1"), ("ln_2", "layer_norm2"), ("mlp.c_fc", "mlp.fc1"), ("mlp.c_proj", "mlp.fc2"),
    ];

    static readonly string[] Qkv = ["q", "k", "v"];

    /// <summary>Whether a state dict is in Hugging Face's names (its keys start with text_model., vision_model. or *_projection.weight).</summary>
    public static bool IsHuggingFace(IEnumerable<string> keys) =>
        keys.Any(k => k.StartsWith("text_model.", StringComparison.Ordinal) || k.StartsWith("vision_model.", StringComparison.Ordinal) ||
                      k is "visual_projection.weight" or "text_projection.weight");

    /// <summary>Hugging Face buffers that are no part of OpenAI's model (position ids), dropped on import.</summary>
    public static bool IsIgnoredHuggingFaceKey(string key) => key.EndsWith("position_ids", StringComparison.Ordinal);

    /// <summary>
    /// Renames a Hugging Face CLIPModel state dict to OpenAI's names: q, k, v projections stacked into in_proj (dim 0, in
    /// that order), text_projection and visual_projection transposed, the rest renamed one to one. Position ids are
    /// left out (listed in <paramref name="ignored"/>); keys that belong to neither layout are passed through unchanged.
    /// <paramref name="sources"/> receives, for each OpenAI key, the Hugging Face key(s) it was made from. The result's
    /// tensors are new handles (views or stacked copies) owned by the current dispose scope.
    /// </summary>
    public static Dictionary<string, Tensor> FromHuggingFace(IReadOnlyDictionary<string, Tensor> hf, ICollection<string>? ignored = null,
                                                             IDictionary<string, string>? sources = null)
    {
        var byHf = Tensors.ToDictionary(t => t.hf);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var qkv = new Dictionary<string, Tensor?[]>(StringComparer.Ordinal);   // OpenAI in_proj key -> [q, k, v]
        foreach (var (key, tensor) in hf)
        {
            if (IsIgnoredHuggingFaceKey(key)) { ignored?.Add(key); continue; }
            if (byHf.TryGetValue(key, out var single)) { Put(single.openai, key, single.transposed ? tensor.t() : tensor.alias()); continue; }
            if (BlockKey(key, toOpenAI: true) is not { } block) { Put(key, key, tensor.alias()); continue; }
            var (prefix, rest) = block;
            // self_attn.{q,k,v}_proj.{weight,bias} -> attn.in_proj_{weight,bias}
            if (rest.StartsWith("self_attn.", StringComparison.Ordinal) && rest.Length > 17 && rest[11..17] == "_proj." && Array.IndexOf(Qkv, rest[10..11]) is var which and >= 0)
            {
                var inProj = prefix + "attn.in_proj_" + rest[17..];
                if (!qkv.TryGetValue(inProj, out var parts)) qkv[inProj] = parts = new Tensor?[3];
                parts[which] = tensor;
                continue;
            }
            var module = BlockModules.FirstOrDefault(m => rest.StartsWith(m.hf + ".", StringComparison.Ordinal));
            Put(module.hf is null ? key : prefix + module.openai + rest[module.hf.Length..], key, tensor.alias());
        }
        foreach (var (inProj, parts) in qkv)
        {
            if (parts.Any(p => p is null))
            {
                var have = string.Join(", ", Qkv.Where((_, i) => parts[i] is not null));
                var lack = string.Join(", ", Qkv.Where((_, i) => parts[i] is null));
                throw new InvalidDataException($"cannot build {inProj}: the checkpoint has the {have} projection(s) of that block but not {lack}");
            }
            var (tower, end) = (BlockKey(inProj, toOpenAI: false)!.Value.prefix, inProj[(inProj.LastIndexOf('_') + 1)..]);
            Put(inProj, string.Join(" + ", Qkv.Select(p => $"{tower}self_attn.{p}_proj.{end}")), cat(parts.Select(p => p!).ToArray(), 0));   // in_proj = [W_q; W_k; W_v]
        }
        return result;

        void Put(string openai, string from, Tensor tensor)
        {
            result[openai] = tensor;
            sources?.Add(openai, from);
        }
    }

    /// <summary>Renames an OpenAI state dict to Hugging Face's CLIPModel names (in_proj split into q, k, v; projections transposed).</summary>
    public static Dictionary<string, Tensor> ToHuggingFace(IReadOnlyDictionary<string, Tensor> openai)
    {
        var byOpenAI = Tensors.ToDictionary(t => t.openai);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in openai)
        {
            if (byOpenAI.TryGetValue(key, out var single)) { result[single.hf] = single.transposed ? tensor.t() : tensor.alias(); continue; }
            if (BlockKey(key, toOpenAI: false) is not { } block) { result[key] = tensor.alias(); continue; }
            var (prefix, rest) = block;
            if (rest.StartsWith("attn.in_proj_", StringComparison.Ordinal))
            {
                var parts = tensor.chunk(3, 0);
                for (int i = 0; i < 3; i++) result[$"{prefix}self_attn.{Qkv[i]}_proj.{rest[13..]}"] = parts[i];
                continue;
            }
            var module = BlockModules.FirstOrDefault(m => rest.StartsWith(m.openai + ".", StringComparison.Ordinal));
            result[module.openai is null ? key : prefix + module.hf + rest[module.openai.Length..]] = tensor.alias();
        }
        return result;
    }

    /// <summary>
    /// Splits a block key into the other layout's block prefix (with its index) and the rest, e.g.
    /// "text_model.encoder.layers.3.mlp.fc1.weight" -> ("transformer.resblocks.3.", "mlp.fc1.weight"); null for other keys.
    /// </summary>
    static (string prefix, string rest)? BlockKey(string key, bool toOpenAI)
    {
        foreach (var (openai, hf) in Towers)
        {
            var (from, to) = toOpenAI ? (hf, openai) : (openai, hf);
            if (!key.StartsWith(from, StringComparison.Ordinal)) continue;
            var dot = key.IndexOf('.', from.Length);
            if (dot < 0 || !int.TryParse(key.AsSpan(from.Length, dot - from.Length), out _)) return null;
            return (to + key[from.Length..(dot + 1)], key[(dot + 1)..]);
        }
        return null;
    }
}
