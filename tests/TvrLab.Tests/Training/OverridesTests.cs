using TvrLab.Experiments;
using TvrLab.Training;

namespace TvrLab.Tests.Training;

public sealed class OverridesTests
{
    static readonly Preset Tiny = Presets.Get("clip4clip-meanp-tiny");

    [Fact]
    public void Sets_numbers_booleans_enums_and_text_by_their_types()
    {
        var p = Overrides.Apply(Tiny, ["train.lr=3e-4", "train.epochs=7", "train.bf16=true", "train.optimizer=bertadam", "model.sim_header=seqTransf",
                                       "data.synth_seed=3", "eval.dsl=yes", "model.options.interaction=wti", "model.pretrained=/x/ViT-B-32.safetensors"]);
        Assert.Equal(3e-4, p.train.lr);
        Assert.Equal(7, p.train.epochs);
        Assert.True(p.train.bf16);
        Assert.Equal(OptimizerKind.BertAdam, p.train.optimizer);
        Assert.Equal("seqTransf", p.model.sim_header);
        Assert.Equal(3, p.data.synth_seed);
        Assert.True(p.eval.dsl);
        Assert.Equal("wti", p.model.options["interaction"]);
        Assert.Equal("/x/ViT-B-32.safetensors", p.model.pretrained);
        Assert.Null(Overrides.Apply(p, "model.pretrained=null").model.pretrained);
        // everything else is untouched
        Assert.Equal(Tiny.train.batch_size, p.train.batch_size);
        Assert.Equal(Tiny.data.frame_size, p.data.frame_size);
    }

    [Theory]
    [InlineData("train.lrr=1", "unknown key \"lrr\" in section train", "coef_lr")]
    [InlineData("trian.lr=1", "unknown section \"trian\"", "train")]
    [InlineData("lr=1", "expected section.key", "train")]
    [InlineData("train.lr", "expected section.key=value", "train.lr=1e-4")]
    [InlineData("train.epochs=2.5", "train.epochs=2.5: expected a whole number", "")]
    [InlineData("train.lr=fast", "train.lr=fast: expected a number", "")]
    [InlineData("train.bf16=maybe", "expected true or false", "")]
    [InlineData("train.optimizer=sgd", "expected one of BertAdam, AdamW", "")]
    [InlineData("train.epochs=0", "train.epochs = 0: expected at least 1", "")]
    [InlineData("model.options=x", "expected model.options.NAME=value", "")]
    [InlineData("model.kind.x=y", "unknown key \"kind.x\" in section model", "sim_header")]
    public void Bad_overrides_name_the_key_and_what_is_allowed(string assignment, string message, string listed)
    {
        var e = Assert.Throws<ArgumentException>(() => Overrides.Apply(Tiny, assignment));
        Assert.Contains(message, e.Message);
        Assert.Contains(listed, e.Message);
    }

    [Fact]
    public void Presets_round_trip_through_json_and_unknown_names_list_the_known()
    {
        foreach (var name in Presets.Names)
            Assert.Equal(Presets.Get(name).ToJson(), Preset.FromJson(Presets.Get(name).ToJson()).ToJson());
        foreach (var required in new[] { "clip4clip-meanp-tiny", "clip4clip-meanp-small", "clip4clip-meanp-full", "clip4clip-seqtransf-tiny", "clip4clip-seqtransf-small", "clip4clip-seqtransf-full" })
            Assert.Contains(required, Presets.Names);
        var e = Assert.Throws<ArgumentException>(() => Presets.Get("clip4clip-tiny"));
        Assert.Contains("clip4clip-meanp-tiny", e.Message);
        var bad = Assert.Throws<InvalidDataException>(() => Preset.FromJson("""{"train": {"lrr": 1}}""", "x.json"));
        Assert.Contains("x.json", bad.Message);
    }

    [Fact]
    public void Unknown_model_kinds_and_heads_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create(Tiny.model with { kind = "clip5clip" }));
        Assert.Contains("clip5clip", e.Message);
        Assert.Contains("clip4clip", e.Message);
        var h = Assert.Throws<ArgumentException>(() => ModelRegistry.Create(Tiny.model with { sim_header = "meanQ" }));
        Assert.Contains("seqTransf", h.Message);
        var o = Assert.Throws<ArgumentException>(() => ModelRegistry.Create(Tiny.model with { options = new() { ["interaction"] = "wti" } }));
        Assert.Contains("model.options.interaction", o.Message);
    }
}
