using TvrLab.Data.Loading;
using TvrLab.Losses;
using TvrLab.Models.Heads;
using TvrLab.Models.Weights;
using TvrLab.Torch;
using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Models;

/// <summary>DRL's temporal module on the frame features before the interaction (its <c>--agg_module</c>).</summary>
public enum DrlTemporal
{
    /// <summary>The CLIP frame features as they are (<c>--agg_module None</c>).</summary>
    none,
    /// <summary>CLIP4Clip's 4-layer transformer over the frames plus a residual (every TI/WTI script).</summary>
    seqTransf,
    /// <summary>CLIP4Clip's LSTM over the frames plus a residual.</summary>
    seqLSTM,
}

/// <summary>A DRL model's settings (foolwood/DRL main.py's arguments, spelled the same way).</summary>
/// <param name="clip">The CLIP towers.</param>
/// <param name="interaction">DP, TI, WTI or XTI.</param>
/// <param name="temporal">The temporal module (none or seqTransf in the paper's ablation).</param>
/// <param name="cdcr">CDCR mode: 0 off, 1, 2, 3 (see <see cref="CdcrSettings"/>); XTI has none.</param>
/// <param name="cdcr_lambda">CDCR's weight in the loss (1e-3 in every script).</param>
/// <param name="cdcr_alpha1">The diagonal term's weight; null = the script's value for the interaction (DP 0.14, TI 0.16, WTI 0.14).</param>
/// <param name="cdcr_alpha2">The off-diagonal term's weight (0 in every script).</param>
/// <param name="wti_arch">WTI's weight branch: 1, 2 (every script) or 3.</param>
/// <param name="cross_num_hidden_layers">Blocks of seqTransf's and XTI's transformers (4).</param>
/// <param name="hidden_dropout_prob">XTI's embedding dropout (0.1).</param>
/// <param name="eval_text_chunk">Captions per block of the evaluation similarity.</param>
/// <param name="eval_video_chunk">Videos per block of the evaluation similarity (the reference uses 32 x 32).</param>
public sealed record DrlConfig(
    ClipConfig clip,
    Interaction interaction = Interaction.wti,
    DrlTemporal temporal = DrlTemporal.seqTransf,
    int cdcr = 0,
    double cdcr_lambda = 1e-3,
    double? cdcr_alpha1 = null,
    double cdcr_alpha2 = 0,
    int wti_arch = 2,
    long cross_num_hidden_layers = 4,
    double hidden_dropout_prob = 0.1,
    long eval_text_chunk = 64,
    long eval_video_chunk = 256)
{
    /// <summary>The CDCR settings these fields give (off when <see cref="cdcr"/> is 0).</summary>
    public CdcrSettings Cdcr => cdcr == 0 ? CdcrSettings.Off
        : new CdcrSettings(cdcr, cdcr_alpha1 ?? (interaction == Interaction.xti ? 0 : CdcrSettings.For(interaction).alpha1), cdcr_alpha2, cdcr_lambda);

    /// <summary>The reference's CDCR mode for an interaction when CDCR is on: DP 1, TI 2, WTI 3.</summary>
    public static int DefaultCdcrMode(Interaction interaction) => interaction == Interaction.xti ? 0 : CdcrSettings.For(interaction).mode;

    /// <summary>Throws on settings that do not go together, naming them.</summary>
    public DrlConfig Validated()
    {
        Cdcr.Validate(interaction);
        if (interaction == Interaction.wti && wti_arch is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(wti_arch), $"wti_arch must be 1, 2 or 3, got {wti_arch}");
        if (eval_text_chunk < 1 || eval_video_chunk < 1) throw new ArgumentOutOfRangeException(nameof(eval_text_chunk), "evaluation chunks must be at least 1");
        return this;
    }
}

/// <summary>
/// DRL, "Disentangled Representation Learning for Text-Video Retrieval" (Wang et al. 2022; foolwood/DRL
/// tvr/models/modeling.py): CLIP encodes every caption token and every frame; an optional temporal module
/// contextualises the frames; an interaction head (<see cref="TokenInteraction"/>: DP, TI, WTI, XTI) scores the pairs;
/// training minimises symmetric InfoNCE on exp(logit_scale) * S plus lambda * CDCR (<see cref="ChannelDecorrelation"/>).
/// Its state_dict keys are the reference's: <c>clip.*</c>, <c>frame_position_embeddings.weight</c>,
/// <c>transformerClip.*</c>, <c>text_weight_fc.*</c>, <c>video_weight_fc.*</c>, <c>cross.*</c>, <c>similarity_dense.*</c>.
/// </summary>
public sealed class DRL : Module, IRetrievalModel
{
    public readonly DrlConfig config;
    public CLIP clip;

    /// <summary>seqTransf's or seqLSTM's module (children registered at the root, as in the reference), or null.</summary>
    [NotRegistered] public readonly TemporalModule? temporal;

    /// <summary>The interaction head (children registered at the root).</summary>
    [NotRegistered] public readonly TokenInteraction head;

    public DRL(DrlConfig config)
    {
        this.config = config.Validated();
        var c = config.clip;
        clip = new CLIP(c);
        temporal = config.temporal switch
        {
            DrlTemporal.seqTransf => new SeqTransf(c.embed_dim, config.cross_num_hidden_layers, c.transformer_heads, c.context_length),
            DrlTemporal.seqLSTM => new SeqLSTM(c.embed_dim, c.context_length),
            _ => null,
        };
        head = new TokenInteraction(config.interaction, c.embed_dim, config.wti_arch, config.cross_num_hidden_layers, c.transformer_heads,
                                    c.context_length, config.hidden_dropout_prob);
        foreach (var part in new Module?[] { temporal, head })
            if (part is not null)
                foreach (var (name, child) in part.named_children()) register_module(name, child);
    }

