using static TvrLab.Torch.torch;
using F = TvrLab.Torch.torch.nn.functional;

namespace TvrLab.Torch.Tests;

/// <summary>Random factories, seeds and the generator state. The CPU generator is process-wide, so these run alone.</summary>
[Collection("serial")]
public class RandomTests
{
    [Fact]
    public void RandomFactoriesFollowTheSeedAndTheirRanges()
    {
        using var scope = NewDisposeScope();
        manual_seed(42);
        var u = rand(1000);
        var n = randn(1000);
        var k = randint(3, 7, [1000]);
        manual_seed(42);
        Assert.True(u.equal(rand(1000)));
        Assert.True(n.equal(randn(1000)));
        Assert.True(k.equal(randint(3, 7, [1000])));
        Assert.True(u.ge(0).all().item<bool>() && u.lt(1).all().item<bool>());
        Assert.InRange(n.mean().item<double>(), -0.15, 0.15);
        Assert.InRange(n.std().item<double>(), 0.85, 1.15);
        Assert.Equal(3L, k.min().item<long>());
        Assert.Equal(6L, k.max().item<long>());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), randperm(10).sort().values.ToArray<long>());
    }

    [Fact]
    public void TheGeneratorStateRestoresTheSameDraws()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var state = get_rng_state();
        var first = rand(5);
        set_rng_state(state);
        Assert.True(first.equal(rand(5)));
    }

    [Fact]
    public void DropoutZeroesAFractionPAndScalesTheRestInTraining()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = ones(100_000);
        var y = F.dropout(x, 0.3);
        var zeroFraction = y.eq(0).@float().mean().item<double>();
        Assert.InRange(zeroFraction, 0.29, 0.31);
        var distinct = y.ToArray<float>().Distinct().Order().ToArray();
        Assert.Equal(2, distinct.Length);
        Assert.Equal(0f, distinct[0]);
        Assert.Equal(1 / 0.7, distinct[1], 5);                                    // survivors are scaled by 1 / (1 - p)
        Assert.True(F.dropout(x, 0.3, training: false).equal(x));                // identity in evaluation
        Assert.Equal(0f, F.dropout(x, 1.0).abs().sum().item<float>());
    }
}
