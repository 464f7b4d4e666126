using TvrLab.Torch;
using static TvrLab.Torch.torch;
using F = TvrLab.Torch.torch.nn.functional;

namespace TvrLab.Models;

/// <summary>Mixed-precision rules shared by the towers and heads.</summary>
public static class Precision
{
    /// <summary>
    /// LayerNorm computed in its parameters' dtype: under bf16 autocast the fp32 master weights normalise an fp32 copy
    /// of a bf16 input, as CUDA autocast does for layer_norm and OpenAI's fp16-safe LayerNorm subclass does by hand (the
    /// CPU autocast of libtorch 1.13 would otherwise reject the mixed dtypes). A no-op when the dtypes agree.
    /// </summary>
    public static Tensor layer_norm(nn.LayerNorm ln, Tensor x) =>
        ln.weight is { } w && w.dtype != x.dtype ? ln.forward(x.to(w.dtype)) : ln.forward(x);
}

/// <summary>
/// CLIP's pre-LN residual attention block (openai/CLIP clip/model.py ResidualAttentionBlock), with its state names:
/// <c>attn.in_proj_weight</c> (W_q, W_k, W_v stacked), <c>attn.in_proj_bias</c>, <c>attn.out_proj</c>, <c>ln_1</c>,
/// <c>mlp.c_fc</c>, <c>mlp.c_proj</c>, <c>ln_2</c>. The same block, with LayerNorm eps 1e-12, is CLIP4Clip's
/// <c>transformerClip</c> and cross encoder (ArrowLuo/CLIP4Clip modules/module_cross.py, whose TF-style LayerNorm
/// defaults to 1e-12).
/// </summary>
/// <remarks>
/// Activations are batch-first [B, L, width] (OpenAI permutes to [L, B, width] for nn.MultiheadAttention; the
/// arithmetic is the same). Attention runs through scaled_dot_product_attention with <c>attn</c>'s parameters, so a
/// causal mask is never materialised (is_causal) and a key mask is a [B, 1, 1, L] additive row broadcast over heads
/// and queries, on libtorch 2 taking the fused kernels.
/// </remarks>
public sealed class ResidualAttentionBlock : nn.Module
{
    public readonly long d_model, n_head;
    public nn.MultiheadAttention attn;
    public nn.LayerNorm ln_1;
    public nn.Sequential mlp;
    public nn.LayerNorm ln_2;

    /// <param name="d_model">Width of the residual stream.</param>
    /// <param name="n_head">Attention heads (d_model must divide by it).</param>
    /// <param name="eps">LayerNorm epsilon: 1e-5 in CLIP, 1e-12 in CLIP4Clip's temporal and cross transformers.</param>
    public ResidualAttentionBlock(long d_model, long n_head, double eps = 1e-5)
    {
        this.d_model = d_model;
        this.n_head = n_head;
        attn = new nn.MultiheadAttention(d_model, n_head);
        ln_1 = new nn.LayerNorm(d_model, eps);
        mlp = new nn.Sequential(("c_fc", new nn.Linear(d_model, d_model * 4)), ("gelu", new nn.QuickGELU()), ("c_proj", new nn.Linear(d_model * 4, d_model)));
        ln_2 = new nn.LayerNorm(d_model, eps);
    }

    /// <summary>x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
    /// <param name="x">[B, L, d_model].</param>
    /// <param name="key_mask">Optional additive mask broadcastable to [B, heads, L, L] (e.g. [B, 1, 1, L] with -1e6 on padded keys).</param>
    /// <param name="causal">Each position attends to itself and earlier positions only (CLIP's text tower).</param>
    public Tensor forward(Tensor x, Tensor? key_mask = null, bool causal = false)
    {
        using var scope = NewDisposeScope();
        x = x + attention(Precision.layer_norm(ln_1, x), key_mask, causal);
        x = x + mlp.forward(Precision.layer_norm(ln_2, x));
        return scope.MoveToOuter(x);
    }

