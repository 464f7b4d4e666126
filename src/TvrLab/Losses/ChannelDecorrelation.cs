using TvrLab.Models.Heads;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Losses;

/// <summary>
/// CDCR's settings (foolwood/DRL main.py <c>--cdcr</c>, <c>--cdcr_alpha1</c>, <c>--cdcr_alpha2</c>, <c>--cdcr_lambda</c>).
/// </summary>
/// <param name="mode">0 off; 1 pooled vectors (DP) or one random valid token and frame per item (TI/WTI); 2 every valid
/// token with its argmax frame and every valid frame with its argmax word, positives only; 3 mode 2 weighted by WTI's
/// weights.</param>
/// <param name="alpha1">Weight of the diagonal term sum_i (C_ii - 1)^2.</param>
/// <param name="alpha2">Weight of the off-diagonal term sum_{i != j} C_ij^2 (0 in every reference script).</param>
/// <param name="lambda">Weight of CDCR in the total loss (1e-3 in every reference script).</param>
public sealed record CdcrSettings(int mode, double alpha1, double alpha2 = 0, double lambda = 1e-3)
{
    /// <summary>Off: no regulariser.</summary>
    public static CdcrSettings Off { get; } = new(0, 0);

    public bool enabled => mode != 0;

    /// <summary>The reference scripts' settings for an interaction (scripts/msrvtt.sh, ViT-B/32): DP mode 1 with
    /// alpha1 0.14, TI mode 2 with 0.16, WTI mode 3 with 0.14 (0.11 in the README's B/16 run); lambda 1e-3, alpha2 0.</summary>
    public static CdcrSettings For(Interaction interaction) => interaction switch
    {
        Interaction.dp => new(1, 0.14),
        Interaction.ti => new(2, 0.16),
        Interaction.wti => new(3, 0.14),
        _ => throw new ArgumentException("DRL defines no CDCR for XTI (its interaction returns a CDCR loss of 0)"),
    };

    /// <summary>Throws when the settings do not fit the interaction.</summary>
    public void Validate(Interaction interaction)
    {
        if (mode is < 0 or > 3) throw new ArgumentOutOfRangeException(nameof(mode), $"CDCR mode must be 0 (off), 1, 2 or 3, got {mode}");
        if (!enabled) return;
        if (interaction == Interaction.xti) throw new ArgumentException("CDCR is not defined for XTI (foolwood/DRL's xti_interaction returns 0); use cdcr 0");
        if (mode == 3 && interaction != Interaction.wti) throw new ArgumentException($"CDCR mode 3 weights rows by WTI's weights; interaction {interaction} has none (use mode 1 or 2)");
        if (alpha1 < 0 || alpha2 < 0 || lambda < 0) throw new ArgumentException($"CDCR weights must be non-negative (alpha1 {alpha1}, alpha2 {alpha2}, lambda {lambda})");
    }
}

/// <summary>
/// DRL's channel decorrelation regularisation, CDCR (foolwood/DRL tvr/models/modeling.py, <c>dp_interaction</c> and
/// <c>wti_interaction</c>): rows of text features and matching rows of video features are z-scored per channel, their
/// channel cross-correlation C = z_a^T z_b / N (D x D) is pushed towards the identity:
/// L = alpha1 * sum_i (C_ii - 1)^2 + alpha2 * sum_{i != j} C_ij^2.
/// </summary>
/// <remarks>
/// The z-score uses the unbiased std, as the reference (<c>x.std(0)</c>), with one guard the reference lacks:
/// z = (x - mean_0) / sqrt(var_0 + eps^2), eps = <see cref="StdEpsilon"/>. Where var &gt;&gt; eps^2 this is the reference's value
/// to a relative 1e-10 / var (the golden cases pass at 1e-6); a constant channel (std 0, which happens in a tiny model
/// or a small batch) gives z = 0 with a finite gradient instead of 0 / 0 = NaN that would poison the whole step.
/// With fewer than 2 rows the unbiased variance is undefined and the loss is 0.
/// </remarks>
public static class ChannelDecorrelation
{
    /// <summary>The std floor of the guarded z-score (see the class remarks).</summary>
    public const double StdEpsilon = 1e-5;

