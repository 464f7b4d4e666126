namespace TvrLab.Torch;

/// <summary>
/// Frees every tensor created on this thread while it is the innermost open scope, when it is disposed.
/// Scopes nest as a thread-local stack; a result that must outlive the scope is handed out with
/// <see cref="MoveToOuter{T}(T)"/> (it joins the enclosing scope, or no scope) or kept for good with
/// <see cref="Detach{T}(T)"/>. Tensors created with no open scope are owned by their creator (Dispose) or, as a
/// backstop only, by the garbage collector. A scope must be disposed on the thread that opened it, innermost first
/// (use <c>using</c>); one that is never disposed frees its tensors when it is collected.
/// </summary>
/// <example>
/// <code>
/// using (var scope = torch.NewDisposeScope())
/// {
///     var h = x.matmul(w).relu();          // freed when the scope ends
///     return scope.MoveToOuter(h.sum());   // survives
/// }
/// </code>
/// </example>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] static DisposeScope? current;

    readonly DisposeScope? outer;
    readonly int threadId;
    List<Tensor> owned = new();
    int compactAt = CompactMin;
    bool disposed;

    // Tensors that left this scope (disposed, moved out, detached) stay in `owned` until the list is compacted, which
    // happens when it doubles: amortised O(1) per tensor however many a long loop creates.
    const int CompactMin = 4096;

    /// <summary>The innermost open scope on this thread, if any.</summary>
    public static DisposeScope? Current => current;

    internal DisposeScope()
    {
        outer = current;
        threadId = Environment.CurrentManagedThreadId;
        current = this;
    }

    /// <summary>Tensors this scope will free (those still registered to it).</summary>
    public int Count => owned.Count(t => ReferenceEquals(t.OwnerScope, this));

    internal void Add(Tensor t)
    {
        if (disposed) throw new ObjectDisposedException(nameof(DisposeScope), "cannot add a tensor to a disposed scope");
        t.OwnerScope = this;
        owned.Add(t);
        if (owned.Count >= compactAt)
        {
            owned.RemoveAll(x => !ReferenceEquals(x.OwnerScope, this));
            compactAt = Math.Max(CompactMin, 2 * owned.Count);
        }
    }

    /// <summary>Hands a tensor to the enclosing scope (or to no scope: then its creator disposes it) so that it survives this one.</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        if (!ReferenceEquals(tensor.OwnerScope, this))
            throw new InvalidOperationException("MoveToOuter: the tensor does not belong to this dispose scope");
        tensor.OwnerScope = null;
        if (outer is { disposed: false }) outer.Add(tensor);
        else tensor.EnsureOwner();
        return tensor;
    }

    public (T1, T2) MoveToOuter<T1, T2>(T1 a, T2 b) where T1 : Tensor where T2 : Tensor => (MoveToOuter(a), MoveToOuter(b));

    public IReadOnlyList<T> MoveToOuter<T>(IEnumerable<T> tensors) where T : Tensor => tensors.Select(MoveToOuter).ToList();

    /// <summary>Removes a tensor from scope management altogether; its owner must dispose it (the GC is only a backstop).</summary>
    public T Detach<T>(T tensor) where T : Tensor
    {
        if (!ReferenceEquals(tensor.OwnerScope, this)) return tensor;
        tensor.OwnerScope = null;
        tensor.EnsureOwner();
        return tensor;
    }

    /// <summary>
    /// Frees every tensor still registered to this scope and makes the enclosing scope current again. Throws
    /// <see cref="InvalidOperationException"/> (freeing nothing) on another thread than the one that opened it, or
    /// while a scope opened inside it is still open.
    /// </summary>
    public void Dispose()
    {
        if (disposed) return;
        if (Environment.CurrentManagedThreadId != threadId)
            throw new InvalidOperationException(
                $"a dispose scope must be disposed on the thread that opened it (opened on managed thread {threadId}, disposed on {Environment.CurrentManagedThreadId}); " +
                "scopes are thread-local: do not let one span an await");
        if (!ReferenceEquals(current, this))
            throw new InvalidOperationException("dispose scopes must be closed innermost first: a scope opened inside this one is still open");
        disposed = true;
        current = outer;
        FreeOwned();
        GC.SuppressFinalize(this);
    }

    /// <summary>Backstop for a scope nobody disposed (e.g. its thread ended): its tensors are unreachable with it.</summary>
    ~DisposeScope() => FreeOwned();

    void FreeOwned()
    {
        foreach (var t in owned)
            if (ReferenceEquals(t.OwnerScope, this)) t.Dispose();
        owned.Clear();
    }
}
