using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;

namespace TvrLab.Torch.Tests;

/// <summary>A CLIP-shaped model: the field names give PyTorch's state_dict keys.</summary>
sealed class ResidualAttentionBlock : nn.Module<Tensor, Tensor>
{
    public nn.MultiheadAttention attn;
    public nn.LayerNorm ln_1;
    public nn.Sequential mlp;
    public nn.LayerNorm ln_2;

    public ResidualAttentionBlock(long width, long heads)
    {
        attn = new nn.MultiheadAttention(width, heads);
        ln_1 = new nn.LayerNorm(width);
        mlp = new nn.Sequential(("c_fc", new nn.Linear(width, width * 4)), ("gelu", new nn.QuickGELU()), ("c_proj", new nn.Linear(width * 4, width)));
        ln_2 = new nn.LayerNorm(width);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = ln_1.forward(x);
        x = x + attn.forward(h, h, h, need_weights: false).output;
        x = x + mlp.forward(ln_2.forward(x));
        return scope.MoveToOuter(x);
    }
}

sealed class Transformer : nn.Module
{
    public nn.ModuleList<ResidualAttentionBlock> resblocks;
    public Transformer(long width, long layers, long heads) =>
        resblocks = new(Enumerable.Range(0, (int)layers).Select(_ => new ResidualAttentionBlock(width, heads)));
}

sealed class TinyClip : nn.Module
{
    public Transformer transformer;
    public nn.Parameter positional_embedding;
    public nn.LayerNorm ln_final;
    public nn.Parameter text_projection { get; }
    public Tensor attn_mask;
    [nn.NonPersistent] public Tensor position_ids;
    [nn.NotRegistered] public Tensor? cache;
    public nn.Linear? unused_head;

    public TinyClip(long width = 8, long layers = 2)
    {
        transformer = new Transformer(width, layers, 2);
        positional_embedding = new nn.Parameter(zeros(5, width));
        ln_final = new nn.LayerNorm(width);
        text_projection = new nn.Parameter(zeros(width, 4));
        attn_mask = full([5, 5], double.NegativeInfinity).triu(1);
        position_ids = arange(5);
        cache = ones(2);
        unused_head = null;  // a null module field is no child
    }
}

sealed class BufferHolder : nn.Module
{
    public Tensor mask = ones(2);
}

public class ModuleTests
{
    [Fact]
    public void ABufferThatDiedWithItsScopeIsReportedByName()
    {
        BufferHolder holder;
        using (NewDisposeScope()) holder = new BufferHolder();   // the field initialiser ran inside the scope
        var ex = Assert.Throws<ObjectDisposedException>(() => holder.state_dict());
        Assert.Contains("BufferHolder.mask was disposed", ex.Message);
        holder.Dispose();                                          // disposing the module still works

        using var kept = new BufferHolder();                       // built outside any scope: the buffer lives on
        using (var scope = NewDisposeScope()) Assert.Equal(["mask"], kept.state_dict().Keys);
        Assert.False(kept.mask.IsDisposed);
    }

    [Fact]
    public void ModuleDictAndNamedSequentialUseTheirKeys()
    {
        using var heads = new nn.ModuleDict<nn.Linear>(("text", new nn.Linear(2, 2)), ("video", new nn.Linear(2, 3)));
        Assert.Equal(["text.weight", "text.bias", "video.weight", "video.bias"], heads.named_parameters().Select(p => p.name));
        Assert.Equal(3, heads["video"].out_features);
        Assert.True(heads.Remove("text"));
        Assert.Equal(["video.weight", "video.bias"], heads.named_parameters().Select(p => p.name));
        var ex = Assert.Throws<KeyNotFoundException>(() => heads["audio"]);
        Assert.Contains("it has: video", ex.Message);
        Assert.Throws<ArgumentException>(() => new nn.Sequential(("a", new nn.ReLU()), ("a", new nn.ReLU())));
    }

