using TvrLab.Torch;
using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Models;

/// <summary>What the vision tower returns for a batch of images.</summary>
/// <param name="Embeds">[N, embed_dim]: ln_post(class token) @ proj, not normalised.</param>
/// <param name="Hidden">[N, 1 + grid^2, width]: the last block's output (before ln_post), as Hugging Face's last_hidden_state.</param>
public sealed record ImageFeatures(Tensor Embeds, Tensor Hidden) : IDisposable
{
    public void Dispose()
    {
        Embeds.Dispose();
        Hidden.Dispose();
    }
}

/// <summary>
/// CLIP's ViT image encoder (openai/CLIP clip/model.py VisionTransformer): patches by a bias-free convolution
/// <c>conv1</c>, a learned <c>class_embedding</c> prepended, <c>positional_embedding</c> added, <c>ln_pre</c>, the
/// pre-LN <c>transformer</c>, <c>ln_post</c> on the class token, then <c>proj</c>. With <c>linear_patch</c> "3d" it
/// also has CLIP4Clip's <c>conv2</c>, a Conv3d with kernel (3, P, P) over neighbouring frames
/// (ArrowLuo/CLIP4Clip modules/module_clip.py VisualTransformer), used instead of conv1.
/// </summary>
public sealed class VisionTransformer : Module
{
    public readonly long input_resolution, patch_size, width, output_dim;
    public readonly string linear_patch;
    public Conv2d conv1;
    public Parameter class_embedding;
    public Parameter positional_embedding;
    public LayerNorm ln_pre;
    public Transformer transformer;
    public LayerNorm ln_post;
    public Parameter proj;
    public Conv3d? conv2;

    public VisionTransformer(long input_resolution, long patch_size, long width, long layers, long heads, long output_dim, string linear_patch = "2d")
    {
        if (input_resolution % patch_size != 0)
            throw new ArgumentException($"image_resolution {input_resolution} is not a multiple of the patch size {patch_size}");
        if (linear_patch is not ("2d" or "3d")) throw new ArgumentException($"linear_patch must be \"2d\" or \"3d\", not \"{linear_patch}\"");
        this.input_resolution = input_resolution;
        this.patch_size = patch_size;
        this.width = width;
        this.output_dim = output_dim;
        this.linear_patch = linear_patch;
        conv1 = new Conv2d(3, width, patch_size, stride: patch_size, bias: false);
        var scale = Math.Pow(width, -0.5);
        var grid = input_resolution / patch_size;
        using (var scope = NewDisposeScope())
        {
            class_embedding = new Parameter(randn(width) * scale);
            positional_embedding = new Parameter(randn(grid * grid + 1, width) * scale);
            proj = new Parameter(randn(width, output_dim) * scale);
        }
        ln_pre = new LayerNorm(width);
        transformer = new Transformer(width, layers, heads);
        ln_post = new LayerNorm(width);
        if (linear_patch == "3d")
        {
            conv2 = new Conv3d(3, width, [3, patch_size, patch_size], stride: [1, patch_size, patch_size], padding: [1, 0, 0], bias: false);
            init_conv2_from_conv1();
        }
    }

    /// <summary>
    /// CLIP4Clip's initialisation of the 3-D patch embedding from CLIP's 2-D one: conv1's kernel as the centre time slice,
    /// zeros on the slices before and after, so that at the start every frame is embedded exactly as by conv1.
    /// </summary>
    public void init_conv2_from_conv1()
    {
        if (conv2 is null) throw new InvalidOperationException("init_conv2_from_conv1: this vision transformer has no 3-D patch embedding (linear_patch \"2d\")");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        conv2.weight.copy_(Conv2FromConv1(conv1.weight));
    }

    /// <summary>The 3-D kernel [width, 3, 3, P, P] made from a 2-D one [width, 3, P, P]: zeros, conv1, zeros along time.</summary>
    public static Tensor Conv2FromConv1(Tensor conv1_weight)
    {
        using var scope = NewDisposeScope();
        var centre = conv1_weight.unsqueeze(2);   // [width, 3, 1, P, P]
        var side = zeros_like(centre);
        return scope.MoveToOuter(cat([side, centre, side], 2));
    }

    /// <summary>Encodes images [N, 3, H, W]; with "3d" patches the N images are videos of <paramref name="video_frame"/> frames each, frame-major.</summary>
    public ImageFeatures forward(Tensor x, long video_frame = -1)
    {
        using var scope = NewDisposeScope();
        x = patch_embedding(x, video_frame);                               // [N, width, grid, grid]
        long N = x.size(0);
        x = x.reshape(N, width, -1).permute(0, 2, 1);                       // [N, grid^2, width]
        var cls = class_embedding.to(x.dtype).expand(N, 1, width);
        x = cat([cls, x], 1) + positional_embedding.to(x.dtype);           // [N, 1 + grid^2, width]
        var hidden = transformer.forward(Precision.layer_norm(ln_pre, x));
        var embeds = Precision.layer_norm(ln_post, hidden[.., 0, ..]).matmul(proj);   // x = ln_post(x[:, 0, :]) @ proj
        return new ImageFeatures(scope.MoveToOuter(embeds), scope.MoveToOuter(hidden));
    }

    Tensor patch_embedding(Tensor x, long video_frame)
    {
        if (x.dim() != 4 || x.size(1) != 3)
            throw new ArgumentException($"images must be [N, 3, H, W], got {Tensor.ShapeString(x.shape)}");
        if (x.size(2) != input_resolution || x.size(3) != input_resolution)
            throw new ArgumentException($"images must be {input_resolution} x {input_resolution} pixels for this model, got {x.size(2)} x {x.size(3)}");
        if (conv2 is null) return conv1.forward(x);
        if (video_frame <= 0 || x.size(0) % video_frame != 0)
            throw new ArgumentException($"3-D patches need the frame count of each video (video_frame), and {x.size(0)} images must divide by it; got {video_frame}");
        var clips = x.reshape(-1, video_frame, 3, x.size(2), x.size(3)).permute(0, 2, 1, 3, 4);   // [B, 3, T, H, W]
        var patches = conv2.forward(clips).permute(0, 2, 1, 3, 4);                                   // [B, T, width, grid, grid]
        return patches.reshape(-1, width, patches.size(3), patches.size(4));
    }

    public override string extra_repr() => $"input_resolution={input_resolution}, patch_size={patch_size}, width={width}, output_dim={output_dim}" +
                                            (linear_patch == "3d" ? ", linear_patch='3d'" : "");
}
