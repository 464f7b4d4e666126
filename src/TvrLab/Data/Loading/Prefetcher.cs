namespace TvrLab.Data.Loading;

/// <summary>
/// Makes items 0..count-1 on background threads, at most <c>depth</c> ahead of the consumer, and hands them out in
/// order (PyTorch's DataLoader with num_workers and prefetch_factor, in one process). An exception while making item i
/// is rethrown to the consumer when it reaches item i. Disposing stops the threads and disposes the items made but
/// never handed out; a consumer waiting at that moment gets an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class Prefetcher<T> : IDisposable where T : class, IDisposable
{
    readonly Func<int, CancellationToken, T> make;
    readonly TaskCompletionSource<T>[] slots;
    readonly SemaphoreSlim ahead;
    readonly CancellationTokenSource stop = new();
    readonly Thread[] threads;
    int next, handedOut;
    int disposed;

    public Prefetcher(int count, Func<int, CancellationToken, T> make, int workers, int depth, string name)
    {
        this.make = make;
        slots = new TaskCompletionSource<T>[count];
        for (int i = 0; i < count; i++) slots[i] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        ahead = new SemaphoreSlim(Math.Max(1, depth));
        threads = new Thread[Math.Clamp(workers, 1, Math.Max(1, count))];
        for (int w = 0; w < threads.Length; w++)
        {
            threads[w] = new Thread(Work) { IsBackground = true, Name = $"{name} {w}" };
            threads[w].Start();
        }
    }

    void Work()
    {
        var token = stop.Token;
        try
        {
            while (true)
            {
                ahead.Wait(token);
                int i = Interlocked.Increment(ref next) - 1;
                if (i >= slots.Length) return;
                try
                {
                    var item = make(i, token);
                    if (!slots[i].TrySetResult(item)) item.Dispose();
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested) { slots[i].TrySetCanceled(token); return; }
                catch (Exception e) { slots[i].TrySetException(e); }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { }
    }

    /// <summary>The items in order; enumerate once.</summary>
    public IEnumerable<T> Items()
    {
        for (int i = 0; i < slots.Length; i++)
        {
            var task = slots[i].Task;
            try { task.Wait(stop.Token); }
            catch (AggregateException) { }  // rethrown unwrapped below
            T item = task.GetAwaiter().GetResult();
            lock (slots)
            {
                // A Dispose from another thread owns (and disposes) every item not yet handed out.
                if (disposed == 1) throw new OperationCanceledException("the loader was disposed");
                handedOut = i + 1;
            }
            ahead.Release();
            yield return item;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        stop.Cancel();
        foreach (var t in threads) t.Join();
        lock (slots)
            for (int i = handedOut; i < slots.Length; i++)
                if (slots[i].Task.IsCompletedSuccessfully) slots[i].Task.Result.Dispose();
        // The semaphore and the token source hold no OS handles; they stay usable for a consumer still unwinding.
    }
}

/// <summary>The prefetched streams of one loader: each runs while it is enumerated; disposing the owner stops them all.</summary>
internal sealed class PrefetchOwner : IDisposable
{
    readonly HashSet<IDisposable> running = [];
    bool disposed;

    public bool IsDisposed { get { lock (running) return disposed; } }

    /// <summary>Streams being enumerated now.</summary>
    public int Active { get { lock (running) return running.Count; } }

    /// <summary>Items 0..count-1 made by <paramref name="make"/> on <paramref name="workers"/> threads, <paramref name="depth"/> ahead.</summary>
    public IEnumerable<T> Stream<T>(int count, Func<int, CancellationToken, T> make, int workers, int depth, string name) where T : class, IDisposable
    {
        using var prefetch = new Prefetcher<T>(count, make, workers, depth, name);
        lock (running)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            running.Add(prefetch);
        }
        try
        {
            foreach (var item in prefetch.Items()) yield return item;
        }
        finally
        {
            lock (running) running.Remove(prefetch);
        }
    }

    public void Dispose()
    {
        IDisposable[] active;
        lock (running)
        {
            if (disposed) return;
            disposed = true;
            active = [.. running];
        }
        foreach (var p in active) p.Dispose();
    }
}
