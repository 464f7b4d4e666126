namespace TvrLab.Torch;

/// <summary>
/// Frees every tensor created on this thread while it is the innermost open scope, when it is disposed.
/// Scopes nest as a thread-local stack; a result that must outlive the scope is handed out with
/// <see cref="MoveToOuter{T}(T)"/> (it joins the enclosing scope, or no scope) or kept for good with
/// <see cref="Detach{T}(T)"/>. Tensors created with no open scope are owned by their creator (Dispose) or, as a
/// backstop only, by the garbage collector.
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
    bool disposed;

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

    internal static void RegisterCreated(Tensor t)
    {
        var s = current;
        if (s is not null) s.Add(t);
    }

    internal void Add(Tensor t)
    {
        if (disposed) throw new ObjectDisposedException(nameof(DisposeScope), "cannot add a tensor to a disposed scope");
        t.OwnerScope = this;
        owned.Add(t);
        // Compact now and then so that long loops inside one scope with many moved-out tensors stay small.
        if (owned.Count >= 4096 && (owned.Count & 4095) == 0) owned.RemoveAll(x => !ReferenceEquals(x.OwnerScope, this));
    }

    /// <summary>Hands a tensor to the enclosing scope (or to no scope) so that it survives this one.</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        if (!ReferenceEquals(tensor.OwnerScope, this))
            throw new InvalidOperationException("MoveToOuter: the tensor does not belong to this dispose scope");
        tensor.OwnerScope = null;
        outer?.Add(tensor);
        return tensor;
    }

    public (T1, T2) MoveToOuter<T1, T2>(T1 a, T2 b) where T1 : Tensor where T2 : Tensor => (MoveToOuter(a), MoveToOuter(b));

    public IReadOnlyList<T> MoveToOuter<T>(IEnumerable<T> tensors) where T : Tensor => tensors.Select(MoveToOuter).ToList();

    /// <summary>Removes a tensor from scope management altogether; its owner must dispose it.</summary>
    public T Detach<T>(T tensor) where T : Tensor
    {
        if (ReferenceEquals(tensor.OwnerScope, this)) tensor.OwnerScope = null;
        return tensor;
    }

    public void Dispose()
    {
        if (disposed) return;
        if (Environment.CurrentManagedThreadId != threadId)
            throw new InvalidOperationException("a dispose scope must be disposed on the thread that opened it");
        if (!ReferenceEquals(current, this))
            throw new InvalidOperationException("dispose scopes must be closed innermost first");
        disposed = true;
        foreach (var t in owned)
            if (ReferenceEquals(t.OwnerScope, this))
            {
                t.OwnerScope = null;
                t.Dispose();
            }
        owned = new();
        current = outer;
    }
}
