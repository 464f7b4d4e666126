using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Indexing (Native/indexing.cpp): x[...] reads and writes like Python, plus gather/scatter/masks.
public partial class Tensor
{
    /// <summary>x[i, j:k, None, ..., mask] as in Python; see <see cref="TensorIndex"/> for how to write each part.</summary>
    public Tensor this[params ReadOnlySpan<TensorIndex> indices]
    {
        get => Index(indices);
        set => IndexPut(indices, value);
    }

    // An index crosses the boundary as parallel arrays (kind, start, stop, step, tensor handle per position), kept on
    // the stack: indexing allocates nothing managed but its result.
    const int MaxIndexPositions = 16;

    unsafe struct EncodedIndex
    {
        public fixed int Kinds[MaxIndexPositions];
        public fixed long Starts[MaxIndexPositions];
        public fixed long Stops[MaxIndexPositions];
        public fixed long Steps[MaxIndexPositions];
        public fixed long Tensors[MaxIndexPositions];  // raw handles (IntPtr on 64-bit)

        public EncodedIndex(ReadOnlySpan<TensorIndex> indices)
        {
            if (indices.Length > MaxIndexPositions)
                throw new ArgumentException($"an index has at most {MaxIndexPositions} positions, not {indices.Length}");
            for (int i = 0; i < indices.Length; i++)
            {
                var ix = indices[i];
                Kinds[i] = (int)ix.Kind;
                Starts[i] = ix.Start;
                Stops[i] = ix.Stop;
                Steps[i] = ix.Step;
                Tensors[i] = ix.Tensor is { } t ? (long)t.RawHandle : 0;
            }
        }
    }

    /// <summary>The index tensors must outlive the native call that reads their raw handles.</summary>
    static void KeepAlive(ReadOnlySpan<TensorIndex> indices)
    {
        foreach (var ix in indices) GC.KeepAlive(ix.Tensor);
    }

    unsafe Tensor Index(ReadOnlySpan<TensorIndex> indices)
    {
        var e = new EncodedIndex(indices);
        var result = Native.tvr_index(this, e.Kinds, e.Starts, e.Stops, e.Steps, (IntPtr*)e.Tensors, indices.Length);
        KeepAlive(indices);
        return new Tensor(result);
    }

    unsafe void IndexPut(ReadOnlySpan<TensorIndex> indices, Tensor value, bool accumulate = false)
    {
        var e = new EncodedIndex(indices);
        TorchException.Check(Native.tvr_index_put_(this, e.Kinds, e.Starts, e.Stops, e.Steps, (IntPtr*)e.Tensors, indices.Length, value, accumulate));
        KeepAlive(indices);
    }

    /// <summary>x[indices] = value for a number, e.g. <c>x.index_put_(0, mask)</c> is Python's <c>x[mask] = 0</c>.</summary>
    public unsafe Tensor index_put_(Scalar value, params ReadOnlySpan<TensorIndex> indices)
    {
        var e = new EncodedIndex(indices);
        TorchException.Check(Native.tvr_index_put_scalar_(this, e.Kinds, e.Starts, e.Stops, e.Steps, (IntPtr*)e.Tensors, indices.Length, value.Value, value.Kind));
        KeepAlive(indices);
        return this;
    }

    /// <summary>x[indices] = value (broadcast), as Python's setitem.</summary>
    public Tensor index_put_(Tensor value, params ReadOnlySpan<TensorIndex> indices) { IndexPut(indices, value); return this; }

    /// <summary>
    /// PyTorch's <c>index_put_(indices, values, accumulate)</c> with long index tensors (one per leading dim): with
    /// accumulate, repeated indices add up instead of the last write winning.
    /// </summary>
    public Tensor index_put_(Tensor[] indices, Tensor values, bool accumulate = false)
    {
        var ix = new TensorIndex[indices.Length];
        for (int k = 0; k < ix.Length; k++) ix[k] = indices[k];
        IndexPut(ix, values, accumulate);
        return this;
    }

    public Tensor index_select(long dim, Tensor index) => new(Native.tvr_index_select(this, dim, index));
    public Tensor gather(long dim, Tensor index) => new(Native.tvr_gather(this, dim, index));
    public Tensor take_along_dim(Tensor indices, long dim) => new(Native.tvr_take_along_dim(this, indices, dim));
    public Tensor scatter(long dim, Tensor index, Tensor src) => new(Native.tvr_scatter(this, dim, index, src));
    public Tensor scatter(long dim, Tensor index, Scalar value) => new(Native.tvr_scatter_scalar(this, dim, index, value.Value, value.Kind));
    public Tensor scatter_(long dim, Tensor index, Tensor src) { TorchException.Check(Native.tvr_scatter_(this, dim, index, src)); return this; }
    public Tensor scatter_(long dim, Tensor index, Scalar value) { TorchException.Check(Native.tvr_scatter_scalar_(this, dim, index, value.Value, value.Kind)); return this; }
    /// <summary>out[index[i][j]][j] += src[i][j] for dim 0 (and likewise for other dims).</summary>
    public Tensor scatter_add(long dim, Tensor index, Tensor src) => new(Native.tvr_scatter_add(this, dim, index, src));
    public Tensor scatter_add_(long dim, Tensor index, Tensor src) { TorchException.Check(Native.tvr_scatter_add_(this, dim, index, src)); return this; }
    /// <summary>this[..., index[i], ...] += alpha * source[..., i, ...] along <paramref name="dim"/>.</summary>
    public Tensor index_add(long dim, Tensor index, Tensor source, double alpha = 1) => new(Native.tvr_index_add(this, dim, index, source, alpha));
    public Tensor index_add_(long dim, Tensor index, Tensor source, double alpha = 1) { TorchException.Check(Native.tvr_index_add_(this, dim, index, source, alpha)); return this; }
    public Tensor index_fill(long dim, Tensor index, Scalar value) => new(Native.tvr_index_fill(this, dim, index, value.Value, value.Kind));
    public Tensor index_fill_(long dim, Tensor index, Scalar value) { TorchException.Check(Native.tvr_index_fill_(this, dim, index, value.Value, value.Kind)); return this; }
    public Tensor masked_fill(Tensor mask, Scalar value) => new(Native.tvr_masked_fill(this, mask, value.Value, value.Kind));
    public Tensor masked_fill_(Tensor mask, Scalar value) { TorchException.Check(Native.tvr_masked_fill_(this, mask, value.Value, value.Kind)); return this; }
    public Tensor masked_select(Tensor mask) => new(Native.tvr_masked_select(this, mask));
    public Tensor nonzero() => new(Native.tvr_nonzero(this));
    public Tensor multinomial(long num_samples, bool replacement = false) => new(Native.tvr_multinomial(this, num_samples, replacement));
}