    /// <summary>Per-channel z-score over rows [N, D]: z = (x - mean_0) / sqrt(var_0 + eps^2), unbiased var.</summary>
    public static Tensor zscore(Tensor x, double eps = StdEpsilon)
    {
        using var scope = NewDisposeScope();
        var std = (x.var(0, unbiased: true) + eps * eps).sqrt();                    // ~ x.std(0), never 0
        return scope.MoveToOuter((x - x.mean(0)) / std);
    }

    /// <summary>
    /// The cross-correlation C = z_a^T z_b / n (D x D) of z-scored rows [N, D]; with row weights w [N],
    /// C = (w * z_a)^T z_b / n, a weighted matmul (never the N x D x D tensor). n defaults to N.
    /// </summary>
    public static Tensor cross_correlation(Tensor z_a, Tensor z_b, Tensor? weights = null, double? n = null)
    {
        if (z_a.dim() != 2 || !z_a.shape.SequenceEqual(z_b.shape))
            throw new ArgumentException($"CDCR needs two row matrices of the same shape [N, D], got {Tensor.ShapeString(z_a.shape)} and {Tensor.ShapeString(z_b.shape)}");
        if (weights is not null && (weights.dim() != 1 || weights.size(0) != z_a.size(0)))
            throw new ArgumentException($"CDCR row weights must be [N] = [{z_a.size(0)}], got {Tensor.ShapeString(weights.shape)}");
        using var scope = NewDisposeScope();
        var a = weights is null ? z_a : z_a * weights.to(z_a.dtype).unsqueeze(1);
        return scope.MoveToOuter(a.t().matmul(z_b) / (n ?? z_a.size(0)));           // C = (w z_a)^T z_b / n
    }

    /// <summary>L = alpha1 * sum_i (C_ii - 1)^2 + alpha2 * sum_{i != j} C_ij^2.</summary>
    public static Tensor loss(Tensor c, double alpha1, double alpha2)
    {
        using var scope = NewDisposeScope();
        long D = c.size(0);
        var on_diag = (c.diagonal() - 1).pow(2).sum();                                 // sum_i (C_ii - 1)^2
        var off_diag = (c * (1 - eye(D, dtype: c.dtype, device: c.device))).pow(2).sum();   // sum_{i != j} C_ij^2
        return scope.MoveToOuter(on_diag * alpha1 + off_diag * alpha2);
    }

    /// <summary>CDCR of matching rows a[i] ~ b[i]: loss(C(z(a), z(b))); 0 with fewer than two rows.</summary>
    public static Tensor Rows(Tensor a, Tensor b, double alpha1, double alpha2)
    {
        if (a.size(0) < 2) return zeros([], a.dtype, a.device);
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(loss(cross_correlation(zscore(a), zscore(b)), alpha1, alpha2));
    }

