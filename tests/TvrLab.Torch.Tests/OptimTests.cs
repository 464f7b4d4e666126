using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;

namespace TvrLab.Torch.Tests;

/// <summary>AdamW/BertAdam, gradient clipping and schedules against closed forms and PyTorch 1.13 (Reference/nn_reference.py).</summary>
public class OptimTests
{
    static nn.Parameter Param(params float[] values) => new(tensor(values));

    [Fact]
    public void AdamWWithConstantGradientFollowsTheClosedForm()
    {
        // With a constant gradient g the bias-corrected moments are exactly g and g^2, so every step is
        // p <- p (1 - lr wd) - lr g / (|g| + eps).
        using var p = Param(1.0f, -2.0f);
        using var opt = new optim.AdamW([p], lr: 0.1, weight_decay: 0.1);
        double[] expected = [1.0, -2.0];
        double[] g = [0.5, -0.25];
        for (int step = 1; step <= 3; step++)
        {
            p.grad = tensor(g.Select(v => (float)v).ToArray());
            opt.step();
            for (int i = 0; i < 2; i++) expected[i] = expected[i] * (1 - 0.1 * 0.1) - 0.1 * g[i] / (Math.Abs(g[i]) + 1e-8);
            var have = p.detach().ToArray<float>();
            Assert.Equal(expected[0], have[0], 5);
            Assert.Equal(expected[1], have[1], 5);
        }
        Assert.Equal(3, opt.StepCount(0));
    }

    [Fact]
    public void WithoutBiasCorrectionTheFirstStepUsesRawMoments()
    {
        // step 1: m = (1 - b1) g, v = (1 - b2) g^2, p <- p (1 - lr wd) - lr m / (sqrt(v) + eps)
        using var p = Param(1.0f, -2.0f);
        using var opt = new optim.AdamW([p], lr: 0.01, betas: (0.9, 0.999), eps: 1e-6, weight_decay: 0.2, bias_correction: false);
        p.grad = tensor(new[] { 0.5f, -0.25f });
        opt.step();
        double[] g = [0.5, -0.25], p0 = [1.0, -2.0];
        var have = p.detach().ToArray<float>();
        for (int i = 0; i < 2; i++)
            Assert.Equal(p0[i] * (1 - 0.01 * 0.2) - 0.01 * (0.1 * g[i]) / (Math.Sqrt(0.001 * g[i] * g[i]) + 1e-6), have[i], 5);
    }