    public override void train(bool mode = true)
    {
        base.train(mode);
        temporal?.train(mode);
        head.train(mode);
    }

    // ---- encoders ---------------------------------------------------------------------------------------------

    /// <summary>Every caption token's feature [B, L, D] (through ln_final and text_projection) with the EOT vector.</summary>
    public EncodedText encode_text(Tensor input_ids, Tensor text_mask)
    {
        if (text_mask.dim() != 2 || !text_mask.shape.SequenceEqual(input_ids.shape))
            throw new ArgumentException($"the text mask must be [B, L] like the token ids {Tensor.ShapeString(input_ids.shape)}, got {Tensor.ShapeString(text_mask.shape)}");
        using var scope = NewDisposeScope();
        var f = clip.encode_text(input_ids);
        return new EncodedText(scope.MoveToOuter(f.Sentence), scope.MoveToOuter(f.Tokens), scope.MoveToOuter(text_mask.alias()));
    }

    /// <summary>
    /// Frame features after the temporal module [B, T, D] for videos [B, T, 3, H, W] (uint8 as cached, normalised here
    /// with CLIP's mean and std, or float already normalised).
    /// </summary>
    public EncodedVideo encode_video(Tensor video, Tensor video_mask)
    {
        if (video.dim() != 5) throw new ArgumentException($"videos must be [B, T, 3, H, W], got {Tensor.ShapeString(video.shape)}");
        if (video_mask.dim() != 2 || video_mask.size(0) != video.size(0) || video_mask.size(1) != video.size(1))
            throw new ArgumentException($"the video mask must be [B, T] = [{video.size(0)}, {video.size(1)}], got {Tensor.ShapeString(video_mask.shape)}");
        using var scope = NewDisposeScope();
        var frames = clip.encode_frames(video, video_mask);
        var contextual = temporal is null ? frames : temporal.forward(frames, video_mask);
        return new EncodedVideo(scope.MoveToOuter(contextual), scope.MoveToOuter(video_mask.alias()));
    }

    // ---- similarity and loss ----------------------------------------------------------------------------------

    /// <summary>Evaluation scores S [Bt, Bv] (unscaled, as DRL ranks), computed in blocks of the config's chunk sizes.</summary>
    public Tensor similarity(EncodedText text, EncodedVideo video) =>
        head.similarity(text.tokens, text.text_mask, video.frames, video.video_mask, config.eval_text_chunk, config.eval_video_chunk);

    /// <summary>The interaction on encoded features: scaled logits and CDCR in training mode, S in evaluation.</summary>
    public InteractionOutput interact(EncodedText text, EncodedVideo video) =>
        head.forward(text.tokens, text.text_mask, video.frames, video.video_mask, clip.logit_scale, config.Cdcr);

    /// <summary>
    /// L = (CE(exp(s) S) + CE(exp(s) S^T)) / 2 + lambda * CDCR over a batch of matching pairs (row i with row i).
    /// </summary>
    public Tensor loss(VideoTextBatch batch)
    {
        using var scope = NewDisposeScope();
        var text = encode_text(batch.input_ids, batch.text_mask);
        var video = encode_video(batch.video, batch.video_mask);
        var output = interact(text, video);
        var l = SymmetricInfoNCE.loss(output.t2v_logits);                           // (CE(S) + CE(S^T)) / 2
        if (output.cdcr_loss is not null) l = l + output.cdcr_loss.to(l.dtype) * config.cdcr_lambda;   // + lambda * CDCR
        return scope.MoveToOuter(l);
    }

    /// <summary>Pretrained CLIP parameters (<c>clip.*</c>) train at lr × coef_lr; the heads at lr.</summary>
    public bool is_pretrained(string name) => name.StartsWith("clip.", StringComparison.Ordinal);

    /// <summary>Clamps the logit scale at ln 100 after every step (DRL main.py train_epoch).</summary>
    public void after_step() => clip.clamp_logit_scale_();

    // ---- checkpoints ------------------------------------------------------------------------------------------

    /// <summary>
    /// Builds a DRL from a checkpoint: a DRL/CLIP4Clip one or a plain CLIP one in OpenAI's or Hugging Face's names, the
    /// CLIP config inferred from shapes and the rest from <paramref name="settings"/> (its <c>clip</c> is replaced).
    /// </summary>
    public static (DRL model, LoadReport report) FromPretrained(IReadOnlyDictionary<string, Tensor> state, DrlConfig settings,
                                                               long? vision_heads = null, long? transformer_heads = null)
    {
        using var scope = NewDisposeScope();
        var canonical = WeightLoader.Canonicalize(state);
        var config = settings with { clip = ClipConfig.FromStateDict(canonical.Tensors, vision_heads, transformer_heads) };
        var model = new DRL(config);
        return (model, model.load(state));
    }

    /// <summary>
    /// Loads a checkpoint in any layout (a plain CLIP one goes under <c>clip.</c>). State the checkpoint lacks is
    /// initialised as DRL does from CLIP (its "initialization trick"): frame position embeddings from the text positional
    /// embedding, seqTransf's and XTI's blocks from the text layers 0..3 (reported as derived).
    /// </summary>
    public LoadReport load(IReadOnlyDictionary<string, Tensor> state, bool strict = false) =>
        WeightLoader.LoadInitialisingFromClip(this, clip, state,
            (temporal?.InitialisedFromClip() ?? []).Concat(head.xti?.InitialisedFromClip() ?? []), strict);

    public override string extra_repr() => $"interaction={config.interaction}, temporal={config.temporal}, cdcr={config.cdcr}";
}
