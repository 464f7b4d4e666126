using TvrLab.Torch;
using static TvrLab.Torch.torch;
using F = TvrLab.Torch.torch.nn.functional;

namespace TvrLab.Losses;

/// <summary>
/// CLIP's and CLIP4Clip's contrastive loss over a batch of matching text-video pairs: cross-entropy with the diagonal
/// as targets, in both directions (ArrowLuo/CLIP4Clip modules/until_module.py CrossEn, applied to S and S^T).
/// </summary>
public static class SymmetricInfoNCE
{
    /// <summary>ln(100): the largest logit scale CLIP4Clip allows (a temperature of 0.01).</summary>
    public static readonly double LogitScaleMax = Math.Log(100);

    /// <summary>
    /// The loss for a similarity matrix whose row i and column i are a matching pair (rows texts, columns videos),
    /// already scaled: <paramref name="logits"/> = exp(logit_scale) * t_hat v_hat^T.
    /// </summary>
    public static Tensor loss(Tensor logits)
    {
        if (logits.dim() != 2 || logits.size(0) != logits.size(1))
            throw new ArgumentException($"InfoNCE needs a square [B, B] similarity matrix of matching pairs, got {Tensor.ShapeString(logits.shape)}");
        using var scope = NewDisposeScope();
        var targets = arange(logits.size(0), device: logits.device);
        // L = (CE(S, diag) + CE(S^T, diag)) / 2
        var l = (F.cross_entropy(logits, targets) + F.cross_entropy(logits.t(), targets)) / 2;
        return scope.MoveToOuter(l);
    }

    /// <summary>The loss from unnormalised text and video vectors and the learned logit scale: S = exp(logit_scale) * t_hat v_hat^T.</summary>
    public static Tensor loss(Tensor text, Tensor video, Tensor logit_scale)
    {
        using var scope = NewDisposeScope();
        var t = text / text.norm(2, -1, keepdim: true);
        var v = video / video.norm(2, -1, keepdim: true);
        return scope.MoveToOuter(loss(logit_scale.exp() * t.matmul(v.t())));
    }

    /// <summary>
    /// Clamps the learned logit scale in place to at most <paramref name="max"/> (ln 100 by default), as CLIP4Clip does
    /// after every optimiser step: <c>torch.clamp_(model.clip.logit_scale.data, max=np.log(100))</c>.
    /// </summary>
    public static void clamp_logit_scale_(Tensor logit_scale, double? max = null)
    {
        using var _ = no_grad();
        logit_scale.clamp_(max: max ?? LogitScaleMax);
    }
}
