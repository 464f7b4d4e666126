using TvrLab.Models;
using TvrLab.Training;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Training;

public sealed class ParameterGroupsTests
{
    [Fact]
    public void Clip_is_pretrained_heads_are_new_biases_and_layer_norms_are_not_decayed()
    {
        using var model = new CLIP4Clip(new Clip4ClipConfig(ClipConfig.Micro, SimHeader.seqTransf, cross_num_hidden_layers: 1));
        var assigned = ParameterGroups.Assign(model).ToDictionary(a => a.Name);
        Assert.Equal(model.named_parameters().Count(), assigned.Count);
        Assert.True(assigned["clip.visual.conv1.weight"].Pretrained);
        Assert.True(assigned["clip.visual.conv1.weight"].Decay);
        Assert.False(assigned["frame_position_embeddings.weight"].Pretrained);
        Assert.All(assigned.Values.Where(a => a.Name.StartsWith("transformerClip.")), a => Assert.False(a.Pretrained));
        Assert.False(assigned["clip.ln_final.weight"].Decay);                               // LayerNorm weight
        Assert.False(assigned["clip.ln_final.bias"].Decay);
        Assert.False(assigned["clip.transformer.resblocks.0.ln_1.weight"].Decay);
        Assert.False(assigned["clip.transformer.resblocks.0.mlp.c_fc.bias"].Decay);
        Assert.True(assigned["clip.transformer.resblocks.0.mlp.c_fc.weight"].Decay);
        Assert.False(assigned["transformerClip.resblocks.0.ln_1.weight"].Decay);
        Assert.All(ParameterGroups.Assign(model, noDecayBiasAndNorm: false), a => Assert.True(a.Decay));
    }

    [Fact]
    public void Four_groups_at_lr_times_coef_and_lr_with_their_weight_decay()
    {
        using var model = new CLIP4Clip(new Clip4ClipConfig(ClipConfig.Micro, SimHeader.seqTransf, cross_num_hidden_layers: 1));
        var groups = ParameterGroups.Build(model, new TrainConfig { lr = 1e-4, coef_lr = 1e-3, weight_decay = 0.2 });
        using var optimizer = new optim.AdamW(groups);
        Assert.Equal(ParameterGroups.Names, optimizer.param_groups.Select(g => g.name));
        Assert.Equal([1e-4 * 1e-3, 1e-4 * 1e-3, 1e-4, 1e-4], optimizer.param_groups.Select(g => g.lr));
        Assert.Equal([0.2, 0, 0.2, 0], optimizer.param_groups.Select(g => g.weight_decay));
        Assert.Equal(model.parameters().Count(), optimizer.param_groups.Sum(g => g.@params.Count));
    }

    [Fact]
    public void Freeze_layer_num_freezes_clip_below_the_layer_but_never_the_top()
    {
        using var model = new CLIP4Clip(new Clip4ClipConfig(ClipConfig.Tiny));   // 2 blocks per tower
        var frozen = ParameterGroups.Freeze(model, 1).ToHashSet();
        Assert.Contains("clip.token_embedding.weight", frozen);
        Assert.Contains("clip.visual.conv1.weight", frozen);
        Assert.Contains("clip.transformer.resblocks.0.attn.in_proj_weight", frozen);
        Assert.Contains("clip.visual.transformer.resblocks.0.mlp.c_proj.weight", frozen);
        Assert.DoesNotContain("clip.transformer.resblocks.1.attn.in_proj_weight", frozen);
        foreach (var top in new[] { "clip.ln_final.weight", "clip.text_projection", "clip.logit_scale", "clip.visual.ln_post.bias", "clip.visual.proj" })
            Assert.DoesNotContain(top, frozen);
        Assert.All(frozen, name => Assert.False(model.get_parameter(name).requires_grad));
        Assert.DoesNotContain(ParameterGroups.Assign(model), a => frozen.Contains(a.Name));
        using var other = new CLIP4Clip(new Clip4ClipConfig(ClipConfig.Micro));
        Assert.Empty(ParameterGroups.Freeze(other, -1));
    }
}
