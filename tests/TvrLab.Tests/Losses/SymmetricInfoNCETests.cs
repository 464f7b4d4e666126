using TvrLab.Losses;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Losses;

/// <summary>The symmetric InfoNCE loss against its formula, its gradients against finite differences, and the clamp.</summary>
public class SymmetricInfoNCETests
{
    static readonly double[,] S = { { 2.0, 0.5, -1.0 }, { 0.3, 1.5, 0.2 }, { -0.4, 0.9, 0.7 } };

    /// <summary>(1/2B) sum_i [-log softmax(S_i.)_i - log softmax(S_.i)_i], in plain doubles.</summary>
    static double ByHand(double[,] s)
    {
        int n = s.GetLength(0);
        double rows = 0, cols = 0;
        for (int i = 0; i < n; i++)
        {
            double r = 0, c = 0;
            for (int j = 0; j < n; j++) { r += Math.Exp(s[i, j]); c += Math.Exp(s[j, i]); }
            rows += Math.Log(r) - s[i, i];
            cols += Math.Log(c) - s[i, i];
        }
        return (rows / n + cols / n) / 2;
    }

    [Fact]
    public void LossMatchesHandComputation()
    {
        using var scope = NewDisposeScope();
        var loss = SymmetricInfoNCE.loss(tensor(S, float64));
        Assert.Empty(loss.shape);
        Assert.Equal(ByHand(S), loss.item<double>(), 12);
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesAndTheClosedForm()
    {
        using var scope = NewDisposeScope();
        var s = tensor(S, float64).requires_grad_();
        SymmetricInfoNCE.loss(s).backward();
        var grad = s.grad!.ToArray2D<double>();
        const double h = 1e-6;
        var n = S.GetLength(0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                var (up, down) = ((double[,])S.Clone(), (double[,])S.Clone());
                up[i, j] += h;
                down[i, j] -= h;
                var numeric = (ByHand(up) - ByHand(down)) / (2 * h);
                Assert.True(Math.Abs(numeric - grad[i, j]) < 1e-8, $"dL/dS[{i},{j}]: autograd {grad[i, j]}, finite differences {numeric}");
            }
        // closed form: dL/dS = (softmax_rows(S) - I + softmax_cols(S) - I) / (2B)
        var closed = (s.detach().softmax(1) + s.detach().softmax(0) - eye(n, dtype: float64) * 2) / (2 * n);
        Assert.True(closed.allclose(s.grad!, 1e-12, 1e-12));
    }

    [Fact]
    public void LossFromFeaturesScalesCosinesByTheLearnedTemperature()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var (t, v) = (randn([4, 6], float64), randn([4, 6], float64));
        var logit_scale = tensor(new[] { 2.5 }).reshape([]).requires_grad_();
        var loss = SymmetricInfoNCE.loss(t, v, logit_scale);
        var cos = (t / t.norm(2, -1, keepdim: true)).matmul((v / v.norm(2, -1, keepdim: true)).t());
        Assert.Equal(SymmetricInfoNCE.loss(cos * Math.Exp(2.5)).item<double>(), loss.item<double>(), 12);
        loss.backward();
        const double h = 1e-6;
        using var up = SymmetricInfoNCE.loss(t, v, full([], 2.5 + h, float64));
        using var down = SymmetricInfoNCE.loss(t, v, full([], 2.5 - h, float64));
        Assert.Equal((up.item<double>() - down.item<double>()) / (2 * h), logit_scale.grad!.item<double>(), 7);
    }

    [Fact]
    public void LogitScaleIsClampedAtLn100()
    {
        using var scope = NewDisposeScope();
        using var p = new nn.Parameter(full([], 5.0, float32));
        SymmetricInfoNCE.clamp_logit_scale_(p);
        Assert.Equal(Math.Log(100), p.item<double>(), 5);
        Assert.True(p.requires_grad && p.is_leaf, "clamping in place keeps the parameter a trainable leaf");
        using (no_grad()) p.fill_(3.0);
        SymmetricInfoNCE.clamp_logit_scale_(p);
        Assert.Equal(3.0, p.item<double>());
    }

    [Fact]
    public void NonSquareMatricesAreRejected()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => SymmetricInfoNCE.loss(zeros(2, 3))).Message);
    }
}
