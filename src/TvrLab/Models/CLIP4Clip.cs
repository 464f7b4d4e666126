using TvrLab.Models.Heads;
using TvrLab.Models.Weights;
using TvrLab.Torch;
using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Models;

/// <summary>CLIP4Clip's similarity calculators (its <c>--sim_header</c>).</summary>
public enum SimHeader
{
    /// <summary>Parameter-free: mean of the normalised frames.</summary>
    meanP,
    /// <summary>An LSTM over the frames, plus a residual, then meanP.</summary>
    seqLSTM,
    /// <summary>A 4-layer transformer over the frames with position embeddings, plus a residual, then meanP.</summary>
    seqTransf,
    /// <summary>A 4-layer cross encoder over [text EOT, frames] per pair, scored by a linear layer.</summary>
    tightTransf,
}

/// <summary>A CLIP4Clip model's settings.</summary>
/// <param name="clip">The CLIP towers.</param>
/// <param name="sim_header">The similarity calculator.</param>
/// <param name="cross_num_hidden_layers">Blocks of seqTransf's and tightTransf's transformers (4).</param>
/// <param name="hidden_dropout_prob">tightTransf's embedding dropout in training (cross-base: 0.1).</param>
public sealed record Clip4ClipConfig(ClipConfig clip, SimHeader sim_header = SimHeader.meanP, long cross_num_hidden_layers = 4, double hidden_dropout_prob = 0.1)
{
    /// <summary>The head a CLIP4Clip (or DRL) checkpoint was trained with, told by its keys; meanP when it has none.</summary>
    public static SimHeader InferSimHeader(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        if (list.Any(k => k.StartsWith("transformerClip.", StringComparison.Ordinal))) return SimHeader.seqTransf;
        if (list.Any(k => k.StartsWith("lstm_visual.", StringComparison.Ordinal))) return SimHeader.seqLSTM;
        if (list.Any(k => k.StartsWith("cross.", StringComparison.Ordinal))) return SimHeader.tightTransf;
        return SimHeader.meanP;
    }
}

/// <summary>
/// CLIP4Clip (Luo et al. 2021; ArrowLuo/CLIP4Clip modules/modeling.py): CLIP encodes the text (EOT vector) and every
/// frame (class token), a similarity calculator turns frames into a video representation and scores pairs. Its
/// state_dict keys are the reference's (<c>clip.*</c>, <c>frame_position_embeddings.weight</c>,
/// <c>transformerClip.*</c>, <c>lstm_visual.*</c>, <c>cross.*</c>, <c>similarity_dense.*</c>).
/// </summary>
/// <remarks>
/// Evaluation can cache features: <see cref="encode_text"/> once per caption, <see cref="encode_video"/> once per video
/// (frames after the temporal module, [B, T, D], which is also what DRL's interaction heads consume), then
/// <see cref="similarity"/> chunk by chunk.
/// </remarks>
public sealed partial class CLIP4Clip : Module
{
    public readonly Clip4ClipConfig config;
    public CLIP clip;

    /// <summary>seqTransf's or seqLSTM's module (its children are registered at this model's root, as in the reference), or null.</summary>
    [NotRegistered] public readonly TemporalModule? temporal;

    /// <summary>tightTransf's cross encoder and scorer (children registered at the root), or null.</summary>
    [NotRegistered] public readonly TightTransf? tight;

    public CLIP4Clip(Clip4ClipConfig config)
    {
        this.config = config;
        var c = config.clip;
        clip = new CLIP(c);
        temporal = config.sim_header switch
        {
            SimHeader.seqTransf => new SeqTransf(c.embed_dim, config.cross_num_hidden_layers, c.transformer_heads, c.context_length),
            SimHeader.seqLSTM => new SeqLSTM(c.embed_dim, c.context_length),
            _ => null,
        };
        if (config.sim_header == SimHeader.tightTransf)
            tight = new TightTransf(c.embed_dim, config.cross_num_hidden_layers, c.transformer_heads, c.context_length, config.hidden_dropout_prob);
        foreach (var part in new Module?[] { temporal, tight })
            if (part is not null)
                foreach (var (name, child) in part.named_children()) register_module(name, child);
    }

    public override void train(bool mode = true)
    {
        base.train(mode);
        temporal?.train(mode);
        tight?.train(mode);
    }

    // ---- encoders ---------------------------------------------------------------------------------------------

