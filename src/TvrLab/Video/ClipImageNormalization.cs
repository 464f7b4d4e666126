using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Video;

/// <summary>
/// CLIP's image normalisation of cached uint8 frames, on whatever device the frames are (move the uint8 batch to the
/// GPU first: a quarter of the bytes of float32). The mean and std are <see cref="FramePreprocessing.ClipMean"/> and
/// <see cref="FramePreprocessing.ClipStd"/>; <see cref="FramePreprocessing.Normalize"/> is the same formula for one
/// clip, written step by step.
/// </summary>
public static class ClipImageNormalization
{
    /// <summary>
    /// uint8 frames [..., 3, S, S] → float32 (x / 255 - mean) / std per channel. With <paramref name="video_mask"/>
    /// ([B, T] for frames [B, T, 3, S, S]) padded slots become exactly 0, as in CLIP4Clip's zero-filled video array.
    /// </summary>
    public static Tensor Apply(Tensor video, Tensor? video_mask = null)
    {
        if (video.dtype != uint8 || video.dim() < 3 || video.size(-3) != 3)
            throw new ArgumentException($"expected uint8 frames [..., 3, S, S], got {video.dtype.PyTorchName()} {Tensor.ShapeString(video.shape)}", nameof(video));
        if (video_mask is not null && (video.dim() != 5 || video_mask.dim() != 2 || video_mask.size(0) != video.size(0) || video_mask.size(1) != video.size(1)))
            throw new ArgumentException($"video_mask {Tensor.ShapeString(video_mask.shape)} does not match frames {Tensor.ShapeString(video.shape)} (expected [B, T] for [B, T, 3, S, S])", nameof(video_mask));
        using var scope = NewDisposeScope();
        // (x / 255 - mean) / std = x * scale + shift, scale = 1 / (255 std), shift = -mean / std: one float32 buffer, updated in place.
        var scale = FramePreprocessing.ClipStd.Select(s => (float)(1.0 / (255.0 * s))).ToArray();
        var shift = FramePreprocessing.ClipMean.Zip(FramePreprocessing.ClipStd, (m, s) => (float)(-m / (double)s)).ToArray();
        var x = video.to(float32);
        x.mul_(tensor(scale, [3, 1, 1], device: video.device)).add_(tensor(shift, [3, 1, 1], device: video.device));
        if (video_mask is not null)
            x.mul_(video_mask.to(float32).view(video_mask.size(0), video_mask.size(1), 1, 1, 1));
        return scope.MoveToOuter(x);
    }
}
