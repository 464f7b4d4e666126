using System.Collections.Concurrent;

namespace TvrLab.Notebooks.Execution;

/// <summary>
/// One thread that runs every cell of a notebook, with a synchronization context so that code after an
/// <c>await</c> in a cell comes back to it. Dispose scopes and libtorch's grad/autocast modes are thread-local: a
/// scope opened in one cell is the current scope in the next.
/// </summary>
internal sealed class DedicatedThread : IDisposable
{
    readonly BlockingCollection<(SendOrPostCallback callback, object? state)> queue = new();
    readonly Thread thread;

    public DedicatedThread(string name)
    {
        thread = new Thread(Loop, maxStackSize: 64 * 1024 * 1024) { Name = name, IsBackground = true };
        thread.Start();
    }

    void Loop()
    {
        SynchronizationContext.SetSynchronizationContext(new Context(this));
        foreach (var (callback, state) in queue.GetConsumingEnumerable()) callback(state);
    }

    /// <summary>Runs <paramref name="work"/> on the thread and waits for it, continuations included.</summary>
    public T Run<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add((async _ =>
        {
            try { done.SetResult(await work()); }
            catch (Exception e) { done.SetException(e); }
        }, null));
        return done.Task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        thread.Join(TimeSpan.FromSeconds(5));
    }

    sealed class Context(DedicatedThread owner) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => owner.queue.Add((d, state));

        public override SynchronizationContext CreateCopy() => this;
    }
}
