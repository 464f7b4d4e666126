using static TvrLab.Torch.torch;
using static TvrLab.Torch.Tests.TestData;

namespace TvrLab.Torch.Tests;

/// <summary>Views and layout, Python-style indexing (ranges, None, Ellipsis, masks), gather/scatter, products.</summary>
public class ViewIndexingTests
{
    static Tensor Grid() => arange(12, dtype: float32).reshape(3, 4);

    [Fact]
    public void ViewsShareStorageAndReshapeAsPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = arange(24, dtype: float32).reshape(2, 3, 4);
        Assert.Equal([4L, 3, 2], x.permute(2, 1, 0).shape);
        Assert.Equal([2L, 4, 3], x.transpose(1, 2).shape);
        Assert.False(x.transpose(1, 2).is_contiguous());
        Assert.True(x.transpose(1, 2).contiguous().is_contiguous());
        Assert.Equal([6L, 4], x.view(-1, 4).shape);
        Assert.Equal([2L, 12], x.flatten(1).shape);
        Assert.Equal([2L, 3, 2, 2], x.unflatten(2, 2, 2).shape);
        Assert.Equal([2L, 1, 3, 4], x.unsqueeze(1).shape);
        Assert.Equal([2L, 3, 4], x.unsqueeze(1).squeeze(1).shape);
        Assert.Equal([2L, 3, 4], x[0].unsqueeze(0).expand(2, 3, 4).shape);
        Assert.Equal(new float[] { 4, 5, 6, 7, 8, 9, 10, 11 }, x[0].narrow(0, 1, 2).ToArray<float>());
        Assert.Equal(4L, x.size(-1));
        Assert.Equal([12L, 4, 1], x.stride());
        // a view writes through to its base
        var v = x.view(-1);
        v[0] = tensor(new float[] { 100 });
        Assert.Equal(100f, x[0, 0, 0].item<float>());
    }

    [Fact]
    public void JoiningSplittingAndRepeating()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2 });
        var b = tensor(new float[] { 3, 4 });
        Assert.Equal(new float[] { 1, 2, 3, 4 }, cat([a, b]).ToArray<float>());
        Assert.Equal([2L, 2], stack([a, b]).shape);
        Assert.Equal(new float[] { 1, 3, 2, 4 }, stack([a, b], 1).ToArray<float>());
        var parts = arange(7).split(3);
        Assert.Equal([3L, 3, 1], parts.Select(p => p.size(0)));
        Assert.Equal([2L, 5], arange(7).split([2, 5]).Select(p => p.size(0)));
        Assert.Equal(new long[] { 6 }, arange(7).chunk(3)[2].ToArray<long>());
        Assert.Equal(new float[] { 1, 2, 1, 2, 1, 2 }, a.repeat(3).ToArray<float>());
        Assert.Equal([2L, 4], a.unsqueeze(0).repeat(2, 2).shape);
        Assert.Equal(new float[] { 1, 1, 1, 2, 2, 2 }, a.repeat_interleave(3, 0).ToArray<float>());
        Assert.Equal(new float[] { 1, 2, 2, 2 }, a.repeat_interleave(tensor(new long[] { 1, 3 }), 0).ToArray<float>());
        Assert.Equal(new float[] { 2, 1 }, a.flip(0).ToArray<float>());
        Assert.Equal(2, arange(6).reshape(2, 3).unbind(0).Length);
    }

    [Fact]
    public void IndexingWithIntegersRangesNoneAndEllipsis()
    {
        using var scope = NewDisposeScope();
        var g = Grid();
        Assert.Equal(new float[] { 4, 5, 6, 7 }, g[1].ToArray<float>());
        Assert.Equal(11f, g[^1, ^1].item<float>());
        Assert.Equal(new float[] { 1, 5, 9 }, g[.., 1].ToArray<float>());                 // g[:, 1]
        Assert.Equal(new float[] { 5, 6 }, g[1, 1..^1].ToArray<float>());                 // g[1, 1:-1]
        Assert.Equal(new float[] { 8, 9, 10, 11 }, g[2..].reshape(-1).ToArray<float>());  // g[2:]
        Assert.Equal(new float[] { 0, 2, 8, 10 }, g[TensorIndex.Slice(null, null, 2), TensorIndex.Slice(0, 4, 2)].reshape(-1).ToArray<float>());
        Assert.Equal([3L, 1, 4], g[.., None].shape);
        Assert.Equal([1L, 3, 4], g[None].shape);
        Assert.Equal(new float[] { 3, 7, 11 }, g[Ellipsis, -1].ToArray<float>());
        Assert.Equal([3L, 4, 1], g[Ellipsis, None].shape);
        Assert.Equal(new float[] { 8, 0 }, g[tensor(new long[] { 2, 0 }), 0].ToArray<float>());  // a long index tensor
    }

    [Fact]
    public void BooleanMasksReadAndWrite()
    {
        using var scope = NewDisposeScope();
        var g = Grid();
        var mask = (g % 3).eq(0);
        Assert.Equal(new float[] { 0, 3, 6, 9 }, g[mask].ToArray<float>());
        Assert.Equal(new float[] { 0, 3, 6, 9 }, g.masked_select(mask).ToArray<float>());
        var rows = tensor(new[] { true, false, true });
        Assert.Equal([2L, 4], g[rows].shape);                                 // a mask over the first dim picks rows
        Assert.Equal(new float[] { 1, 9 }, g[rows, 1].ToArray<float>());

        g[mask] = tensor(new float[] { -1 });                                  // g[mask] = -1 (a broadcast tensor)
        Assert.Equal(new float[] { -1, 1, 2, -1 }, g[0].ToArray<float>());
        g.index_put_(7, g < 0);                                                // g[g < 0] = 7 (a number)
        Assert.Equal(0L, (g < 0).sum().item<long>());
        g[rows, ..] = zeros(2, 4);                                             // g[rows, :] = zeros
        Assert.Equal(new float[] { 0, 0, 0, 0, 4, 5, 7, 7, 0, 0, 0, 0 }, g.reshape(-1).ToArray<float>());
        Assert.Equal(new float[] { 4, 9, 9, 9 }, g.masked_fill(g > 4, 9)[1].ToArray<float>());
    }

    [Fact]
    public void GatherScatterTakeAlongDimAndIndexAdd()
    {
        using var scope = NewDisposeScope();
        var g = Grid();
        var idx = tensor(new long[] { 3, 0, 1, 1, 2, 0 }, [3, 2]);
        Assert.Equal(new float[] { 3, 0, 5, 5, 10, 8 }, g.gather(1, idx).ToArray<float>());
        // take_along_dim with argsort's output sorts each row, as np.take_along_axis
        var x = tensor(new float[] { 3, 1, 2, 9, 7, 8 }, [2, 3]);
        Assert.Equal(new float[] { 1, 2, 3, 7, 8, 9 }, take_along_dim(x, x.argsort(1), 1).ToArray<float>());
        Assert.Equal(new float[] { 0, 8 }, g.index_select(0, tensor(new long[] { 0, 2 }))[.., 0].ToArray<float>());

        var target = zeros(2, 3);
        var scattered = target.scatter(1, tensor(new long[] { 2, 0 }, [2, 1]), tensor(new float[] { 5, 6 }, [2, 1]));
        Assert.Equal(new float[] { 0, 0, 5, 6, 0, 0 }, scattered.ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 1, 0, 0, 0 }, target.scatter(1, tensor(new long[] { 0, 2 }, [1, 2]), 1f).ToArray<float>());
        var acc = zeros(3).scatter_add(0, tensor(new long[] { 0, 2, 0 }), tensor(new float[] { 1, 2, 3 }));
        Assert.Equal(new float[] { 4, 0, 2 }, acc.ToArray<float>());
        var added = zeros(3, 2).index_add_(0, tensor(new long[] { 2, 2 }), ones(2, 2), alpha: 0.5);
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 1 }, added.ToArray<float>());
        Assert.Equal(new float[] { 0, -1, 0 }, zeros(3).index_fill(0, tensor(new long[] { 1 }), -1).ToArray<float>());
        Assert.Equal(new long[] { 0, 0, 1, 0 }, one_hot(tensor(new long[] { 2 }), 4).ToArray<long>());
    }

    [Fact]
    public void IndexPutAccumulateAddsRepeatedIndices()
    {
        using var scope = NewDisposeScope();
        var x = zeros(4);
        var at = tensor(new long[] { 1, 1, 3 });
        x.index_put_([at], tensor(new float[] { 1, 2, 5 }), accumulate: true);
        Assert.Equal(new float[] { 0, 3, 0, 5 }, x.ToArray<float>());
        var y = zeros(4);
        y.index_put_([at], tensor(new float[] { 1, 2, 5 }));
        Assert.Equal(0f, y[0].item<float>());
        Assert.Contains(y[1].item<float>(), new[] { 1f, 2f });                // without accumulate one of the writes wins
        var rows = zeros(3, 2);
        rows.index_put_([tensor(new long[] { 0, 0, 2 }), tensor(new long[] { 1, 1, 0 })], ones(3), accumulate: true);
        Assert.Equal(new float[] { 0, 2, 0, 0, 1, 0 }, rows.ToArray<float>());
    }

    [Fact]
    public void MatrixProductsMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var a = Det([2, 3, 4], 0.2);
        var b = Det([2, 4, 5], 0.3);
        AssertClose(OpsReference.Bmm, a.bmm(b));
        AssertClose(OpsReference.Bmm, a.matmul(b));
        AssertClose(OpsReference.EinsumBatch, einsum("bij,bjk->bik", a, b));
        AssertClose(OpsReference.EinsumPairwise, einsum("atd,bvd->abtv", Det([2, 3, 4], 0.4), Det([3, 2, 4], 0.5)));
        AssertClose(OpsReference.Outer, outer(Det([3], 0.6), Det([4], 0.7)));
        var m = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, m.mm(m).ToArray<float>());
        Assert.Equal(new float[] { 5, 11 }, m.matmul(tensor(new float[] { 1, 2 })).ToArray<float>());  // matrix @ vector
        Assert.Equal(5f, tensor(new float[] { 1, 2 }).dot(tensor(new float[] { 1, 2 })).item<float>());
        Assert.Equal(new float[] { 1, 0, 3, 4 }, m.tril().ToArray<float>());
        Assert.Equal(5f, m.trace().item<float>());
    }
}
