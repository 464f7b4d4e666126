using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Models.Heads;

/// <summary>
/// The arithmetic of DRL's token-wise interactions (foolwood/DRL tvr/models/modeling.py, <c>wti_interaction</c>), on
/// normalised token features t [Bt, Lt, D] with mask mt [Bt, Lt] and normalised frame features v [Bv, Lv, D] with mask
/// mv [Bv, Lv]. The full [Bt, Bv, Lt, Lv] similarity is never built at once for evaluation: it is computed in blocks of
/// <c>text_chunk</c> x <c>video_chunk</c> pairs and reduced right away.
/// </summary>
public static class TokenSimilarity
{
    /// <summary>
    /// The masked token-by-frame similarities s[a, b, t, v] = &lt;t(a, t), v(b, v)&gt; mt[a, t] mv[b, v]: masked entries are
    /// 0, not -inf, as in the reference (so a word whose valid frames all score below 0 has max 0).
    /// </summary>
    public static Tensor TokenFrame(Tensor t, Tensor mt, Tensor v, Tensor mv)
    {
        using var scope = NewDisposeScope();
        var s = einsum("atd,bvd->abtv", t, v);                                      // <t(a,t), v(b,v)>
        s = s * mt.to(s.dtype).view(mt.size(0), 1, mt.size(1), 1) * mv.to(s.dtype).view(1, mv.size(0), 1, mv.size(1));
        return scope.MoveToOuter(s);
    }

    /// <summary>
    /// The token-by-frame similarities of each caption with its own video, [B, Lt, Lv] (the diagonal a = b of
    /// <see cref="TokenFrame"/>, without the off-diagonal pairs): what CDCR's argmax rows are chosen from.
    /// </summary>
    public static Tensor Positives(Tensor t, Tensor mt, Tensor v, Tensor mv)
    {
        using var scope = NewDisposeScope();
        var s = t.bmm(v.transpose(1, 2));                                             // <t(a,t), v(a,v)>
        s = s * mt.to(s.dtype).unsqueeze(2) * mv.to(s.dtype).unsqueeze(1);
        return scope.MoveToOuter(s);
    }

    /// <summary>
    /// TI or WTI scores S [Bt, Bv] in blocks. TI: t2v = sum_t max_v s / |valid tokens|, v2t = sum_v max_t s / |valid
    /// frames|. WTI: t2v = sum_t w_t max_v s, v2t = sum_v w_v max_t s. S = (t2v + v2t) / 2.
    /// </summary>
    /// <param name="text_weight">WTI's word weights [Bt, Lt] (null for TI).</param>
    /// <param name="video_weight">WTI's frame weights [Bv, Lv] (null for TI).</param>
    /// <param name="text_chunk">Captions per block (0: all).</param>
    /// <param name="video_chunk">Videos per block (0: all).</param>
    public static Tensor Scores(Tensor t, Tensor mt, Tensor v, Tensor mv, Tensor? text_weight, Tensor? video_weight,
                                long text_chunk = 0, long video_chunk = 0)
    {
        if ((text_weight is null) != (video_weight is null)) throw new ArgumentException("WTI needs both the word weights and the frame weights (or neither, for TI)");
        long Bt = t.size(0), Bv = v.size(0);
        long ct = text_chunk > 0 ? text_chunk : Math.Max(Bt, 1), cv = video_chunk > 0 ? video_chunk : Math.Max(Bv, 1);
        using var scope = NewDisposeScope();
        var text_sum = mt.to(t.dtype).sum(-1);                                           // valid tokens per caption
        var video_sum = mv.to(v.dtype).sum(-1);                                          // valid frames per video
        // Positions after the last valid one of every row of a block are cut from that block (short captions cost
        // less). A padded position contributes a 0 to the max over its side (masked entries are 0, not -inf), so a
        // row that had any padding keeps that 0 as a floor: max_v s = max(max over the kept v, 0).
        var text_end = LastValid(mt);
        var video_end = LastValid(mv);
        var text_floor = Floor(text_sum, mt.size(1), t.dtype);                            // 0 where padded, -inf elsewhere
        var video_floor = Floor(video_sum, mv.size(1), v.dtype);
        var rows = new List<Tensor>();
        for (long a0 = 0; a0 < Bt; a0 += ct)
        {
            int a1 = (int)Math.Min(Bt, a0 + ct);
            int lt = (int)text_end[(int)a0..a1].Max();
            var blocks = new List<Tensor>();
            for (long b0 = 0; b0 < Bv; b0 += cv)
            {
                int b1 = (int)Math.Min(Bv, b0 + cv);
                int lv = (int)video_end[(int)b0..b1].Max();
                using var block = NewDisposeScope();
                var s = TokenFrame(t[(int)a0..a1, ..lt], mt[(int)a0..a1, ..lt], v[(int)b0..b1, ..lv], mv[(int)b0..b1, ..lv]);   // [a, b, t, v]
                var best_frame = s.amax(-1).maximum(video_floor[(int)b0..b1].view(1, -1, 1));   // max_v s: [a, b, t]
                var best_token = s.amax(-2).maximum(text_floor[(int)a0..a1].view(-1, 1, 1));    // max_t s: [a, b, v]
                Tensor t2v, v2t;
                if (text_weight is null)
                {
                    t2v = best_frame.sum(2) / text_sum[(int)a0..a1].unsqueeze(1);        // t2v = sum_t max_v s / n_t
                    v2t = best_token.sum(2) / video_sum[(int)b0..b1].unsqueeze(0);       // v2t = sum_v max_t s / n_v
                }
                else
                {
                    t2v = einsum("abt,at->ab", best_frame, text_weight[(int)a0..a1, ..lt]);     // t2v = sum_t w_t max_v s
                    v2t = einsum("abv,bv->ab", best_token, video_weight![(int)b0..b1, ..lv]);  // v2t = sum_v w_v max_t s
                }
                blocks.Add(block.MoveToOuter((t2v + v2t) / 2.0));                       // S = (t2v + v2t) / 2
            }
            rows.Add(blocks.Count == 1 ? blocks[0] : cat(blocks, 1));
        }
        return scope.MoveToOuter(rows.Count == 1 ? rows[0] : cat(rows, 0));
    }