    [Fact]
    public void FieldsGivePyTorchDottedNamesInDeclarationOrder()
    {
        using var model = new TinyClip();
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Equal(
        [
            "positional_embedding", "text_projection",
            "transformer.resblocks.0.attn.in_proj_weight", "transformer.resblocks.0.attn.in_proj_bias",
            "transformer.resblocks.0.attn.out_proj.weight", "transformer.resblocks.0.attn.out_proj.bias",
            "transformer.resblocks.0.ln_1.weight", "transformer.resblocks.0.ln_1.bias",
            "transformer.resblocks.0.mlp.c_fc.weight", "transformer.resblocks.0.mlp.c_fc.bias",
            "transformer.resblocks.0.mlp.c_proj.weight", "transformer.resblocks.0.mlp.c_proj.bias",
            "transformer.resblocks.0.ln_2.weight", "transformer.resblocks.0.ln_2.bias",
        ], names.Take(14));
        Assert.Equal(2 + 2 * 12 + 2, names.Count);
        Assert.Equal(["ln_final.weight", "ln_final.bias"], names.TakeLast(2));
        Assert.Contains("transformer.resblocks.1.mlp.c_proj.bias", names);

        Assert.Equal(["attn_mask", "position_ids"], model.named_buffers().Select(b => b.name));
        Assert.Equal(["transformer", "ln_final"], model.named_children().Select(c => c.name));
        var modules = model.named_modules().Select(m => m.name).ToList();
        Assert.Equal(["", "transformer", "transformer.resblocks", "transformer.resblocks.0", "transformer.resblocks.0.attn",
                      "transformer.resblocks.0.attn.out_proj", "transformer.resblocks.0.ln_1", "transformer.resblocks.0.mlp",
                      "transformer.resblocks.0.mlp.c_fc", "transformer.resblocks.0.mlp.gelu"], modules.Take(10));
        Assert.Same(model.transformer.resblocks[1].mlp[0], model.get_submodule("transformer.resblocks.1.mlp.c_fc"));
        Assert.Same(model.transformer.resblocks[0].attn.in_proj_weight, model.get_parameter("transformer.resblocks.0.attn.in_proj_weight"));
        Assert.Throws<KeyNotFoundException>(() => model.get_submodule("transformer.resblocks.7"));
    }

    [Fact]
    public void StateDictHoldsParametersAndPersistentBuffersOnly()
    {
        using var model = new TinyClip();
        using var scope = NewDisposeScope();
        var sd = model.state_dict();
        Assert.Equal(2 + 2 * 12 + 2 + 1, sd.Count);
        Assert.True(sd.ContainsKey("attn_mask"));
        Assert.False(sd.ContainsKey("position_ids"));
        Assert.False(sd.ContainsKey("cache"));
        Assert.Equal(["positional_embedding", "text_projection", "attn_mask"], sd.Keys.Take(3));
        Assert.Equal([24L, 8L], sd["transformer.resblocks.1.attn.in_proj_weight"].shape);
        // state_dict tensors share storage with the module (detached, as PyTorch's)
        Assert.False(sd["ln_final.weight"].requires_grad);
        sd["ln_final.weight"].fill_(3);
        Assert.Equal([3f, 3f, 3f, 3f, 3f, 3f, 3f, 3f], model.ln_final.weight!.detach().ToArray<float>());
    }

    [Fact]
    public void StateDictRoundTripCopiesEveryValue()
    {
        manual_seed(7);
        using var source = new TinyClip();
        using var target = new TinyClip();
        using var scope = NewDisposeScope();
        using (no_grad()) source.positional_embedding.add_(1.5);
        Assert.False(source.transformer.resblocks[0].attn.in_proj_weight.equal(target.transformer.resblocks[0].attn.in_proj_weight));

        var result = target.load_state_dict(source.state_dict());

        Assert.Empty(result.missing_keys);
        Assert.Empty(result.unexpected_keys);
        foreach (var ((name, a), (_, b)) in source.state_dict().Zip(target.state_dict()))
            Assert.True(a.equal(b), $"{name} differs after load_state_dict");
        // loading copies values: the target's tensors stay its own
        using (no_grad()) source.positional_embedding.add_(1);
        Assert.False(source.positional_embedding.equal(target.positional_embedding));
    }

