using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Models.Weights;

/// <summary>The naming a checkpoint came in.</summary>
public enum CheckpointLayout
{
    /// <summary>openai/CLIP's state_dict names (also open_clip's for ViT models with QuickGELU).</summary>
    OpenAI,
    /// <summary>Hugging Face transformers' CLIPModel names.</summary>
    HuggingFace,
    /// <summary>ArrowLuo/CLIP4Clip and foolwood/DRL checkpoints: CLIP in OpenAI's names under <c>clip.</c>, plus the heads.</summary>
    Clip4Clip,
}

/// <summary>What a load did: where every checkpoint tensor went and what the model did not get.</summary>
/// <param name="Layout">The checkpoint's naming.</param>
/// <param name="Loaded">Model keys that received a checkpoint tensor.</param>
/// <param name="Missing">Model keys the checkpoint has no tensor for (they keep their initial values).</param>
/// <param name="Unexpected">Checkpoint keys (in their original names) the model has no place for.</param>
/// <param name="Ignored">Checkpoint keys dropped on purpose (Hugging Face's position_ids).</param>
/// <param name="Derived">Model keys filled from other checkpoint tensors (CLIP4Clip's initialisation of its heads from CLIP).</param>
/// <param name="Converted">Loaded tensors whose dtype was converted to the model's, by source dtype (e.g. fp16 -> fp32 master weights).</param>
public sealed record LoadReport(
    CheckpointLayout Layout,
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<string> Ignored,
    IReadOnlyList<string> Derived,
    IReadOnlyDictionary<ScalarType, int> Converted)
{
    /// <summary>A few lines for a log or a notebook.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"{Loaded.Count} tensors loaded from a {Layout} checkpoint" };
        if (Converted.Count > 0) lines.Add("converted to the model's dtype: " + string.Join(", ", Converted.Select(c => $"{c.Value} x {c.Key.PyTorchName()}")));
        if (Derived.Count > 0) lines.Add($"derived ({Derived.Count}): {Preview(Derived)}");
        if (Ignored.Count > 0) lines.Add($"ignored ({Ignored.Count}): {Preview(Ignored)}");
        if (Missing.Count > 0) lines.Add($"missing, left as initialised ({Missing.Count}): {Preview(Missing)}");
        if (Unexpected.Count > 0) lines.Add($"unexpected, not used ({Unexpected.Count}): {Preview(Unexpected)}");
        return string.Join(Environment.NewLine, lines);
    }

    static string Preview(IReadOnlyList<string> keys) => string.Join(", ", keys.Take(8)) + (keys.Count > 8 ? $", ... ({keys.Count - 8} more)" : "");
}

/// <summary>
/// One loader for every CLIP checkpoint layout (open_clip's idea): a state dict in OpenAI's, Hugging Face's or
/// CLIP4Clip's names is first mapped to the kit's canonical naming, which is OpenAI's (under <c>clip.</c> inside a
/// CLIP4Clip model), then copied into the model with every key accounted for.
/// </summary>
public static class WeightLoader
{
    /// <summary>The layout of a state dict, told by its keys (after any DataParallel <c>module.</c> prefix).</summary>
    public static CheckpointLayout DetectLayout(IEnumerable<string> keys)
    {
        var list = keys as IReadOnlyCollection<string> ?? keys.ToList();
        if (list.Any(k => k.StartsWith("clip.", StringComparison.Ordinal))) return CheckpointLayout.Clip4Clip;
        return ClipNames.IsHuggingFace(list) ? CheckpointLayout.HuggingFace : CheckpointLayout.OpenAI;
    }

