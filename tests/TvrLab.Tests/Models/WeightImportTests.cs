using TvrLab.Models;
using TvrLab.Models.Weights;
using TvrLab.Torch;
using static TvrLab.Tests.Models.ModelTestData;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Models;

/// <summary>Checkpoint layouts (OpenAI, Hugging Face, CLIP4Clip), config inference, and what a load reports.</summary>
public class WeightImportTests
{
    static CLIP MicroClip(int seed = 1)
    {
        manual_seed((ulong)seed);
        return new CLIP(ClipConfig.Micro);
    }

    [Fact]
    public void StateNamesAreOpenAIs()
    {
        using var clip = MicroClip();
        using var scope = NewDisposeScope();
        var keys = clip.state_dict().Keys.ToList();
        Assert.Equal(["positional_embedding", "text_projection", "logit_scale", "visual.class_embedding", "visual.positional_embedding", "visual.proj",
                      "visual.conv1.weight", "visual.ln_pre.weight", "visual.ln_pre.bias"], keys.Take(9));
        foreach (var key in new[] { "visual.transformer.resblocks.0.attn.in_proj_weight", "visual.transformer.resblocks.0.attn.in_proj_bias",
                                    "visual.transformer.resblocks.0.attn.out_proj.weight", "visual.transformer.resblocks.0.mlp.c_fc.weight",
                                    "visual.transformer.resblocks.0.mlp.c_proj.bias", "visual.transformer.resblocks.0.ln_2.weight",
                                    "visual.ln_post.bias", "transformer.resblocks.0.ln_1.weight", "token_embedding.weight", "ln_final.bias" })
            Assert.Contains(key, keys);
        Assert.Equal(38, keys.Count);   // 9 + 12 per block in each tower + ln_post (2) + token_embedding + ln_final (2)
        Assert.Empty(clip.get_parameter("logit_scale").shape);
        Assert.Equal(Math.Log(1 / 0.07), clip.logit_scale.item<double>(), 6);
    }

    [Fact]
    public void ConfigIsInferredFromShapes()
    {
        using var scope = NewDisposeScope();
        foreach (var config in new[] { ClipConfig.Micro, ClipConfig.Tiny })
        {
            manual_seed(1);
            using var clip = new CLIP(config);
            Assert.Equal(config, ClipConfig.FromStateDict(clip.state_dict(), config.vision_heads, config.transformer_heads));
        }
        // ViT-B/32 from shapes alone (expanded zeros: no memory), heads by OpenAI's width / 64
        var zero = zeros(1);
        Tensor Shaped(params long[] shape) => zero.view(Enumerable.Repeat(1L, shape.Length).ToArray()).expand(shape);
        var state = new Dictionary<string, Tensor>
        {
            ["visual.conv1.weight"] = Shaped(768, 3, 32, 32), ["visual.positional_embedding"] = Shaped(50, 768), ["visual.proj"] = Shaped(768, 512),
            ["text_projection"] = Shaped(512, 512), ["positional_embedding"] = Shaped(77, 512), ["token_embedding.weight"] = Shaped(49408, 512),
            ["ln_final.weight"] = Shaped(512),
        };
        for (int i = 0; i < 12; i++)
        {
            state[$"visual.transformer.resblocks.{i}.attn.in_proj_weight"] = Shaped(2304, 768);
            state[$"transformer.resblocks.{i}.attn.in_proj_weight"] = Shaped(1536, 512);
            state[$"transformer.resblocks.{i}.ln_1.weight"] = Shaped(512);
        }
        Assert.Equal(ClipConfig.ViT_B_32, ClipConfig.FromStateDict(state));
        state["visual.conv1.weight"] = Shaped(768, 3, 16, 16);
        state["visual.positional_embedding"] = Shaped(197, 768);
        Assert.Equal(ClipConfig.ViT_B_16, ClipConfig.FromStateDict(state));
        state["visual.positional_embedding"] = Shaped(198, 768);
        Assert.Contains("grid^2 + 1", Assert.Throws<ArgumentException>(() => ClipConfig.FromStateDict(state)).Message);
        state["visual.positional_embedding"] = Shaped(197, 768);
        state.Remove("ln_final.weight");
        Assert.Contains("ln_final.weight", Assert.Throws<ArgumentException>(() => ClipConfig.FromStateDict(state)).Message);
    }

    [Fact]
    public void PresetsAreNamed()
    {
        Assert.Same(ClipConfig.ViT_B_32, ClipConfig.Preset("ViT-B/32"));
        Assert.Equal(1024, ClipConfig.Preset("vit-l/14").vision_width);
        Assert.Equal(16, ClipConfig.ViT_L_14.vision_heads);
        Assert.Equal(12, ClipConfig.ViT_B_16.vision_heads);
        Assert.Equal(8, ClipConfig.ViT_B_16.transformer_heads);
        Assert.Contains("ViT-B/32", Assert.Throws<ArgumentException>(() => ClipConfig.Preset("RN50")).Message);
    }

