using TvrLab.Losses;
using TvrLab.Models.Heads;
using TvrLab.Torch;
using static TvrLab.Tests.Models.ModelTestData;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Losses;

/// <summary>CDCR: the guarded z-score, the weighted cross-correlation, each mode, and no NaN on degenerate channels.</summary>
public class ChannelDecorrelationTests
{
    [Fact]
    public void ZScoreIsTheReferencesUnbiasedOneWhereTheStdIsNotTiny()
    {
        manual_seed(1);
        using var scope = NewDisposeScope();
        var x = randn([9, 5], float64) * 0.3 + 2;
        var reference = (x - x.mean(0)) / x.std(0, unbiased: true);                   // foolwood/DRL: (x - x.mean(0)) / x.std(0)
        Assert.True(MaxAbsDiff(reference, ChannelDecorrelation.zscore(x)) < 1e-8);
    }

    [Fact]
    public void ConstantChannelsGiveAFiniteLossAndGradient()
    {
        manual_seed(2);
        using var scope = NewDisposeScope();
        var a = randn([6, 4], float64);
        var b = randn([6, 4], float64);
        a[.., 1] = full([6], 0.25, float64);                                            // a constant channel: std 0
        b[.., 3] = zeros([6], float64);
        var (ra, rb) = (a.detach().requires_grad_(), b.detach().requires_grad_());
        var loss = ChannelDecorrelation.Rows(ra, rb, 0.14, 0.06);
        Assert.True(double.IsFinite(loss.item<double>()));
        loss.backward();
        Assert.True(ra.grad!.isfinite().all().item<bool>() && rb.grad!.isfinite().all().item<bool>(), "CDCR's gradient is not finite");
        // the unguarded reference formula is NaN here
        var naive = (a - a.mean(0)) / a.std(0);
        Assert.True(naive.isnan().any().item<bool>());
        // one row: the unbiased variance is undefined, the loss is 0
        Assert.Equal(0, ChannelDecorrelation.Rows(a[..1], b[..1], 0.14, 0.06).item<double>());
    }

    [Fact]
    public void TokenModesStayFiniteOnIdenticalFeatures()
    {
        using var scope = NewDisposeScope();
        // every token and frame the same unit vector: all channels constant
        var t = ones([3, 4, 6], float64) / Math.Sqrt(6);
        var v = ones([3, 2, 6], float64) / Math.Sqrt(6);
        var mt = FrameMask(4, 4, 2, 3).@double();
        var mv = FrameMask(2, 2, 1, 2).@double();
        var w_t = mt / mt.sum(-1, keepdim: true);
        var w_v = mv / mv.sum(-1, keepdim: true);
        foreach (var mode in new[] { 1, 2, 3 })
        {
            var loss = ChannelDecorrelation.Tokens(t, mt, v, mv, new CdcrSettings(mode, 0.14, 0.06), w_t, w_v);
            // z = 0 everywhere: C = 0, so the loss is alpha1 * D
            Assert.Equal(0.14 * 6, loss.item<double>(), 1e-9);
        }
    }

    [Fact]
    public void Mode3IsTheExplicitWeightedSumOfOuterProducts()
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        var za = randn([7, 5], float64);
        var zb = randn([7, 5], float64);
        var w = rand([7], float64);
        // the reference's form: einsum("acd,a->cd", einsum("ac,ad->acd", z_a, z_b), w) / B
        var explicitForm = einsum("acd,a->cd", einsum("ac,ad->acd", za, zb), w) / 3.0;
        Assert.True(MaxAbsDiff(explicitForm, ChannelDecorrelation.cross_correlation(za, zb, w, 3)) < 1e-13);
        Assert.True(MaxAbsDiff(za.t().matmul(zb) / 7, ChannelDecorrelation.cross_correlation(za, zb)) < 1e-13);
    }

    [Fact]
    public void LossIsAlpha1OnTheDiagonalAndAlpha2OffIt()
    {
        using var scope = NewDisposeScope();
        var c = tensor(new[] { 0.5, 0.2, -0.1, 1.5 }, [2, 2], float64);
        // diagonal: (0.5 - 1)^2 + (1.5 - 1)^2 = 0.5; off-diagonal: 0.04 + 0.01 = 0.05
        Assert.Equal(0.3 * 0.5 + 2 * 0.05, ChannelDecorrelation.loss(c, 0.3, 2).item<double>(), 1e-14);
    }

    [Fact]
    public void Mode2PairsEachValidTokenWithItsArgmaxFrameInItsOwnVideo()
    {
        manual_seed(4);
        using var scope = NewDisposeScope();
        var t = MeanPooling.normalize(randn([2, 3, 4], float64));
        var v = MeanPooling.normalize(randn([2, 3, 4], float64));
        var mt = FrameMask(3, 3, 2).@double();
        var mv = FrameMask(3, 2, 3).@double();
        // rows written out by hand
        var ta = new List<Tensor>(); var tb = new List<Tensor>(); var va = new List<Tensor>(); var vb = new List<Tensor>();
        int[] nt = [3, 2], nv = [2, 3];
        for (int a = 0; a < 2; a++)
        {
            var s = t[a].matmul(v[a].t()) * mt[a].unsqueeze(1) * mv[a].unsqueeze(0);   // [Lt, Lv], masked entries 0
            for (int i = 0; i < nt[a]; i++) { ta.Add(t[a, i]); tb.Add(v[a, s[i].argmax().item<long>()]); }
            for (int j = 0; j < nv[a]; j++) { va.Add(v[a, j]); vb.Add(t[a, s[.., j].argmax().item<long>()]); }
        }
        var c1 = ChannelDecorrelation.cross_correlation(ChannelDecorrelation.zscore(stack(ta)), ChannelDecorrelation.zscore(stack(tb)));
        var c2 = ChannelDecorrelation.cross_correlation(ChannelDecorrelation.zscore(stack(va)), ChannelDecorrelation.zscore(stack(vb)));
        var expected = ChannelDecorrelation.loss((c1 + c2) / 2, 0.16, 0.05);
        var actual = ChannelDecorrelation.Tokens(t, mt, v, mv, new CdcrSettings(2, 0.16, 0.05));
        Assert.Equal(expected.item<double>(), actual.item<double>(), 1e-12);
    }

    [Fact]
    public void SettingsFollowTheReferenceScripts()
    {
        Assert.Equal(new CdcrSettings(1, 0.14), CdcrSettings.For(Interaction.dp));
        Assert.Equal(new CdcrSettings(2, 0.16), CdcrSettings.For(Interaction.ti));
        Assert.Equal(new CdcrSettings(3, 0.14), CdcrSettings.For(Interaction.wti));
        Assert.Equal(1e-3, CdcrSettings.For(Interaction.wti).lambda);
        Assert.Equal(0, CdcrSettings.For(Interaction.wti).alpha2);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CdcrSettings(4, 0.1).Validate(Interaction.wti));
    }
}
