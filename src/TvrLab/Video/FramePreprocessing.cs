using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Video;

/// <summary>How a frame is brought to the model's square input.</summary>
public enum FrameResize
{
    /// <summary>CLIP4Clip/DRL (CLIP's own transform): resize the short side to Size, then centre-crop Size x Size.</summary>
    ShortSideCenterCrop,
    /// <summary>CLIP-ViP: resize to Size x Size, ignoring the aspect ratio.</summary>
    Stretch,
}

/// <summary>
/// Frame preprocessing in libtorch: bicubic resize with antialiasing (as PIL's, which CLIP's transform uses), crop,
/// rounding to 8 bits (PIL works on 8-bit images; the frame cache stores this), and CLIP's normalisation at load time.
/// </summary>
public sealed record FramePreprocessing(int Size = 224, FrameResize Resize = FrameResize.ShortSideCenterCrop)
{
    /// <summary>CLIP's image mean and standard deviation per RGB channel.</summary>
    public static readonly float[] ClipMean = [0.48145466f, 0.4578275f, 0.40821073f];
    public static readonly float[] ClipStd = [0.26862954f, 0.26130258f, 0.27577711f];

    public static FramePreprocessing Clip4Clip { get; } = new(224, FrameResize.ShortSideCenterCrop);
    public static FramePreprocessing ClipVip { get; } = new(224, FrameResize.Stretch);

    /// <summary>
    /// The resized size and the crop's top-left corner for a <paramref name="height"/> x <paramref name="width"/> frame.
    /// Short side: torchvision's Resize(int) (long side = int(size * long / short)) and CenterCrop
    /// (offset = round((resized - size) / 2), rounding half to even as Python's round).
    /// </summary>
    public (int Height, int Width, int Top, int Left) Geometry(int height, int width)
    {
        if (Size < 1) throw new ArgumentOutOfRangeException(nameof(Size), "the frame size must be at least 1");
        if (height < 1 || width < 1) throw new ArgumentException($"cannot resize a {width}x{height} frame");
        if (Resize == FrameResize.Stretch) return (Size, Size, 0, 0);
        int h = height <= width ? Size : (int)((long)Size * height / width);
        int w = height <= width ? (int)((long)Size * width / height) : Size;
        return (h, w, (int)Math.Round((h - Size) / 2.0), (int)Math.Round((w - Size) / 2.0));
    }

    /// <summary>RGB frames uint8 [T, H, W, 3] → resized and cropped uint8 [T, 3, Size, Size].</summary>
    public Tensor ToUInt8(Tensor rgb)
    {
        if (rgb.dim() != 4 || rgb.size(3) != 3 || rgb.dtype != uint8)
            throw new ArgumentException($"expected uint8 frames [T, H, W, 3], got {rgb.dtype.PyTorchName()} {Tensor.ShapeString(rgb.shape)}");
        var (h, w, top, left) = Geometry((int)rgb.size(1), (int)rgb.size(2));
        using var scope = NewDisposeScope();
        var chw = rgb.permute(0, 3, 1, 2);
        Tensor result;
        if (h == rgb.size(1) && w == rgb.size(2)) result = chw.narrow(2, top, Size).narrow(3, left, Size).contiguous();
        else
        {
            // One frame at a time keeps the float copy of a large frame small.
            var frames = new List<Tensor>();
            for (long t = 0; t < chw.size(0); t++)
            {
                var x = chw.narrow(0, t, 1).to(float32);
                var y = nn.functional.interpolate(x, (h, w), mode: "bicubic", align_corners: false, antialias: true);
                frames.Add(y.narrow(2, top, Size).narrow(3, left, Size).clamp(0, 255).round().to(uint8));
            }
            result = frames.Count == 1 ? frames[0].contiguous() : cat(frames, 0);
        }
        return scope.MoveToOuter(result);
    }

    /// <summary>uint8 frames [..., 3, H, W] → float32 (x / 255 - mean) / std, CLIP's normalisation.</summary>
    public static Tensor Normalize(Tensor frames)
    {
        using var scope = NewDisposeScope();
        var mean = tensor(ClipMean, [3, 1, 1], device: frames.device);
        var std = tensor(ClipStd, [3, 1, 1], device: frames.device);
        return scope.MoveToOuter((frames.to(float32) / 255.0 - mean) / std);
    }
}