    [Fact]
    public void HuggingFaceNamesRoundTrip()
    {
        using var clip = MicroClip();
        using var scope = NewDisposeScope();
        var openai = clip.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        var hf = ClipNames.ToHuggingFace(openai);
        foreach (var key in new[] { "vision_model.pre_layrnorm.weight", "vision_model.post_layernorm.bias", "vision_model.embeddings.patch_embedding.weight",
                                    "vision_model.encoder.layers.0.self_attn.k_proj.weight", "text_model.encoder.layers.0.mlp.fc2.bias",
                                    "text_model.final_layer_norm.weight", "text_model.embeddings.position_embedding.weight", "logit_scale" })
            Assert.Contains(key, hf.Keys);
        Assert.DoesNotContain(hf.Keys, k => k.Contains("in_proj") || k.Contains("resblocks") || k.Contains("ln_"));
        Assert.Equal(openai.Count + 8, hf.Count);   // in_proj weight and bias become three tensors each, in two blocks
        Assert.True(hf["text_projection.weight"].equal(openai["text_projection"].t()));
        Assert.True(hf["visual_projection.weight"].equal(openai["visual.proj"].t()));
        Assert.True(hf["text_model.encoder.layers.0.self_attn.v_proj.bias"].equal(openai["transformer.resblocks.0.attn.in_proj_bias"][64..]));

        hf["text_model.embeddings.position_ids"] = arange(16).unsqueeze(0);   // a buffer of older transformers versions
        var ignored = new List<string>();
        var back = ClipNames.FromHuggingFace(hf, ignored);
        Assert.Equal(["text_model.embeddings.position_ids"], ignored);
        Assert.Equal(openai.Keys.Order(), back.Keys.Order());
        foreach (var (key, tensor) in openai) Assert.True(tensor.equal(back[key]), $"{key} changed in the round trip");
    }

    [Fact]
    public void HuggingFaceCheckpointLoadsIntoTheSameParameters()
    {
        using var source = MicroClip(1);
        using var target = MicroClip(2);
        using var scope = NewDisposeScope();
        var hf = ClipNames.ToHuggingFace(source.state_dict());
        var report = target.load(hf, strict: true);
        Assert.Equal(CheckpointLayout.HuggingFace, report.Layout);
        Assert.Equal(38, report.Loaded.Count);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);
        foreach (var (key, tensor) in source.state_dict()) Assert.True(tensor.equal(target.state_dict()[key]), key);
    }

    [Fact]
    public void MissingUnexpectedAndMismatchedKeysAreReported()
    {
        using var source = MicroClip(1);
        using var target = MicroClip(2);
        using var scope = NewDisposeScope();
        var state = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        state.Remove("ln_final.weight");
        state["frame_position_embeddings.weight"] = zeros(77, 32);
        var report = target.load(state);
        Assert.Equal(["ln_final.weight"], report.Missing);
        Assert.Equal(["frame_position_embeddings.weight"], report.Unexpected);
        Assert.Contains("missing, left as initialised (1): ln_final.weight", report.ToString());
        var strict = Assert.Throws<InvalidDataException>(() => target.load(state, strict: true));
        Assert.Contains("missing: ln_final.weight", strict.Message);
        Assert.Contains("unexpected: frame_position_embeddings.weight", strict.Message);

        // a shape mismatch names the model key, the checkpoint key and both shapes, and nothing is copied
        var hf = ClipNames.ToHuggingFace(source.state_dict());
        hf["visual_projection.weight"] = zeros(16, 32);
        using var before = target.visual.proj.clone();
        var e = Assert.Throws<InvalidDataException>(() => target.load(hf));
        Assert.Contains("visual.proj (checkpoint key visual_projection.weight)", e.Message);
        Assert.Contains("[32, 16]", e.Message);
        Assert.Contains("[32, 32]", e.Message);
        Assert.True(before.equal(target.visual.proj), "a failed load must leave the model unchanged");

        hf = ClipNames.ToHuggingFace(source.state_dict());
        hf.Remove("vision_model.encoder.layers.0.self_attn.k_proj.bias");
        var qkv = Assert.Throws<InvalidDataException>(() => target.load(hf));
        Assert.Contains("visual.transformer.resblocks.0.attn.in_proj_bias", qkv.Message);
        Assert.Contains("not k", qkv.Message);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void HalfPrecisionCheckpointsLoadIntoFloat32MasterWeights(ScalarType stored)
    {
        using var source = MicroClip(1);
        using var target = MicroClip(2);
        using var scope = NewDisposeScope();
        var state = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(stored));
        var report = target.load(state, strict: true);
        Assert.Equal(38, report.Converted[stored]);
        foreach (var (key, p) in target.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.True(p.equal(state[key].@float().reshape(p.shape)), $"{key} is not the {stored} value widened");
        }
        Assert.Contains($"38 x {stored.PyTorchName()}", report.ToString());
    }

    [Fact]
    public void ScalarStoredWithOneDimensionFits()
    {
        using var source = MicroClip(1);
        using var target = MicroClip(2);
        using var scope = NewDisposeScope();
        var state = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value);
        state["logit_scale"] = tensor(new[] { 4.25f });   // Hugging Face files may store it as [1]
        target.load(state, strict: true);
        Assert.Equal(4.25, target.logit_scale.item<double>());
    }

    [Fact]
    public void DataParallelPrefixIsRemoved()
    {
        using var source = MicroClip(1);
        using var target = MicroClip(2);
        using var scope = NewDisposeScope();
        var state = source.state_dict().ToDictionary(kv => "module." + kv.Key, kv => kv.Value);
        Assert.Empty(target.load(state, strict: true).Missing);
        Assert.True(source.visual.proj.equal(target.visual.proj));
    }

    [Fact]
    public void FromPretrainedInfersTheConfig()
    {
        using var source = MicroClip(1);
        using var scope = NewDisposeScope();
        var (model, report) = CLIP.FromPretrained(ClipNames.ToHuggingFace(source.state_dict()), vision_heads: 2, transformer_heads: 2);
        using (model)
        {
            Assert.Equal(ClipConfig.Micro, model.config);
            Assert.Empty(report.Missing);
            Assert.True(source.token_embedding.weight.equal(model.token_embedding.weight));
        }
    }
}
