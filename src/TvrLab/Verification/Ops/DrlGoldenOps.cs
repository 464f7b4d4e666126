using TvrLab.Losses;
using TvrLab.Models.Heads;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Verification.Ops;

/// <summary>
/// Golden ops of DRL (suite ../shared/golden/drl, from foolwood/DRL tvr/models/modeling.py): <c>drl.interaction</c>
/// (DP, TI, WTI in evaluation and training mode, CDCR modes 1-3) and <c>clip4clip.seq_transf</c> (the temporal
/// transformer, DRL's <c>agg_video_feat</c>). Both run in float64 like the reference run.
/// </summary>
public static class DrlGoldenOps
{
    public static void Register(GoldenOpRegistry registry) => registry
        .Register("drl.interaction", InteractionOp)
        .Register("clip4clip.seq_transf", SeqTransfOp);

    /// <summary>
    /// The interaction head on the case's token and frame features: t2v_logits = S (times exp(logit_scale) in
    /// training), v2t_logits = its transpose, and cdcr_loss (before lambda) when the case asks for CDCR.
    /// </summary>
    static IReadOnlyDictionary<string, Tensor> InteractionOp(GoldenCaseContext c)
    {
        var text = c.Input("text_feat").to(float64);
        var video = c.Input("video_feat").to(float64);
        var name = c.String("interaction");
        var interaction = Enum.TryParse<Interaction>(name, ignoreCase: false, out var i) ? i
            : throw new InvalidDataException($"case \"{c.Case.Name}\": params.interaction: expected dp, ti, wti or xti, found \"{name}\"");
        using var head = new TokenInteraction(interaction, text.size(2), (int)c.Long("wti_arch", 2)).to(float64);
        var weights = c.InputsWithPrefix("text_weight_fc.").Select(kv => ("text_weight_fc." + kv.Key, kv.Value))
            .Concat(c.InputsWithPrefix("video_weight_fc.").Select(kv => ("video_weight_fc." + kv.Key, kv.Value)))
            .ToDictionary(kv => kv.Item1, kv => kv.Item2, StringComparer.Ordinal);
        if (weights.Count > 0 || interaction == Interaction.wti) head.load_state_dict(weights, strict: true);
        head.train(c.Bool("training"));
        var mode = (int)c.Long("cdcr", 0);
        var cdcr = mode == 0 ? CdcrSettings.Off : new CdcrSettings(mode, c.Double("cdcr_alpha1"), c.Double("cdcr_alpha2", 0));
        var output = head.forward(text, c.Input("text_mask"), video, c.Input("video_mask"),
                                  scalar_tensor(c.Double("logit_scale"), float32), cdcr);   // CLIP's logit_scale is a float32 parameter
        var outputs = new Dictionary<string, Tensor> { ["t2v_logits"] = output.t2v_logits, ["v2t_logits"] = output.v2t_logits };
        if (output.cdcr_loss is not null) outputs["cdcr_loss"] = output.cdcr_loss.reshape(1);
        return outputs;
    }

    /// <summary>seqTransf on the case's frame features with its weights (CLIP resblock names): v' = transformerClip(v + P) + v.</summary>
    static IReadOnlyDictionary<string, Tensor> SeqTransfOp(GoldenCaseContext c)
    {
        var frames = c.Input("video_feat").to(float64);
        var position = c.Input("frame_position_embeddings.weight");
        using var seq = new SeqTransf(frames.size(2), c.Long("layers"), c.Long("heads"), position.size(0)).to(float64);
        var state = c.InputsWithPrefix("transformerClip.").ToDictionary(kv => "transformerClip." + kv.Key, kv => kv.Value, StringComparer.Ordinal);
        state["frame_position_embeddings.weight"] = position;
        seq.load_state_dict(state, strict: true);
        seq.eval();
        return new Dictionary<string, Tensor> { ["video_feat"] = seq.forward(frames, c.Input("video_mask")) };
    }
}