    /// <summary>For each row of a 0/1 mask [B, L], one past its last valid position.</summary>
    static long[] LastValid(Tensor mask)
    {
        using var scope = NewDisposeScope();
        var positions = arange(1, mask.size(1) + 1, dtype: ScalarType.Int64, device: mask.device);
        return (mask.ne(0).to(ScalarType.Int64) * positions).amax(-1).cpu().ToArray<long>();
    }

    /// <summary>0 for rows with padding (their masked entries put a 0 into every max), -inf for full rows.</summary>
    static Tensor Floor(Tensor valid, long length, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(where(valid.lt(length), 0.0, double.NegativeInfinity).to(dtype));
    }

    /// <summary>
    /// The caption vector DP and XTI use: the token at index sum(mask) - 1 of every caption (its EOT with CLIP4Clip's
    /// masks), [B, Lt, D] -> [B, D] (the reference's <c>get_text_sep_feat</c>).
    /// </summary>
    public static Tensor SentenceToken(Tensor tokens, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long B = tokens.size(0), D = tokens.size(2);
        var last = (mask.to(ScalarType.Int64).sum(-1) - 1).view(B, 1, 1).expand(B, 1, D);    // index sum(mask) - 1
        return scope.MoveToOuter(tokens.gather(1, last).squeeze(1));
    }

    /// <summary>Checks features [B, L, D] against their 0/1 mask [B, L], and that every row has a valid position.</summary>
    public static void CheckMask(Tensor features, Tensor mask, string what)
    {
        if (features.dim() != 3) throw new ArgumentException($"{what} features must be [B, L, D], got {Tensor.ShapeString(features.shape)}");
        if (mask.dim() != 2 || mask.size(0) != features.size(0) || mask.size(1) != features.size(1))
            throw new ArgumentException($"the {what} mask must be [B, L] = [{features.size(0)}, {features.size(1)}] for {what} features {Tensor.ShapeString(features.shape)}, got {Tensor.ShapeString(mask.shape)}");
        using var scope = NewDisposeScope();
        var m = mask.to(ScalarType.Float64);
        if (!m.eq(0).logical_or(m.eq(1)).all().item<bool>())
            throw new ArgumentException($"the {what} mask must hold only 0 and 1");
        var empty = m.sum(-1).eq(0);
        if (empty.any().item<bool>())
            throw new ArgumentException($"the {what} mask has no valid position in row {empty.to(ScalarType.Int64).argmax().item<long>()} (every {what} needs at least one)");
    }
}