    [Fact]
    public void StrictLoadNamesMissingAndUnexpectedKeys()
    {
        using var model = new TinyClip(layers: 1);
        using var scope = NewDisposeScope();
        var sd = new Dictionary<string, Tensor>(model.state_dict());
        sd.Remove("ln_final.bias");
        sd.Remove("transformer.resblocks.0.mlp.c_fc.weight");
        sd["logit_scale"] = ones(1);
        sd["transformer.resblocks.0.attn.bias_k"] = ones(8);

        var ex = Assert.Throws<nn.StateDictException>(() => model.load_state_dict(sd));
        Assert.Contains("Error(s) in loading state_dict for TinyClip", ex.Message);
        Assert.Contains("Missing key(s) in state_dict: \"transformer.resblocks.0.mlp.c_fc.weight\", \"ln_final.bias\".", ex.Message);
        Assert.Contains("Unexpected key(s) in state_dict: \"logit_scale\", \"transformer.resblocks.0.attn.bias_k\".", ex.Message);
        Assert.Equal(["transformer.resblocks.0.mlp.c_fc.weight", "ln_final.bias"], ex.missing_keys);

        // non-strict: loads what matches and reports the rest
        sd["ln_final.weight"] = full([8], 2.0);
        var result = model.load_state_dict(sd, strict: false);
        Assert.Equal(["transformer.resblocks.0.mlp.c_fc.weight", "ln_final.bias"], result.missing_keys);
        Assert.Equal(["logit_scale", "transformer.resblocks.0.attn.bias_k"], result.unexpected_keys);
        Assert.Equal(Enumerable.Repeat(2f, 8), model.ln_final.weight!.detach().ToArray<float>());
    }

    [Fact]
    public void ShapeMismatchNamesKeyAndBothShapesAndCopiesNothing()
    {
        using var model = new TinyClip(layers: 1);
        using var scope = NewDisposeScope();
        var sd = new Dictionary<string, Tensor>(model.state_dict())
        {
            ["positional_embedding"] = full([7, 8], 5.0),
            ["ln_final.weight"] = full([8], 9.0),
        };
        var ex = Assert.Throws<nn.StateDictException>(() => model.load_state_dict(sd, strict: false));
        Assert.Contains("size mismatch for positional_embedding: copying a param with shape [7, 8] from checkpoint, the shape in current model is [5, 8].", ex.Message);
        Assert.Equal(Enumerable.Repeat(1f, 8), model.ln_final.weight!.detach().ToArray<float>());
    }

    [Fact]
    public void ToDtypeConvertsInPlaceAndKeepsIdentity()
    {
        using var model = new TinyClip(layers: 1);
        using var scope = NewDisposeScope();
        var weight = model.transformer.resblocks[0].mlp[0].parameters().First();
        var before = weight.detach().clone();
        using (var loss = model.transformer.resblocks[0].forward(ones(5, 1, 8)).sum()) loss.backward();
        var optimizerView = model.parameters().ToList();
        using var optimizer = new optim.AdamW(model.parameters(), lr: 0.1);

        var same = model.to(float64);

        Assert.Same(model, same);
        Assert.Same(weight, model.transformer.resblocks[0].mlp[0].parameters().First());
        Assert.Equal(ScalarType.Float64, weight.dtype);
        Assert.True(weight.requires_grad);
        Assert.True(weight.is_leaf);
        Assert.Equal(ScalarType.Float64, weight.grad!.dtype);
        Assert.True(weight.detach().allclose(before.@double()));
        Assert.Equal(ScalarType.Float64, model.attn_mask.dtype);
        Assert.Equal(ScalarType.Int64, model.position_ids.dtype);  // only floating-point tensors change dtype
        Assert.Equal(optimizerView, model.parameters().ToList());
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Throws<ArgumentException>(() => model.to(int64));
        // an optimizer built before the conversion updates the converted parameters
        optimizer.step();
        Assert.False(weight.detach().allclose(before.@double()));
    }

