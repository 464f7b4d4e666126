using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Models.Heads;

/// <summary>
/// CLIP4Clip's parameter-free video aggregation (ArrowLuo/CLIP4Clip modules/modeling.py, _loose_similarity and
/// _mean_pooling_for_similarity_visual): every frame normalised, the valid frames averaged, the mean normalised.
/// </summary>
public static class MeanPooling
{
    /// <summary>
    /// The masked mean over frames: sum_t m_t v_t / max(sum_t m_t, 1) (CLIP4Clip sets an all-padding video's count to 1).
    /// </summary>
    /// <param name="frames">[B, T, D].</param>
    /// <param name="mask">[B, T], 1 for a valid frame and 0 for padding (any dtype).</param>
    public static Tensor masked_mean(Tensor frames, Tensor mask)
    {
        CheckMask(frames, mask);
        using var scope = NewDisposeScope();
        var m = mask.to(frames.dtype).unsqueeze(-1);                   // [B, T, 1]
        var count = m.sum(1).clamp(min: 1);                               // [B, 1]
        return scope.MoveToOuter((frames * m).sum(1) / count);
    }

    /// <summary>meanP: v = norm(masked_mean(norm(v_t))), [B, T, D] -> [B, D] unit vectors.</summary>
    public static Tensor meanP(Tensor frames, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var pooled = masked_mean(normalize(frames), mask);
        return scope.MoveToOuter(normalize(pooled));
    }

    /// <summary>x / ||x|| along the last dim, written as CLIP4Clip writes it (no epsilon).</summary>
    public static Tensor normalize(Tensor x)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(x / x.norm(2, -1, keepdim: true));
    }

    internal static void CheckMask(Tensor frames, Tensor mask)
    {
        if (frames.dim() != 3) throw new ArgumentException($"frame features must be [B, T, D], got {Tensor.ShapeString(frames.shape)}");
        if (mask.dim() != 2 || mask.size(0) != frames.size(0) || mask.size(1) != frames.size(1))
            throw new ArgumentException($"the video mask must be [B, T] = [{frames.size(0)}, {frames.size(1)}] for frames {Tensor.ShapeString(frames.shape)}, got {Tensor.ShapeString(mask.shape)}");
    }
}
