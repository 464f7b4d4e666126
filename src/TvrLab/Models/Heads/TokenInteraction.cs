using TvrLab.Losses;
using TvrLab.Torch;
using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Models.Heads;

/// <summary>What DRL's interaction returns: S and S^T (scaled by exp(logit_scale) in training), and CDCR when asked.</summary>
/// <param name="t2v_logits">[Bt, Bv]: rows captions, columns videos.</param>
/// <param name="v2t_logits">[Bv, Bt]: t2v_logits transposed (two passes of the cross encoder for XTI in the reference).</param>
/// <param name="cdcr_loss">CDCR's scalar (before lambda), or null when off or in evaluation.</param>
public sealed record InteractionOutput(Tensor t2v_logits, Tensor v2t_logits, Tensor? cdcr_loss) : IDisposable
{
    public void Dispose() { t2v_logits.Dispose(); v2t_logits.Dispose(); cdcr_loss?.Dispose(); }
}

/// <summary>
/// DRL's interaction head (foolwood/DRL tvr/models/modeling.py, <c>get_similarity_logits</c>): scores every caption
/// against every video from the caption's token features [Bt, Lt, D] and the video's frame features [Bv, Lv, D] (after
/// the temporal module), with their 0/1 masks.
/// <list type="bullet">
/// <item>DP: S = norm(t_EOT) . meanP(v) (the token at sum(mask) - 1; frames normalised, averaged, normalised).</item>
/// <item>TI: S = (sum_t max_v s / n_t + sum_v max_t s / n_v) / 2 over s = t_hat v_hat^T, masked entries 0.</item>
/// <item>WTI: S = (sum_t w_t max_v s + sum_v w_v max_t s) / 2 with w = softmax over valid positions of a weight branch
///   on the un-normalised features (<see cref="WeightBranch"/>).</item>
/// <item>XTI: the EOT vector and the frames through CLIP4Clip's cross encoder, scored by Linear(D, 1) per pair
///   (<see cref="TightTransf"/>).</item>
/// </list>
/// Its children carry the reference's state names (<c>text_weight_fc</c>, <c>video_weight_fc</c>, <c>cross</c>,
/// <c>similarity_dense</c>); a DRL model registers them at its root.
/// </summary>
public sealed class TokenInteraction : Module
{
    public readonly Interaction interaction;
    public readonly int wti_arch;

    /// <summary>XTI's evaluation block: about this many caption-video pairs through the cross encoder at once.</summary>
    public const long XtiPairsPerBlock = 2048;

    /// <summary>WTI's word weight branch (null for other interactions).</summary>
    public Module<Tensor, Tensor>? text_weight_fc;

    /// <summary>WTI's frame weight branch (null for other interactions).</summary>
    public Module<Tensor, Tensor>? video_weight_fc;

    /// <summary>XTI's cross encoder and scorer (children <c>cross</c>, <c>similarity_dense</c> registered here), or null.</summary>
    [NotRegistered] public readonly TightTransf? xti;

    /// <param name="interaction">DP, TI, WTI or XTI.</param>
    /// <param name="width">Feature width D (CLIP's embed_dim; the reference uses the text width, equal in OpenAI's models).</param>
    /// <param name="wti_arch">WTI's weight branch (1, 2 or 3; 2 in every reference script).</param>
    /// <param name="cross_layers">XTI's cross encoder blocks (4).</param>
    /// <param name="cross_heads">XTI's attention heads (CLIP's text heads).</param>
    /// <param name="max_positions">XTI's position table (CLIP's context length, 77): 1 + frames at most.</param>
    /// <param name="hidden_dropout_prob">XTI's embedding dropout in training (0.1).</param>
    public TokenInteraction(Interaction interaction, long width, int wti_arch = 2, long cross_layers = 4, long cross_heads = 8,
                            long max_positions = 77, double hidden_dropout_prob = 0.1)
    {
        this.interaction = interaction;
        this.wti_arch = wti_arch;
        if (interaction == Interaction.wti)
        {
            text_weight_fc = WeightBranch.Create(width, wti_arch);
            video_weight_fc = WeightBranch.Create(width, wti_arch);
            Clip4ClipInit.InitWeights(this);   // DRL's init_weights: Linear ~ N(0, 0.02^2), bias 0
        }
        if (interaction == Interaction.xti)
        {
            xti = new TightTransf(width, cross_layers, cross_heads, max_positions, hidden_dropout_prob);
            foreach (var (name, child) in xti.named_children()) register_module(name, child);
        }
    }

    public override void train(bool mode = true)
    {
        base.train(mode);
        xti?.train(mode);
    }

    /// <summary>WTI's word weights [Bt, Lt] and frame weights [Bv, Lv] from the un-normalised features.</summary>
    public (Tensor text_weight, Tensor video_weight) weights(Tensor text_feat, Tensor text_mask, Tensor video_feat, Tensor video_mask)
    {
        if (text_weight_fc is null || video_weight_fc is null) throw new InvalidOperationException($"interaction {interaction} has no weights (only WTI does)");
        return (WeightBranch.Weights(text_weight_fc, text_feat, text_mask), WeightBranch.Weights(video_weight_fc, video_feat, video_mask));
    }