    [Fact]
    public void TrainAndEvalSwitchDropoutEverywhere()
    {
        var net = new nn.Sequential(new nn.Linear(4, 4), new nn.Dropout(0.5));
        using var scope = NewDisposeScope();
        manual_seed(0);
        var x = ones(200, 4);
        Assert.True(net.training && net[1].training);

        var train = net[1].forward(x);
        var zerosShare = train.eq(0).@float().mean().item<double>();
        Assert.InRange(zerosShare, 0.4, 0.6);
        Assert.Equal(2.0f, train.max().item<float>());  // survivors scaled by 1 / (1 - p)

        net.eval();
        Assert.False(net.training);
        Assert.False(net[1].training);
        Assert.True(net[1].forward(x).equal(x));
        net.train();
        Assert.True(net[1].training);
    }

    [Fact]
    public void ExplicitRegistrationAndApply()
    {
        using var model = new TinyClip(layers: 1);
        model.register_parameter("logit_scale", new nn.Parameter(full([], Math.Log(1 / 0.07))));
        model.register_buffer("queue", zeros(3, 4), persistent: true);
        model.register_module("extra_head", new nn.Linear(8, 2));
        Assert.Contains("logit_scale", model.named_parameters().Select(p => p.name));
        Assert.Contains("extra_head.weight", model.named_parameters().Select(p => p.name));
        Assert.Contains("queue", model.named_buffers().Select(b => b.name));
        Assert.Throws<ArgumentException>(() => model.register_parameter("ln_final", null));
        Assert.Throws<ArgumentException>(() => model.register_buffer("a.b", zeros(1)));

        var linears = new List<string>();
        model.apply(m => { if (m is nn.Linear l) linears.Add(l.extra_repr()); });
        Assert.Equal(["in_features=8, out_features=8, bias=True", "in_features=8, out_features=32, bias=True",
                      "in_features=32, out_features=8, bias=True", "in_features=8, out_features=2, bias=True"], linears);
    }

    [Fact]
    public void ZeroGradAndSharedParametersAreListedOnce()
    {
        var shared = new nn.Linear(3, 3);
        var net = new nn.Sequential(shared, new nn.ReLU(), shared);
        using var scope = NewDisposeScope();
        Assert.Equal(["0.weight", "0.bias"], net.named_parameters().Select(p => p.name));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], net.state_dict().Keys);
        net.forward(ones(2, 3)).sum().backward();
        Assert.NotNull(shared.weight.grad);
        net.zero_grad();
        Assert.Null(shared.weight.grad);
    }

    [Fact]
    public void ParametersSurviveDisposeScopesAndModuleDisposeFreesThem()
    {
        nn.Linear layer;
        using (var scope = NewDisposeScope())
            layer = new nn.Linear(4, 2);
        Assert.False(layer.weight.IsDisposed);
        Assert.Equal([2L, 4L], layer.weight.shape);
        layer.Dispose();
        Assert.True(layer.weight.IsDisposed && layer.bias!.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => layer.parameters().ToList());
    }

    [Fact]
    public void PrintsLikePyTorch()
    {
        using var block = new ResidualAttentionBlock(8, 2);
        Assert.Equal(
            "ResidualAttentionBlock(\n" +
            "  (attn): MultiheadAttention(\n" +
            "    embed_dim=8, num_heads=2\n" +
            "    (out_proj): Linear(in_features=8, out_features=8, bias=True)\n" +
            "  )\n" +
            "  (ln_1): LayerNorm((8,), eps=1e-05, elementwise_affine=True)\n" +
            "  (mlp): Sequential(\n" +
            "    (c_fc): Linear(in_features=8, out_features=32, bias=True)\n" +
            "    (gelu): QuickGELU()\n" +
            "    (c_proj): Linear(in_features=32, out_features=8, bias=True)\n" +
            "  )\n" +
            "  (ln_2): LayerNorm((8,), eps=1e-05, elementwise_affine=True)\n" +
            ")", block.ToString());
    }
}
