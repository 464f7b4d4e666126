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
    /// A checkpoint in canonical names: CLIP's tensors in OpenAI's names under <paramref name="clip_prefix"/> ("" for a
    /// <see cref="CLIP"/>, "clip." inside a <see cref="CLIP4Clip"/>) whatever layout and prefix they came in, other keys
    /// (CLIP4Clip's heads) as they are. The tensors are new handles owned by the current dispose scope.
    /// </summary>
    public static CanonicalState Canonicalize(IReadOnlyDictionary<string, Tensor> state, string clip_prefix = "")
    {
        // nn.DataParallel / DistributedDataParallel wrap every name in "module.".
        if (state.Count > 0 && state.Keys.All(k => k.StartsWith("module.", StringComparison.Ordinal)))
            state = state.ToDictionary(kv => kv.Key["module.".Length..], kv => kv.Value, StringComparer.Ordinal);
        var layout = DetectLayout(state.Keys);
        var result = new CanonicalState(layout);
        // CLIP4Clip's checkpoints hold CLIP under "clip."; plain CLIP checkpoints are all CLIP.
        var inClip = layout == CheckpointLayout.Clip4Clip ? (Func<string, bool>)(k => k.StartsWith("clip.", StringComparison.Ordinal)) : _ => true;
        var from = layout == CheckpointLayout.Clip4Clip ? "clip." : "";
        var clip = state.Where(kv => inClip(kv.Key)).ToDictionary(kv => kv.Key[from.Length..], kv => kv.Value, StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var mapped = ClipNames.IsHuggingFace(clip.Keys) ? ClipNames.FromHuggingFace(clip, result.Ignored, sources)
                                                         : clip.ToDictionary(kv => kv.Key, kv => kv.Value.alias(), StringComparer.Ordinal);
        foreach (var (key, tensor) in mapped)
            result.Add(clip_prefix + key, tensor, string.Join(" + ", (sources.TryGetValue(key, out var s) ? s : key).Split(" + ").Select(k => from + k)));
        foreach (var (key, tensor) in state)
            if (!inClip(key)) result.Add(key, tensor.alias(), key);
        return result;
    }

    /// <summary>
    /// Loads a checkpoint in any layout into a model built on CLIP under <c>clip.</c> (CLIP4Clip, DRL). State the
    /// checkpoint lacks is initialised from CLIP as the reference code does: each head parameter in
    /// <paramref name="from_clip"/> from its CLIP source when the shapes agree (frame position embeddings from the text
    /// positional embedding, cross blocks from the text layers 0..3), the 3-D patch kernel from conv1; all reported as derived.
    /// </summary>
    public static LoadReport LoadInitialisingFromClip(nn.Module model, CLIP clip, IReadOnlyDictionary<string, Tensor> state,
                                                      IEnumerable<(string key, string from_clip)> from_clip, bool strict = false)
    {
        using var scope = NewDisposeScope();
        var canonical = Canonicalize(state, clip_prefix: "clip.");
        foreach (var (key, source_key) in from_clip)
            if (canonical.Tensors.TryGetValue("clip." + source_key, out var source) && source.shape.SequenceEqual(model.get_parameter(key).shape))
                canonical.Derive(key, source.alias);
        if (clip.visual.conv2 is not null && canonical.Tensors.TryGetValue("clip.visual.conv1.weight", out var conv1))
            canonical.Derive("clip.visual.conv2.weight", () => VisionTransformer.Conv2FromConv1(conv1));
        return Load(model, canonical, strict);
    }

    /// <summary>
    /// Loads a canonical state dict into <paramref name="model"/>: every shape is checked first (a mismatch names the
    /// model key, the checkpoint key it came from and both shapes), then tensors are copied, converting dtype (fp16 and
    /// bf16 checkpoints into fp32 master weights) and device. With <paramref name="strict"/>, missing or unexpected keys
    /// are an error listing them.
    /// </summary>
    public static LoadReport Load(nn.Module model, CanonicalState state, bool strict = false)
    {
        using var scope = NewDisposeScope();
        var (canonical, layout) = (state.Tensors, state.Layout);
        var target = model.state_dict();
        string Source(string key) => state.Sources.TryGetValue(key, out var s) ? s : key;
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
        var derived = state.Derived.Where(fitted.ContainsKey).ToList();
        var loaded = fitted.Keys.Where(k => !state.Derived.Contains(k)).ToList();
        return new LoadReport(layout, loaded, missing, unexpected, state.Ignored.ToList(), derived, converted);
    }
}

/// <summary>A checkpoint mapped to canonical names (<see cref="WeightLoader.Canonicalize"/>), remembering where each tensor came from.</summary>
public sealed class CanonicalState(CheckpointLayout layout)
{
    /// <summary>The checkpoint's layout.</summary>
    public CheckpointLayout Layout { get; } = layout;

    /// <summary>Tensors by canonical name.</summary>
    public Dictionary<string, Tensor> Tensors { get; } = new(StringComparer.Ordinal);

    /// <summary>For each canonical name, the checkpoint key(s) it was made from, or "derived".</summary>
    public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>Checkpoint keys dropped on purpose.</summary>
    public List<string> Ignored { get; } = [];

    /// <summary>Canonical names filled from other tensors of the checkpoint (CLIP4Clip's initialisation trick).</summary>
    public HashSet<string> Derived { get; } = new(StringComparer.Ordinal);

    public void Add(string key, Tensor tensor, string source)
    {
        Tensors[key] = tensor;
        Sources[key] = source;
    }

    /// <summary>Adds <paramref name="key"/> made by <paramref name="make"/> unless the checkpoint already has it.</summary>
    public void Derive(string key, Func<Tensor> make)
    {
        if (Tensors.ContainsKey(key)) return;
        Add(key, make(), "derived");
        Derived.Add(key);
    }
}