    /// <summary>C = z(text)^T z(video) / B for pooled rows [B, D] (DP's CDCR).</summary>
    public static Tensor PooledCorrelation(Tensor text, Tensor video)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(cross_correlation(zscore(text), zscore(video)));
    }

    /// <summary>DP's CDCR (any mode): the normalised caption vectors [B, D] against the normalised pooled videos [B, D].</summary>
    public static Tensor Pooled(Tensor text, Tensor video, CdcrSettings settings) => Rows(text, video, settings.alpha1, settings.alpha2);

    /// <summary>
    /// TI's and WTI's CDCR on normalised tokens t [B, Lt, D] and frames v [B, Lv, D] of matching pairs (caption i with
    /// video i): loss(<see cref="TokenCorrelation"/>); 0 when there are fewer than two rows.
    /// </summary>
    public static Tensor Tokens(Tensor t, Tensor mt, Tensor v, Tensor mv, CdcrSettings settings, Tensor? text_weight = null, Tensor? video_weight = null)
    {
        using var scope = NewDisposeScope();
        var c = TokenCorrelation(t, mt, v, mv, settings.mode, text_weight, video_weight);
        return scope.MoveToOuter(c is null ? zeros([], t.dtype, t.device) : loss(c, settings.alpha1, settings.alpha2));
    }

    /// <summary>
    /// The channel cross-correlation C (D x D) that CDCR pushes towards the identity, for normalised tokens t [B, Lt, D]
    /// and frames v [B, Lv, D] of matching pairs. Mode 1: one random valid token and one random valid frame per pair.
    /// Mode 2: C = (C1 + C2) / 2 with C1 over every valid token and its argmax frame in its own video, C2 over every valid
    /// frame and its argmax token in its own caption. Mode 3: as mode 2 with each row weighted by its WTI weight and
    /// n = B. Null when there are fewer than two rows.
    /// </summary>
    public static Tensor? TokenCorrelation(Tensor t, Tensor mt, Tensor v, Tensor mv, int mode, Tensor? text_weight = null, Tensor? video_weight = null)
    {
        if (t.size(0) != v.size(0)) throw new ArgumentException($"CDCR pairs caption i with video i: {t.size(0)} captions, {v.size(0)} videos");
        using var scope = NewDisposeScope();
        if (mode == 1)
        {
            // one random valid position per item: index = floor(U * n), U ~ U[0, 1) (the reference: randint % n)
            Tensor Pick(Tensor x, Tensor m)
            {
                var n = m.to(ScalarType.Float64).sum(-1);
                var index = (rand([x.size(0)], ScalarType.Float64, x.device) * n).floor().to(ScalarType.Int64);
                index = index.minimum((n - 1).to(ScalarType.Int64));
                return x.gather(1, index.view(-1, 1, 1).expand(x.size(0), 1, x.size(2))).squeeze(1);
            }
            if (t.size(0) < 2) return null;
            return scope.MoveToOuter(cross_correlation(zscore(Pick(t, mt)), zscore(Pick(v, mv))));
        }
        if (mode is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(mode), $"CDCR mode must be 1, 2 or 3 here, got {mode}");
        if (mode == 3 && (text_weight is null || video_weight is null)) throw new ArgumentException("CDCR mode 3 needs WTI's word and frame weights");
        long B = t.size(0), Lt = t.size(1), Lv = v.size(1), D = t.size(2);
        var s = TokenSimilarity.Positives(t, mt, v, mv);                           // [B, Lt, Lv], own video only
        var best_frame = s.argmax(-1);                                             // argmax_v s[a, a, t, v]: [B, Lt]
        var best_token = s.argmax(-2);                                             // argmax_t s[a, a, t, v]: [B, Lv]
        var max_v_feat = v.gather(1, best_frame.unsqueeze(-1).expand(B, Lt, D));   // the best frame of each token
        var max_t_feat = t.gather(1, best_token.unsqueeze(-1).expand(B, Lv, D));   // the best token of each frame
        var tm = mt.ne(0);
        var vm = mv.ne(0);
        Tensor Valid(Tensor x, Tensor m) => x.masked_select(m.unsqueeze(-1)).view(-1, D);
        var t_feat = Valid(t, tm);
        var v_feat = Valid(v, vm);
        var t_best = Valid(max_v_feat, tm);
        var v_best = Valid(max_t_feat, vm);
        if (t_feat.size(0) < 2 || v_feat.size(0) < 2) return null;
        Tensor c1, c2;
        if (mode == 2)
        {
            c1 = cross_correlation(zscore(t_feat), zscore(t_best));                       // C1 = z(t)^T z(best v) / N_t
            c2 = cross_correlation(zscore(v_feat), zscore(v_best));                       // C2 = z(v)^T z(best t) / N_v
        }
        else
        {
            var wt = text_weight!.masked_select(tm);
            var wv = video_weight!.masked_select(vm);
            c1 = cross_correlation(zscore(t_feat), zscore(t_best), wt, B);                // C1 = (w_t z(t))^T z(best v) / B
            c2 = cross_correlation(zscore(v_feat), zscore(v_best), wv, B);                // C2 = (w_v z(v))^T z(best t) / B
        }
        return scope.MoveToOuter((c1 + c2) / 2.0);                                         // C = (C1 + C2) / 2
    }
}
