using TvrLab.Losses;
using TvrLab.Models;
using TvrLab.Torch;
using static TvrLab.Tests.Models.ModelTestData;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Models;

/// <summary>The CLIP towers' conventions (EOT pooling, causality, shapes), training on the CPU, autocast, 3-D patches.</summary>
public class ClipModelTests
{
    static CLIP Micro(ScalarType dtype = ScalarType.Float32, string linear_patch = "2d")
    {
        manual_seed(11);
        return new CLIP(ClipConfig.Micro with { linear_patch = linear_patch }).to(dtype);
    }

    [Fact]
    public void TextIsPooledAtTheEndOfTextToken()
    {
        using var clip = Micro(float64);
        using var scope = NewDisposeScope();
        var ids = TokenIds(4, 12, 1000, seed: 1);
        var text = clip.encode_text(ids);
        Assert.Equal([4L, 32], text.Sentence.shape);
        Assert.Equal([4L, 12, 32], text.Tokens.shape);
        Assert.Equal([4L, 12, 32], text.Hidden.shape);
        var eot = ids.argmax(-1).ToArray<long>();
        for (int b = 0; b < 4; b++)
            Assert.True(text.Sentence[b].equal(text.Tokens[b, eot[b]]), $"row {b}: the sentence vector is not the token at the EOT position {eot[b]}");
        // tokens = ln_final(hidden) @ text_projection, with ln_final already in Hidden
        Assert.True(text.Tokens.allclose(text.Hidden.matmul(clip.text_projection), 1e-12, 1e-12));
    }

    [Fact]
    public void TextAttentionIsCausal()
    {
        using var clip = Micro(float64);
        using var scope = NewDisposeScope();
        var ids = TokenIds(2, 10, 1000, seed: 2);
        var changed = ids.clone();
        changed[.., 6..] = randint(1, 990, [2, 4]);
        var (a, b) = (clip.encode_text(ids).Hidden, clip.encode_text(changed).Hidden);
        Assert.True(MaxAbsDiff(a[.., ..6], b[.., ..6]) < 1e-12, "a token's features depend on later tokens");
        Assert.True(MaxAbsDiff(a[.., 6..], b[.., 6..]) > 1e-3);
    }

    [Fact]
    public void ImagesGiveEmbeddingsAndHiddenStates()
    {
        using var clip = Micro(float64);
        using var scope = NewDisposeScope();
        var image = clip.encode_image(randn([3, 3, 16, 16], float64));
        Assert.Equal([3L, 32], image.Embeds.shape);
        Assert.Equal([3L, 5, 32], image.Hidden.shape);   // class token + 2 x 2 patches
        var fromHidden = clip.visual.ln_post.forward(image.Hidden[.., 0]).matmul(clip.visual.proj);
        Assert.True(fromHidden.allclose(image.Embeds, 1e-12, 1e-12));
        Assert.Contains("16 x 16", Assert.Throws<ArgumentException>(() => clip.encode_image(randn([1, 3, 32, 32], float64))).Message);
    }

    [Fact]
    public void LogitsAreScaledCosines()
    {
        using var clip = Micro(float64);
        using var scope = NewDisposeScope();
        var (images, ids) = (randn([3, 3, 16, 16], float64), TokenIds(2, 8, 1000, seed: 3));
        var logits = clip.forward(images, ids);
        Assert.Equal([2L, 3], logits.shape);
        var t = clip.encode_text(ids).Sentence;
        var v = clip.encode_image(images).Embeds;
        var expected = (t / t.norm(2, -1, keepdim: true)).matmul((v / v.norm(2, -1, keepdim: true)).t()) * Math.Exp(clip.logit_scale.item<double>());
        Assert.True(expected.allclose(logits, 1e-12, 1e-12));
    }

    [Fact]
    public void TinyClipTrainsOnTheCpu()
    {
        using var clip = Micro();
        using var optimizer = new optim.AdamW(clip.parameters(), lr: 1e-3);
        using var scope = NewDisposeScope();
        var (images, ids) = (randn([4, 3, 16, 16]), TokenIds(4, 8, 1000, seed: 4));
        var first = 0.0;
        for (int step = 0; step < 10; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = SymmetricInfoNCE.loss(clip.forward(images, ids));
            loss.backward();
            if (step == 0)
            {
                first = loss.item<double>();
                foreach (var (name, p) in clip.named_parameters())
                {
                    using var g = p.grad;
                    Assert.True(g is not null, $"{name} got no gradient");
                    Assert.True(g!.isfinite().all().item<bool>(), $"{name} has a non-finite gradient");
                }
            }
            optimizer.step();
            clip.clamp_logit_scale_();
        }
        using var final = SymmetricInfoNCE.loss(clip.forward(images, ids));
        Assert.True(final.item<double>() < first * 0.5, $"the loss did not fall: {first} -> {final.item<double>()}");
    }

    [Fact]
    public void Bf16AutocastRunsTheMatmulsInBf16()
    {
        using var clip = Micro();
        using var scope = NewDisposeScope();
        var (images, ids) = (randn([2, 3, 16, 16]), TokenIds(2, 8, 1000, seed: 5));
        var reference = clip.forward(images, ids);
        Tensor mixed, embeds;
        using (autocast(DeviceType.CPU, bfloat16))
        {
            embeds = clip.encode_image(images).Embeds;
            mixed = clip.forward(images, ids);
        }
        Assert.Equal(ScalarType.BFloat16, embeds.dtype);   // nothing in the tower forces float32
        Assert.Equal(ScalarType.Float32, clip.visual.proj.dtype);
        Assert.True(mixed.@float().isfinite().all().item<bool>());
        Assert.True(MaxAbsDiff(reference, mixed) < 0.05 * reference.abs().max().item<double>(), "bf16 logits are far from fp32 ones");
        // and gradients flow back to the fp32 master weights
        using (autocast(DeviceType.CPU, bfloat16))
            SymmetricInfoNCE.loss(clip.forward(images, ids)).backward();
        using var g = clip.visual.conv1.weight.grad;
        Assert.Equal(ScalarType.Float32, g!.dtype);
    }

    [Fact]
    public void ThreeDimensionalPatchesStartEqualToConv1()
    {
        using var flat = Micro(float64);
        using var deep = Micro(float64, "3d");
        using var scope = NewDisposeScope();
        Assert.Equal([32L, 3, 3, 8, 8], deep.visual.conv2!.weight.shape);
        Assert.Contains("visual.conv2.weight", deep.state_dict().Keys);
        deep.load(flat.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value));
        deep.visual.init_conv2_from_conv1();
        Assert.True(deep.visual.conv2.weight[.., .., 1].equal(flat.visual.conv1.weight));
        Assert.Equal(0.0, deep.visual.conv2.weight[.., .., 0].abs().max().item<double>());
        var frames = randn([2 * 4, 3, 16, 16], float64);   // two videos of four frames
        var a = flat.encode_image(frames).Embeds;
        var b = deep.encode_image(frames, video_frame: 4).Embeds;
        Assert.True(a.allclose(b, 1e-10, 1e-10));
        Assert.Throws<ArgumentException>(() => deep.encode_image(frames));   // 3-D patches need the frame count
    }
}