    /// <summary>CLIP's text features for token ids [B, L]: the EOT sentence vector, every token's feature, the hidden states.</summary>
    public TextFeatures encode_text(Tensor input_ids) => clip.encode_text(input_ids);

    /// <summary>Per-frame CLIP features [B, T, D] for videos [B, T, 3, H, W] (see <see cref="CLIP.encode_frames"/>).</summary>
    public Tensor encode_frames(Tensor video, Tensor? video_mask = null) => clip.encode_frames(video, video_mask);

    /// <summary>The temporal module's output [B, T, D] for frame features [B, T, D] (the frames themselves for meanP and tightTransf).</summary>
    public Tensor temporal_features(Tensor frames, Tensor video_mask) =>
        temporal is null ? frames.alias() : temporal.forward(frames, video_mask);

    /// <summary>The video representation to cache: <see cref="temporal_features"/> of <see cref="encode_frames"/>, [B, T, D].</summary>
    public Tensor encode_video(Tensor video, Tensor video_mask)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(temporal_features(encode_frames(video, video_mask), video_mask));
    }

    // ---- similarity -------------------------------------------------------------------------------------------

    /// <summary>
    /// Similarity logits [B_text, B_video] from sentence vectors [B_text, D] and encoded videos [B_video, T, D] with masks
    /// [B_video, T]. meanP, seqLSTM and seqTransf: S = exp(logit_scale) * t_hat meanP(v)^T (CLIP4Clip scales at evaluation
    /// too; rankings do not depend on it). tightTransf: the cross encoder's score per pair.
    /// </summary>
    public Tensor similarity(Tensor text, Tensor video, Tensor video_mask, long text_chunk = 0)
    {
        if (tight is not null) return tight.forward(text, video, video_mask, text_chunk);
        using var scope = NewDisposeScope();
        var t = MeanPooling.normalize(text);
        var v = MeanPooling.meanP(video, video_mask);
        return scope.MoveToOuter(clip.logit_scale.exp() * t.matmul(v.t()));   // S = exp(s) t_hat v_hat^T
    }

    /// <summary>Similarity logits for token ids [B_text, L] and videos [B_video, T, 3, H, W] with masks [B_video, T].</summary>
    public Tensor forward(Tensor input_ids, Tensor video, Tensor video_mask)
    {
        using var scope = NewDisposeScope();
        var text = encode_text(input_ids).Sentence;
        return scope.MoveToOuter(similarity(text, encode_video(video, video_mask), video_mask));
    }

    /// <summary>Clamps CLIP's logit scale to at most ln(100); the trainer calls it after every optimiser step.</summary>
    public void clamp_logit_scale_() => clip.clamp_logit_scale_();

    // ---- checkpoints ------------------------------------------------------------------------------------------

    /// <summary>
    /// Builds a CLIP4Clip from a checkpoint: a CLIP4Clip/DRL one (the head inferred from its keys unless given) or a
    /// plain CLIP one in OpenAI's or Hugging Face's names (meanP unless given), the CLIP config inferred from shapes.
    /// </summary>
    public static (CLIP4Clip model, LoadReport report) FromPretrained(IReadOnlyDictionary<string, Tensor> state, SimHeader? sim_header = null,
                                                                     long? vision_heads = null, long? transformer_heads = null)
    {
        using var scope = NewDisposeScope();
        var canonical = WeightLoader.Canonicalize(state);
        var config = new Clip4ClipConfig(ClipConfig.FromStateDict(canonical.Tensors, vision_heads, transformer_heads),
                                         sim_header ?? Clip4ClipConfig.InferSimHeader(canonical.Tensors.Keys));
        var model = new CLIP4Clip(config);
        return (model, model.load(state));
    }

    /// <summary>
    /// Loads a checkpoint in any layout. A plain CLIP checkpoint goes under <c>clip.</c>; state the checkpoint lacks is
    /// initialised as CLIP4Clip does from CLIP: frame position embeddings from the text positional embedding, seqTransf's
    /// and tightTransf's blocks from the text layers 0..3, the 3-D patch kernel from conv1 (reported as derived).
    /// </summary>
    public LoadReport load(IReadOnlyDictionary<string, Tensor> state, bool strict = false) =>
        WeightLoader.LoadInitialisingFromClip(this, clip, state,
            (temporal?.InitialisedFromClip() ?? []).Concat(tight?.InitialisedFromClip() ?? []), strict);

    public override string extra_repr() => $"sim_header={config.sim_header}";
}