    /// <summary>
    /// Scores S [Bt, Bv] (unscaled, as DRL evaluates), the token-wise ones in blocks of
    /// <paramref name="text_chunk"/> x <paramref name="video_chunk"/> pairs so that the [Bt, Bv, Lt, Lv] tensor is never
    /// whole (0: one block). XTI runs at most <paramref name="text_chunk"/> captions at a time against all videos, fewer
    /// when that exceeds <see cref="XtiPairsPerBlock"/> pairs.
    /// </summary>
    public Tensor similarity(Tensor text_feat, Tensor text_mask, Tensor video_feat, Tensor video_mask, long text_chunk = 0, long video_chunk = 0)
    {
        Check(text_feat, text_mask, video_feat, video_mask);
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Score(text_feat, text_mask, video_feat, video_mask, text_chunk, video_chunk, out _, out _, out _));
    }

    /// <summary>
    /// The reference's <c>get_similarity_logits</c>: in training mode S is scaled by exp(<paramref name="logit_scale"/>)
    /// and CDCR computed when <paramref name="cdcr"/> is on; in evaluation S is returned as is and no CDCR.
    /// </summary>
    public InteractionOutput forward(Tensor text_feat, Tensor text_mask, Tensor video_feat, Tensor video_mask, Tensor logit_scale, CdcrSettings? cdcr = null)
    {
        Check(text_feat, text_mask, video_feat, video_mask);
        cdcr ??= CdcrSettings.Off;
        cdcr.Validate(interaction);
        using var scope = NewDisposeScope();
        var s = Score(text_feat, text_mask, video_feat, video_mask, 0, 0, out var normalised, out var wt, out var wv);
        if (!training) return new InteractionOutput(scope.MoveToOuter(s), scope.MoveToOuter(s.t()), null);
        var logits = logit_scale.exp().to(s.dtype) * s;                                         // exp(s) * S
        Tensor? cdcr_loss = null;
        if (cdcr.enabled)
        {
            if (text_feat.size(0) != video_feat.size(0))
                throw new ArgumentException($"CDCR pairs caption i with video i: {text_feat.size(0)} captions, {video_feat.size(0)} videos");
            var (t, v) = normalised!.Value;
            cdcr_loss = interaction == Interaction.dp
                ? ChannelDecorrelation.Pooled(t, v, cdcr)
                : ChannelDecorrelation.Tokens(t, text_mask, v, video_mask, cdcr, wt, wv);
        }
        return new InteractionOutput(scope.MoveToOuter(logits), scope.MoveToOuter(logits.t()), cdcr_loss is null ? null : scope.MoveToOuter(cdcr_loss));
    }

    /// <summary>S, plus what CDCR needs: the normalised rows (DP: [B, D] pairs; TI/WTI: tokens and frames) and WTI's weights.</summary>
    Tensor Score(Tensor text_feat, Tensor text_mask, Tensor video_feat, Tensor video_mask, long text_chunk, long video_chunk,
                 out (Tensor text, Tensor video)? normalised, out Tensor? text_weight, out Tensor? video_weight)
    {
        text_weight = video_weight = null;
        normalised = null;
        switch (interaction)
        {
            case Interaction.dp:
            {
                var t = MeanPooling.normalize(TokenSimilarity.SentenceToken(text_feat, text_mask));   // t_hat = EOT / |EOT|
                var v = MeanPooling.meanP(video_feat, video_mask);                                      // v_hat = meanP(frames)
                normalised = (t, v);
                return t.matmul(v.t());                                                                 // S = t_hat v_hat^T
            }
            case Interaction.ti:
            case Interaction.wti:
            {
                if (interaction == Interaction.wti) (text_weight, video_weight) = weights(text_feat, text_mask, video_feat, video_mask);
                var t = MeanPooling.normalize(text_feat);
                var v = MeanPooling.normalize(video_feat);
                normalised = (t, v);
                return TokenSimilarity.Scores(t, text_mask, v, video_mask, text_weight, video_weight, text_chunk, video_chunk);
            }
            case Interaction.xti:
                // The reference scores the pairs twice in training (t->V and v->T, differing by dropout only on one
                // device); here once, with S^T for the video-to-text direction.
                // In blocks of about XtiPairsPerBlock pairs (each pair is a 1 + Lv sequence through the cross encoder).
                long captions = text_chunk > 0 ? Math.Max(1, Math.Min(text_chunk, XtiPairsPerBlock / Math.Max(video_feat.size(0), 1))) : 0;
                return xti!.forward(TokenSimilarity.SentenceToken(text_feat, text_mask), video_feat, video_mask.to(video_feat.dtype), captions);
            default:
                throw new ArgumentOutOfRangeException(nameof(interaction), $"unknown interaction {interaction}");
        }
    }

    static void Check(Tensor text_feat, Tensor text_mask, Tensor video_feat, Tensor video_mask)
    {
        TokenSimilarity.CheckMask(text_feat, text_mask, "text");
        TokenSimilarity.CheckMask(video_feat, video_mask, "video");
        if (text_feat.size(2) != video_feat.size(2))
            throw new ArgumentException($"text features are {text_feat.size(2)}-d but video features {video_feat.size(2)}-d");
    }

    public override string extra_repr() => interaction == Interaction.wti ? $"interaction=wti, wti_arch={wti_arch}" : $"interaction={interaction}";
}
