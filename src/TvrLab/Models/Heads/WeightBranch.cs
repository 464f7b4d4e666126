using TvrLab.Torch;
using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Models.Heads;

/// <summary>DRL's ways of scoring a text-video pair from token features and frame features (its <c>--interaction</c>).</summary>
public enum Interaction
{
    /// <summary>Dot product: the caption's EOT vector against the meanP of the frames (CLIP4Clip's meanP).</summary>
    dp,
    /// <summary>Token-wise interaction: every word against every frame, max over the other side, averaged.</summary>
    ti,
    /// <summary>Weighted token-wise interaction: TI with learned softmax weights over words and over frames.</summary>
    wti,
    /// <summary>Cross transformer interaction: the EOT vector and the frames through a cross encoder per pair (slow).</summary>
    xti,
}

/// <summary>
/// WTI's weight branch (foolwood/DRL tvr/models/modeling.py, <c>text_weight_fc</c> / <c>video_weight_fc</c>): a small
/// network that gives every token (or frame) one unnormalised score; the softmax over the valid ones is its weight.
/// </summary>
public static class WeightBranch
{
    /// <summary>
    /// The reference's <c>--wti_arch</c>: 1 = Linear(D, 1); 2 = Linear(D, D)-ReLU-Linear(D, 1) (every script uses it);
    /// 3 = Linear(D, D)-ReLU-Linear(D, D)-ReLU-Linear(D, 1). State names follow PyTorch's (<c>weight</c> for arch 1,
    /// <c>0.weight</c>, <c>2.weight</c> for arch 2, ...), so DRL checkpoints load key for key.
    /// </summary>
    public static Module<Tensor, Tensor> Create(long width, int arch) => arch switch
    {
        1 => new Linear(width, 1),
        2 => new Sequential(new Linear(width, width), new ReLU(), new Linear(width, 1)),
        3 => new Sequential(new Linear(width, width), new ReLU(), new Linear(width, width), new ReLU(), new Linear(width, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(arch), $"wti_arch must be 1, 2 or 3 (foolwood/DRL), got {arch}"),
    };

    /// <summary>
    /// Softmax weights [B, L] over the valid positions of features [B, L, D] (un-normalised, as the reference feeds
    /// them): w = softmax(fc(x) with padded positions set to -inf). Every row needs at least one valid position.
    /// </summary>
    public static Tensor Weights(Module<Tensor, Tensor> fc, Tensor features, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var logits = fc.forward(features).squeeze(-1);                                   // [B, L]
        logits = logits.masked_fill(mask.eq(0), double.NegativeInfinity);               // padded -> -inf before the softmax
        return scope.MoveToOuter(logits.softmax(-1));                                  // w = softmax_L(fc(x))
    }
}