    /// <summary>
    /// A state dict in canonical names: OpenAI's for CLIP (under <c>clip.</c> for CLIP4Clip checkpoints), other keys as
    /// they are. <paramref name="sources"/> receives, for each canonical key, the checkpoint key(s) it came from.
    /// </summary>
    public static Dictionary<string, Tensor> Canonicalize(IReadOnlyDictionary<string, Tensor> state, out CheckpointLayout layout,
                                                          ICollection<string>? ignored = null, IDictionary<string, string>? sources = null)
    {
        // nn.DataParallel / DistributedDataParallel wrap every name in "module.".
        if (state.Count > 0 && state.Keys.All(k => k.StartsWith("module.", StringComparison.Ordinal)))
            state = state.ToDictionary(kv => kv.Key["module.".Length..], kv => kv.Value, StringComparer.Ordinal);
        layout = DetectLayout(state.Keys);
        if (layout == CheckpointLayout.Clip4Clip)
        {
            var clip = state.Where(kv => kv.Key.StartsWith("clip.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[5..], kv => kv.Value, StringComparer.Ordinal);
            var innerSources = new Dictionary<string, string>(StringComparer.Ordinal);
            var inner = ToOpenAINames(clip, ignored, innerSources);
            var result = inner.ToDictionary(kv => "clip." + kv.Key, kv => kv.Value, StringComparer.Ordinal);
            foreach (var (key, source) in innerSources) sources?.Add("clip." + key, "clip." + source);
            foreach (var (key, tensor) in state)
                if (!key.StartsWith("clip.", StringComparison.Ordinal)) { result[key] = tensor; sources?.Add(key, key); }
            return result;
        }
        return ToOpenAINames(state, ignored, sources);
    }

    static Dictionary<string, Tensor> ToOpenAINames(IReadOnlyDictionary<string, Tensor> state, ICollection<string>? ignored, IDictionary<string, string>? sources)
    {
        if (!ClipNames.IsHuggingFace(state.Keys))
        {
            foreach (var key in state.Keys) sources?.Add(key, key);
            return new Dictionary<string, Tensor>(state, StringComparer.Ordinal);
        }
        return ClipNames.FromHuggingFace(state, ignored, sources);
    }

    /// <summary>
    /// Loads a canonical state dict into <paramref name="model"/>: every shape is checked first (a mismatch names the
    /// model key, the checkpoint key it came from and both shapes), then tensors are copied, converting dtype (fp16 and
    /// bf16 checkpoints into fp32 master weights) and device. With <paramref name="strict"/>, missing or unexpected keys
    /// are an error listing them.
    /// </summary>
    public static LoadReport Load(nn.Module model, IReadOnlyDictionary<string, Tensor> canonical, CheckpointLayout layout, bool strict = false,
                                  IReadOnlyCollection<string>? ignored = null, IReadOnlyCollection<string>? derived = null,
                                  IReadOnlyDictionary<string, string>? sources = null)
    {
        using var scope = NewDisposeScope();
        var target = model.state_dict();
        string Source(string key) => sources is not null && sources.TryGetValue(key, out var s) ? s : key;
        var mismatches = new List<string>();
        var fitted = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var converted = new Dictionary<ScalarType, int>();
        foreach (var (key, want) in target)
        {
            if (!canonical.TryGetValue(key, out var have)) continue;
            var (hs, ws) = (have.shape, want.shape);
            if (!hs.SequenceEqual(ws))
            {
                // A one-element tensor stored as [1] fits a scalar parameter (logit_scale) and vice versa.
                if (have.numel() == 1 && want.numel() == 1) have = have.reshape(ws);
                else
                {
                    var from = Source(key) == key ? "" : $" (checkpoint key {Source(key)})";
                    mismatches.Add($"size mismatch for {key}{from}: the checkpoint has shape {Tensor.ShapeString(hs)}, the model {Tensor.ShapeString(ws)}");
                    continue;
                }
            }
            if (have.dtype != want.dtype) converted[have.dtype] = converted.GetValueOrDefault(have.dtype) + 1;
            fitted[key] = have;
        }
        if (mismatches.Count > 0)
            throw new InvalidDataException($"cannot load the {layout} checkpoint into {model.GetType().Name}:\n\t" + string.Join("\n\t", mismatches));
        var missing = target.Keys.Where(k => !fitted.ContainsKey(k)).ToList();
        var unexpected = canonical.Keys.Where(k => !target.ContainsKey(k)).Select(Source).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new InvalidDataException($"the {layout} checkpoint does not fit {model.GetType().Name}:" +
                                           (missing.Count > 0 ? $"\n\tmissing: {string.Join(", ", missing)}" : "") +
                                           (unexpected.Count > 0 ? $"\n\tunexpected: {string.Join(", ", unexpected)}" : ""));
        model.load_state_dict(fitted, strict: false);
        var derivedKeys = (derived ?? []).Where(fitted.ContainsKey).ToList();
        var loaded = fitted.Keys.Where(k => !derivedKeys.Contains(k)).ToList();
        return new LoadReport(layout, loaded, missing, unexpected, (ignored ?? []).ToList(), derivedKeys, converted);
    }
}