    /// <summary>Multi-head self-attention: head_i = softmax(Q_i K_i^T / sqrt(d_head) + mask) V_i, then out_proj.</summary>
    Tensor attention(Tensor x, Tensor? key_mask, bool causal)
    {
        long B = x.size(0), L = x.size(1), H = n_head, d_head = d_model / n_head;
        var qkv = F.linear(x, attn.in_proj_weight, attn.in_proj_bias).view(B, L, 3, H, d_head).permute(2, 0, 3, 1, 4);  // [3, B, H, L, d_head]
        var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
        // SDPA wants the mask in the query's dtype (bf16 under autocast) or bool.
        var mask = key_mask is null || key_mask.dtype == q.dtype ? key_mask : key_mask.to(q.dtype);
        var heads = F.scaled_dot_product_attention(q, k, v, mask, is_causal: causal);   // [B, H, L, d_head]
        return attn.out_proj.forward(heads.transpose(1, 2).reshape(B, L, d_model));
    }

    public override string extra_repr() => $"d_model={d_model}, n_head={n_head}, eps={Py(ln_1.eps)}";
}

/// <summary>A stack of <see cref="ResidualAttentionBlock"/>s named <c>resblocks.N</c>, as CLIP's Transformer.</summary>
public sealed class Transformer : nn.Module
{
    public readonly long width, layers, heads;
    public nn.ModuleList<ResidualAttentionBlock> resblocks;

    public Transformer(long width, long layers, long heads, double eps = 1e-5)
    {
        this.width = width;
        this.layers = layers;
        this.heads = heads;
        resblocks = new nn.ModuleList<ResidualAttentionBlock>(Enumerable.Range(0, (int)layers).Select(_ => new ResidualAttentionBlock(width, heads, eps)));
    }

    /// <summary>Runs every block on x [B, L, width]; see <see cref="ResidualAttentionBlock.forward"/> for the masks.</summary>
    public Tensor forward(Tensor x, Tensor? key_mask = null, bool causal = false)
    {
        using var scope = NewDisposeScope();
        foreach (var block in resblocks) x = block.forward(x, key_mask, causal);
        return scope.MoveToOuter(x);
    }

    /// <summary>
    /// A padding mask as CLIP4Clip builds it for its temporal and cross transformers: (1 - mask) * -1e6 on each key,
    /// shaped [B, 1, 1, L] so that it broadcasts over heads and queries (CLIP4Clip expands it to [B, L, L]).
    /// </summary>
    /// <param name="mask">[B, L], 1 for a valid position and 0 for padding (any dtype).</param>
    /// <param name="dtype">The dtype of the activations.</param>
    public static Tensor KeyPaddingMask(Tensor mask, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var additive = (1.0 - mask.to(dtype)) * -1e6;   // extended_mask = (1 - mask) * -1e6
        return scope.MoveToOuter(additive.view(mask.size(0), 1, 1, mask.size(1)));
    }

    /// <summary>
    /// OpenAI's initialisation of the text transformer (CLIP.initialize_parameters): in_proj ~ N(0, width^-1/2),
    /// out_proj and c_proj ~ N(0, width^-1/2 (2 layers)^-1/2), c_fc ~ N(0, (2 width)^-1/2).
    /// </summary>
    public void initialize_parameters()
    {
        var proj_std = Math.Pow(width, -0.5) * Math.Pow(2 * layers, -0.5);
        var attn_std = Math.Pow(width, -0.5);
        var fc_std = Math.Pow(2 * width, -0.5);
        foreach (var block in resblocks)
        {
            nn.init.normal_(block.attn.in_proj_weight, std: attn_std);
            nn.init.normal_(block.attn.out_proj.weight, std: proj_std);
            nn.init.normal_(((nn.Linear)block.mlp[0]).weight, std: fc_std);
            nn.init.normal_(((nn.Linear)block.mlp[2]).weight, std: proj_std);
        }
    }

    public override string extra_repr() => $"width={width}, layers={layers}, heads={heads}";
}
