using TvrLab.Models;
using TvrLab.Torch;
using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Training;

/// <summary>One named parameter and where it goes: pretrained or new, decayed or not.</summary>
public sealed record ParameterAssignment(string Name, Parameter Parameter, bool Pretrained, bool Decay);

/// <summary>
/// CLIP4Clip's four optimiser groups (main_task_retrieval.py prep_optimizer): pretrained CLIP weights at
/// lr × coef_lr and new modules at lr, each split into decayed and not decayed (biases and LayerNorm weights).
/// Frozen parameters (requires_grad false) are left out.
/// </summary>
public static class ParameterGroups
{
    /// <summary>The group names, in the optimiser's order.</summary>
    public static readonly IReadOnlyList<string> Names = ["pretrained_decay", "pretrained_no_decay", "new_decay", "new_no_decay"];

    /// <summary>Where every trainable parameter of <paramref name="model"/> goes.</summary>
    public static IReadOnlyList<ParameterAssignment> Assign(IRetrievalModel model, bool noDecayBiasAndNorm = true)
    {
        var module = AsModule(model);
        var norms = module.named_modules().Where(m => m.module is LayerNorm).Select(m => m.name).ToHashSet(StringComparer.Ordinal);
        var list = new List<ParameterAssignment>();
        foreach (var (name, p) in module.named_parameters())
        {
            if (!p.requires_grad) continue;
            var owner = name.Contains('.') ? name[..name.LastIndexOf('.')] : "";
            var noDecay = noDecayBiasAndNorm && (name.EndsWith("bias", StringComparison.Ordinal) || norms.Contains(owner));
            list.Add(new ParameterAssignment(name, p, model.is_pretrained(name), !noDecay));
        }
        return list;
    }

    /// <summary>
    /// The four groups (empty ones left out): pretrained at lr × coef_lr, new at lr; weight decay on the decayed ones.
    /// </summary>
    public static List<optim.ParamGroup> Build(IRetrievalModel model, TrainConfig config)
    {
        var assigned = Assign(model, config.no_decay_bias_and_norm);
        var groups = new List<optim.ParamGroup>();
        foreach (var (pretrained, decay, name) in new[] { (true, true, Names[0]), (true, false, Names[1]), (false, true, Names[2]), (false, false, Names[3]) })
        {
            var ps = assigned.Where(a => a.Pretrained == pretrained && a.Decay == decay).Select(a => a.Parameter).ToList();
            if (ps.Count == 0) continue;
            groups.Add(new optim.ParamGroup(ps, lr: pretrained ? config.lr * config.coef_lr : config.lr,
                                            weight_decay: decay ? config.weight_decay : 0.0, name: name));
        }
        if (groups.Count == 0) throw new ArgumentException("the model has no trainable parameter (is everything frozen?)");
        return groups;
    }

    /// <summary>
    /// CLIP4Clip's freeze_layer_num: freezes CLIP's parameters except the final LayerNorms, the projections, the logit
    /// scale, the 3-D patch kernel and the residual blocks at index ≥ <paramref name="freezeLayerNum"/>
    /// (main_task_retrieval.py init_model). -1 freezes nothing. Returns the names frozen.
    /// </summary>
    public static IReadOnlyList<string> Freeze(IRetrievalModel model, int freezeLayerNum)
    {
        if (freezeLayerNum < 0) return [];
        var frozen = new List<string>();
        foreach (var (name, p) in AsModule(model).named_parameters())
        {
            if (!name.StartsWith("clip.", StringComparison.Ordinal)) continue;
            var n = name["clip.".Length..];
            if (n.StartsWith("ln_final.") || n.StartsWith("text_projection") || n.StartsWith("logit_scale")
                || n.StartsWith("visual.ln_post.") || n.StartsWith("visual.proj") || n.StartsWith("visual.conv2.")) continue;   // top layers always train
            var at = n.IndexOf(".resblocks.", StringComparison.Ordinal);
            if (at >= 0 && int.TryParse(n[(at + ".resblocks.".Length)..].Split('.')[0], out var layer) && layer >= freezeLayerNum) continue;
            p.requires_grad = false;
            frozen.Add(name);
        }
        return frozen;
    }

    /// <summary>The model as the module it must be.</summary>
    public static Module AsModule(IRetrievalModel model) =>
        model as Module ?? throw new ArgumentException($"{model.GetType().Name} implements IRetrievalModel but is not a torch.nn.Module");
}