    [Fact]
    public void GroupsKeepTheirOwnLearningRateAndWeightDecay()
    {
        using var decayed = Param(1.0f);
        using var plain = Param(1.0f);
        using var opt = new optim.AdamW([new optim.ParamGroup([decayed], weight_decay: 0.5, name: "decay"), new optim.ParamGroup([plain], lr: 0.01)],
                                        lr: 0.1, weight_decay: 0);
        Assert.Equal((0.1, 0.5), (opt.param_groups[0].lr, opt.param_groups[0].weight_decay));
        Assert.Equal((0.01, 0.0), (opt.param_groups[1].lr, opt.param_groups[1].weight_decay));
        decayed.grad = tensor(new[] { 1.0f });
        plain.grad = tensor(new[] { 1.0f });
        opt.step();
        Assert.Equal(1.0 * (1 - 0.1 * 0.5) - 0.1 / (1 + 1e-8), decayed.detach().item<float>(), 6);
        Assert.Equal(1.0 - 0.01 / (1 + 1e-8), plain.detach().item<float>(), 6);
        Assert.Throws<ArgumentException>(() => new optim.AdamW([new optim.ParamGroup([decayed]), new optim.ParamGroup([decayed])]));
        Assert.Throws<ArgumentException>(() => new optim.AdamW(Array.Empty<nn.Parameter>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new optim.AdamW([plain], betas: (0.9, 1.0)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    [InlineData(false)]
    public void AdamWMatchesPyTorchWithGroupsAndASkippedParameter(bool? @foreach)
    {
        using var p1 = new nn.Parameter(Det([3, 2], 2.6));
        using var p2 = new nn.Parameter(Det([4], 2.7));
        using var p3 = new nn.Parameter(Det([2], 2.8));
        using var opt = new optim.AdamW([new optim.ParamGroup([p1], lr: 0.1, weight_decay: 0.1), new optim.ParamGroup([p2, p3], lr: 0.05, weight_decay: 0.0)],
                                        betas: (0.9, 0.98), eps: 1e-6, @foreach: @foreach);
        using var scope = NewDisposeScope();
        for (int t = 1; t <= 3; t++)
        {
            p1.grad = Det([3, 2], 3.0 + t);
            p2.grad = Det([4], 4.0 + t);
            p3.grad = t != 2 ? Det([2], 5.0 + t) : null;
            opt.step();
        }
        AssertClose(NnReference.AdamWP1, p1, atol: 1e-6);
        AssertClose(NnReference.AdamWP2, p2, atol: 1e-6);
        AssertClose(NnReference.AdamWP3, p3, atol: 1e-6);
        Assert.Equal([3L, 3, 2], new[] { opt.StepCount(0), opt.StepCount(1), opt.StepCount(2) });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BertAdamMatchesCLIP4ClipsOptimizer(bool @foreach)
    {
        using var p = new nn.Parameter(Det([3, 2], 2.6));
        using var opt = new optim.BertAdam([new optim.ParamGroup([p])], lr: 0.1, betas: (0.9, 0.98), weight_decay: 0.2, @foreach: @foreach);
        using var scope = NewDisposeScope();
        Assert.False(opt.param_groups[0].bias_correction);
        Assert.Equal((1e-6, 1.0), (opt.param_groups[0].eps, opt.param_groups[0].max_grad_norm));
        for (int t = 1; t <= 3; t++)
        {
            p.grad = Det([3, 2], 3.0 + t) * 4;  // norms above 1, so the per-parameter clipping acts
            opt.step();
        }
        AssertClose(NnReference.BertAdamP1, p, atol: 1e-6);
    }

    [Fact]
    public void ClipGradNormScalesAllGradientsByTheGlobalNorm()
    {
        using var a = Param(0, 0);
        using var b = Param(0, 0, 0);
        using var scope = NewDisposeScope();
        a.grad = tensor(new[] { 3f, 4f });
        b.grad = tensor(new[] { 0f, 12f, 0f });
        var total = nn.utils.clip_grad_norm_([a, b], max_norm: 6.5);
        Assert.Equal(13f, total.item<float>());   // sqrt(9 + 16 + 144)
        var scale = 6.5 / (13 + 1e-6);
        Assert.Equal(3 * scale, a.grad!.ToArray<float>()[0], 5);
        Assert.Equal(12 * scale, b.grad!.ToArray<float>()[1], 5);
        var norm = Math.Sqrt(a.grad!.pow(2).sum().item<float>() + b.grad!.pow(2).sum().item<float>());
        Assert.Equal(6.5, norm, 4);

        // below the threshold nothing changes; the infinity norm is the largest entry
        var unchanged = nn.utils.clip_grad_norm_([a, b], max_norm: 100);
        Assert.Equal(6.5f, unchanged.item<float>(), 4);
        Assert.Equal(12 * scale, b.grad!.ToArray<float>()[1], 5);
        Assert.Equal(12 * scale, nn.utils.clip_grad_norm_([a, b], 100, norm_type: double.PositiveInfinity).item<float>(), 5);

        b.grad = tensor(new[] { float.NaN, 0f, 0f });
        Assert.Throws<TorchException>(() => nn.utils.clip_grad_norm_([a, b], 1, error_if_nonfinite: true));
        using var none = Param(1);
        Assert.Equal(0f, nn.utils.clip_grad_norm_([none], 1).item<float>());
    }

    [Fact]
    public void ScheduleShapesHaveTheirKnownValues()
    {
        // CLIP4Clip's warmup_cosine over the run's progress x with 10 % warmup
        Assert.Equal(0.0, optim.lr_scheduler.warmup_cosine(0, 0.1));
        Assert.Equal(0.5, optim.lr_scheduler.warmup_cosine(0.05, 0.1), 12);
        Assert.Equal(0.9755282581475768, optim.lr_scheduler.warmup_cosine(0.1, 0.1), 12);   // 0.5 (1 + cos(0.1 pi))
        Assert.Equal(0.5, optim.lr_scheduler.warmup_cosine(0.5, 0.1), 12);
        Assert.Equal(0.0, optim.lr_scheduler.warmup_cosine(1.0, 0.1), 12);
        Assert.Equal(1.0, optim.lr_scheduler.warmup_constant(0.7, 0.1));
        Assert.Equal(0.5, optim.lr_scheduler.warmup_linear(0.55, 0.1), 12);
    }

    [Fact]
    public void SchedulersSetTheLearningRatePerStep()
    {
        using var p = Param(1);
        using var opt = new optim.AdamW([new optim.ParamGroup([p]), new optim.ParamGroup([Param(2)], lr: 1e-7)], lr: 1e-4);
        var sched = optim.lr_scheduler.get_warmup_cosine_schedule(opt, total_steps: 100, warmup_proportion: 0.1);
        Assert.Equal(0.0, opt.param_groups[0].lr);   // step 0 trains with lr 0, as BertAdam
        var lrs = new List<double>();
        var slow = new List<double>();
        for (int s = 1; s <= 100; s++)
        {
            sched.step();
            lrs.Add(opt.param_groups[0].lr);
            slow.Add(sched.get_last_lr()[1]);
        }
        Assert.Equal(0.5e-4, lrs[4], 15);                         // s = 5
        Assert.Equal(1e-4 * 0.9755282581475768, lrs[9], 15);      // s = 10, first step after warmup
        Assert.Equal(0.5e-4, lrs[49], 15);                        // s = 50
        Assert.Equal(0.5, slow[49] / 1e-7, 12);                   // each group scales its own initial lr
        Assert.Equal(1e-4, opt.param_groups[0].initial_lr);

        using var q = Param(1);
        using var opt2 = new optim.AdamW([q], lr: 1.0);
        var cosine = optim.lr_scheduler.get_cosine_schedule_with_warmup(opt2, warmup_steps: 10, total_steps: 110);
        var values = new double[111];
        values[0] = opt2.param_groups[0].lr;
        for (int s = 1; s <= 110; s++) { cosine.step(); values[s] = opt2.param_groups[0].lr; }
        Assert.Equal(0.5, values[5], 12);
        Assert.Equal(1.0, values[10], 12);
        Assert.Equal(0.5, values[60], 12);
        Assert.Equal(0.0, values[110], 12);

        using var r = Param(1);
        using var opt3 = new optim.AdamW([r], lr: 2.0);
        var warm = optim.lr_scheduler.get_constant_schedule_with_warmup(opt3, warmup_steps: 4);
        warm.step();
        Assert.Equal(0.5, opt3.param_groups[0].lr);
        for (int s = 2; s <= 6; s++) warm.step();
        Assert.Equal(2.0, opt3.param_groups[0].lr);
        optim.lr_scheduler.get_constant_schedule(opt3);
        Assert.Equal(2.0, opt3.param_groups[0].lr);
    }

    static (nn.Sequential model, optim.AdamW opt, optim.lr_scheduler.LambdaLR sched) NewRun(nn.Sequential model)
    {
        var decay = model.named_parameters().Where(p => p.name.EndsWith("weight")).Select(p => p.param);
        var noDecay = model.named_parameters().Where(p => !p.name.EndsWith("weight")).Select(p => p.param);
        var opt = new optim.AdamW([new optim.ParamGroup(decay, weight_decay: 0.2), new optim.ParamGroup(noDecay, weight_decay: 0)], lr: 1e-2, betas: (0.9, 0.98), eps: 1e-6);
        return (model, opt, optim.lr_scheduler.get_warmup_cosine_schedule(opt, 20));
    }

    static void TrainSteps(nn.Sequential model, optim.Optimizer opt, optim.lr_scheduler.LambdaLR sched, int from, int to)
    {
        for (int s = from; s < to; s++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            var x = Det([8, 4], s);
            var loss = (model.forward(x) - x.sum(1, keepdim: true)).pow(2).mean();
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            opt.step();
            sched.step();
        }
    }

    static nn.Sequential Mlp() => new(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 1));

    [Fact]
    public void StateDictRoundTripResumesBitForBit()
    {
        var (model, opt, sched) = NewRun(Mlp());
        using var _m = model;
        using var _o = opt;
        TrainSteps(model, opt, sched, 0, 5);

        using var saved = opt.state_dict();
        var savedSchedule = sched.state_dict();
        Assert.Equal("\"AdamW\"", saved.Metadata["optimizer"]);
        Assert.Equal("[0,1]", saved.Metadata["param_groups.0.params"]);
        Assert.Equal("[2,3]", saved.Metadata["param_groups.1.params"]);
        Assert.Equal("[0.9,0.98]", saved.Metadata["param_groups.0.betas"]);
        Assert.Equal("0.2", saved.Metadata["param_groups.0.weight_decay"]);
        Assert.Equal(5L, saved.Tensors["state.3.step"].item<long>());
        Assert.Equal([16L, 4], saved.Tensors["state.0.exp_avg_sq"].shape);
        Assert.Equal(12, saved.Tensors.Count);

        // a second run built from the saved model and optimizer state continues identically
        using var copy = Mlp();
        using (var weights = NewDisposeScope()) copy.load_state_dict(model.state_dict());
        var (resumed, opt2, sched2) = NewRun(copy);
        using var _o2 = opt2;
        opt2.load_state_dict(saved);
        sched2.load_state_dict(savedSchedule);
        Assert.Equal(opt.param_groups[0].lr, opt2.param_groups[0].lr);

        TrainSteps(model, opt, sched, 5, 12);
        TrainSteps(resumed, opt2, sched2, 5, 12);
        using var scope = NewDisposeScope();
        foreach (var ((name, a), (_, b)) in model.named_parameters().Zip(resumed.named_parameters()))
            Assert.True(a.equal(b), $"{name} differs after resuming");
        Assert.Equal(12, opt2.StepCount(0));
    }

    [Fact]
    public void LoadingAMismatchedStateDictFailsBeforeChangingAnything()
    {
        var (model, opt, sched) = NewRun(Mlp());
        using var _m = model;
        using var _o = opt;
        TrainSteps(model, opt, sched, 0, 1);
        using var saved = opt.state_dict();

        using var other = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
        var (_, wrongShapes, _) = NewRun(other);
        using var _w = wrongShapes;
        var ex = Assert.Throws<ArgumentException>(() => wrongShapes.load_state_dict(saved));
        Assert.Contains("\"state.0.exp_avg\" has shape [16, 4], parameter 0 has shape [8, 4]", ex.Message);
        Assert.Equal(1e-2, wrongShapes.param_groups[0].initial_lr);

        using var single = new optim.AdamW(model.parameters());
        ex = Assert.Throws<ArgumentException>(() => single.load_state_dict(saved));
        Assert.Contains("2 parameter groups, this optimizer has 1", ex.Message);
    }
}

/// <summary>The engine end to end: a small network learns a task (seeded, so the numbers are fixed).</summary>
[Collection("nn seeded RNG")]
public class TrainingTests
{
    [Fact]
    public void TinyModelLearnsXorOfSigns()
    {
        manual_seed(0);
        using var model = new nn.Sequential(new nn.Linear(2, 32), new nn.GELU(), new nn.Linear(32, 2));
        using var opt = new optim.AdamW(model.parameters(), lr: 0.02, weight_decay: 0.01);
        var sched = optim.lr_scheduler.get_warmup_cosine_schedule(opt, total_steps: 300, warmup_proportion: 0.05);
        using var data = NewDisposeScope();
        var x = randn(512, 2);
        var y = x[.., 0].mul(x[.., 1]).gt(0).@long();   // class 1 when both coordinates have the same sign

        double first = 0, last = 0;
        for (int step = 0; step < 300; step++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(x), y);
            loss.backward();
            opt.step();
            sched.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        using (no_grad())
        {
            var accuracy = model.forward(x).argmax(1).eq(y).@float().mean().item<float>();
            Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
        }
        Assert.InRange(first, 0.6, 0.8);                 // about ln 2 at the start
        Assert.True(last < 0.15 * first, $"loss went from {first} to {last}");
    }
}
