using static TvrLab.Torch.torch;

namespace TvrLab.Torch.Tests;

/// <summary>Tests that read the process-wide live-tensor count run alone, after the parallel ones.</summary>
[CollectionDefinition("serial", DisableParallelization = true)]
public class SerialCollection;

/// <summary>Dispose scopes, ownership and the live-tensor statistics.</summary>
[Collection("serial")]
public class MemoryTests
{
    /// <summary>Collects garbage (running the finalizer backstop) so that the live count is a stable baseline.</summary>
    static long SettledLive()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return TensorStatistics.Live;
    }

    [Fact]
    public void AHundredThousandOpsInScopesReturnTheLiveCountToItsBaseline()
    {
        using var w = randn(16, 16).DetachFromDisposeScope();
        using var x = randn(4, 16);
        var baseline = SettledLive();
        var created = TensorStatistics.Created;
        Tensor? kept = null;
        for (int step = 0; step < 1000; step++)
        {
            using var scope = NewDisposeScope();
            var h = x;
            for (int i = 0; i < 25; i++) h = (h.matmul(w) * 0.1).tanh() + 1;   // 4 ops a line: 100 ops a step
            kept?.Dispose();
            kept = scope.MoveToOuter(h.sum());                                   // one result survives each step
        }
        Assert.Equal(101_000, TensorStatistics.Created - created);             // 100,000 ops and 1,000 sums
        Assert.Equal(baseline + 1, TensorStatistics.Live);
        Assert.False(double.IsNaN(kept!.item<double>()));
        kept.Dispose();
        Assert.Equal(baseline, TensorStatistics.Live);
    }

    [Fact]
    public void TensorsMadeOnOtherThreadsAndFreedHereAreCountedOnBothSides()
    {
        var baseline = SettledLive();
        var made = new Tensor[4];
        var threads = Enumerable.Range(0, made.Length).Select(i => new Thread(() => made[i] = full([2, 2], i))).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.Equal(baseline + made.Length, TensorStatistics.Live);             // each thread counted its own
        using (NewDisposeScope())
            Assert.Equal(24.0, made.Sum(t => t.sum().item<double>()), 12);       // 4 x (0 + 1 + 2 + 3): the handles work here
        foreach (var t in made) t.Dispose();                                      // released here
        Assert.Equal(baseline, TensorStatistics.Live);
        Assert.Equal(TensorStatistics.Created - TensorStatistics.Released, TensorStatistics.Live);
    }

    [Fact]
    public void HandlesSharingOneTensorImplFreeIndependently()
    {
        var baseline = SettledLive();
        var a = ones(3).DetachFromDisposeScope();
        var same = a.contiguous().DetachFromDisposeScope();   // already contiguous: libtorch hands back a's own TensorImpl
        var alias = a.view(3).DetachFromDisposeScope();        // a view: another TensorImpl, the same storage
        Assert.NotSame(a, same);
        Assert.Equal(baseline + 3, TensorStatistics.Live);
        a.Dispose();                                           // drops one reference; the other handle keeps the tensor
        same.add_(1);
        Assert.Equal([2f, 2f, 2f], same.ToArray<float>());
        same.Dispose();
        Assert.Equal([2f, 2f, 2f], alias.ToArray<float>());   // the view still holds the storage
        alias.Dispose();
        Assert.Equal(baseline, SettledLive());
    }

    [Fact]
    public void AScopeFreesWhatWasCreatedInsideAndKeepsWhatWasMovedOut()
    {
        var baseline = SettledLive();
        Tensor a, b, moved;
        using (var scope = NewDisposeScope())
        {
            a = ones(3);
            b = a * 2;
            moved = scope.MoveToOuter(b + 1);
            Assert.Equal(2, scope.Count);
            Assert.Same(scope, DisposeScope.Current);
        }
        Assert.Null(DisposeScope.Current);
        Assert.True(a.IsDisposed && b.IsDisposed);
        Assert.False(moved.IsDisposed);
        Assert.Equal(new float[] { 3, 3, 3 }, moved.ToArray<float>());
        Assert.Equal(baseline + 1, TensorStatistics.Live);
        moved.Dispose();
        Assert.Equal(baseline, TensorStatistics.Live);
    }

    [Fact]
    public void NestedScopesMoveResultsOneLevelOutAtATime()
    {
        var baseline = SettledLive();
        using (var outer = NewDisposeScope())
        {
            Tensor fromInner;
            using (var inner = NewDisposeScope())
            {
                Assert.Same(inner, DisposeScope.Current);
                var t = ones(2) * 5;
                fromInner = inner.MoveToOuter(t);                  // now owned by the outer scope
                Assert.Throws<InvalidOperationException>(() => inner.MoveToOuter(t));  // no longer the inner's
            }
            Assert.Same(outer, DisposeScope.Current);
            Assert.False(fromInner.IsDisposed);
            Assert.Equal(1, outer.Count);
            var survivor = fromInner.MoveToOuterDisposeScope();    // out of the outermost scope: owned by the caller
            Assert.Equal(0, outer.Count);
            using (survivor)
            {
                outer.Dispose();
                Assert.False(survivor.IsDisposed);
            }
            Assert.True(survivor.IsDisposed);
        }
        Assert.Equal(baseline, TensorStatistics.Live);
    }

    [Fact]
    public void DetachedTensorsOutliveTheirScope()
    {
        var baseline = SettledLive();
        Tensor detached, viaScope;
        using (var scope = NewDisposeScope())
        {
            detached = ones(2).DetachFromDisposeScope();
            viaScope = scope.Detach(zeros(2));
            _ = ones(2);
            Assert.Equal(1, scope.Count);
        }
        Assert.False(detached.IsDisposed || viaScope.IsDisposed);
        Assert.Equal(baseline + 2, TensorStatistics.Live);
        detached.Dispose();
        viaScope.Dispose();
        Assert.Equal(baseline, TensorStatistics.Live);
    }

    [Fact]
    public void DisposingATensorEarlyInsideAScopeFreesItOnce()
    {
        var baseline = SettledLive();
        using (NewDisposeScope())
        {
            var t = ones(4);
            t.Dispose();
            Assert.Equal(baseline, TensorStatistics.Live);
        }
        Assert.Equal(baseline, TensorStatistics.Live);
    }

    [Fact]
    public void AScopeClosedOutOfOrderOrOnAnotherThreadThrowsClearly()
    {
        var outer = NewDisposeScope();
        var inner = NewDisposeScope();
        var ex = Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        Assert.Contains("innermost first", ex.Message);
        inner.Dispose();
        outer.Dispose();
        Assert.Null(DisposeScope.Current);

        using var scope = NewDisposeScope();
        var t = ones(1);
        Exception? fromThread = null;
        var thread = new Thread(() => fromThread = Record.Exception(() => scope.Dispose()));
        thread.Start();
        thread.Join();
        Assert.IsType<InvalidOperationException>(fromThread);
        Assert.Contains("thread that opened it", fromThread!.Message);
        Assert.False(t.IsDisposed);  // nothing was freed by the refused Dispose
    }

    [Fact]
    public void UndisposedTensorsAreFreedByTheFinalizerBackstop()
    {
        var baseline = SettledLive();
        static void Leak()
        {
            for (int i = 0; i < 100; i++) _ = ones(8) + 1;   // no scope, never disposed
        }
        Leak();
        Assert.True(TensorStatistics.Live >= baseline);  // some may be collected already
        Assert.Equal(baseline, SettledLive());

        // a scope whose thread ends without disposing it frees its tensors when collected
        var thread = new Thread(() =>
        {
            NewDisposeScope();
            for (int i = 0; i < 10; i++) _ = ones(8) * 2;
        });
        thread.Start();
        thread.Join();
        Assert.Equal(baseline, SettledLive());
    }

    [Fact]
    public void ScopesAreThreadLocal()
    {
        using var scope = NewDisposeScope();
        Tensor? made = null;
        bool otherThreadHadAScope = true;
        var thread = new Thread(() =>
        {
            otherThreadHadAScope = DisposeScope.Current is not null;
            made = ones(2);
        });
        thread.Start();
        thread.Join();
        Assert.False(otherThreadHadAScope);
        Assert.Equal(0, scope.Count);            // the other thread's tensor is not in this scope
        Assert.False(made!.IsDisposed);
        made.Dispose();
    }
}
