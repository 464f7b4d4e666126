using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Indexing (Native/indexing.cpp): x[...] reads and writes like Python, plus gather/scatter/masks.
public partial class Tensor
{
    /// <summary>x[i, j:k, None, ..., mask] as in Python; see <see cref="TensorIndex"/> for how to write each part.</summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => Index(indices);
        set => IndexPut(indices, value);
    }

    unsafe Tensor Index(TensorIndex[] indices)
    {
        var (kinds, starts, stops, steps, raws) = Encode(indices);
        fixed (IntPtr* r = raws)
        {
            var h = Native.tvr_index(Handle, kinds, starts, stops, steps, r, indices.Length);
            GC.KeepAlive(indices);
            return new Tensor(h);
        }
    }

    unsafe void IndexPut(TensorIndex[] indices, Tensor value)
    {
        var (kinds, starts, stops, steps, raws) = Encode(indices);
        fixed (IntPtr* r = raws)
            TorchException.Check(Native.tvr_index_put_(Handle, kinds, starts, stops, steps, r, indices.Length, value.Handle));
        GC.KeepAlive(indices);
    }

    /// <summary>x[indices] = value for a number.</summary>
    public unsafe Tensor index_put_(Scalar value, params TensorIndex[] indices)
    {
        var (kinds, starts, stops, steps, raws) = Encode(indices);
        fixed (IntPtr* r = raws)
            TorchException.Check(Native.tvr_index_put_scalar_(Handle, kinds, starts, stops, steps, r, indices.Length, value.Value, value.Kind));
        GC.KeepAlive(indices);
        return this;
    }

    public Tensor index_put_(Tensor value, params TensorIndex[] indices) { IndexPut(indices, value); return this; }

    static (int[], long[], long[], long[], IntPtr[]) Encode(TensorIndex[] indices)
    {
        int n = indices.Length;
        var kinds = new int[n];
        var starts = new long[n];
        var stops = new long[n];
        var steps = new long[n];
        var raws = new IntPtr[n];
        for (int i = 0; i < n; i++)
        {
            var ix = indices[i];
            kinds[i] = (int)ix.Kind;
            starts[i] = ix.Start;
            stops[i] = ix.Stop;
            steps[i] = ix.Step;
            if (ix.Tensor is { } t) raws[i] = t.RawHandle;
        }
        return (kinds, starts, stops, steps, raws);
    }

    public Tensor index_select(long dim, Tensor index) => new(Native.tvr_index_select(Handle, dim, index.Handle));
    public Tensor gather(long dim, Tensor index) => new(Native.tvr_gather(Handle, dim, index.Handle));
    public Tensor take_along_dim(Tensor indices, long dim) => new(Native.tvr_take_along_dim(Handle, indices.Handle, dim));
    public Tensor scatter(long dim, Tensor index, Tensor src) => new(Native.tvr_scatter(Handle, dim, index.Handle, src.Handle));
    public Tensor scatter(long dim, Tensor index, Scalar value) => new(Native.tvr_scatter_scalar(Handle, dim, index.Handle, value.Value, value.Kind));
    public Tensor scatter_(long dim, Tensor index, Tensor src) { TorchException.Check(Native.tvr_scatter_(Handle, dim, index.Handle, src.Handle)); return this; }
    public Tensor scatter_add(long dim, Tensor index, Tensor src) => new(Native.tvr_scatter_add(Handle, dim, index.Handle, src.Handle));
    public Tensor index_add(long dim, Tensor index, Tensor source, double alpha = 1) => new(Native.tvr_index_add(Handle, dim, index.Handle, source.Handle, alpha));
    public Tensor masked_fill(Tensor mask, Scalar value) => new(Native.tvr_masked_fill(Handle, mask.Handle, value.Value, value.Kind));
    public Tensor masked_fill_(Tensor mask, Scalar value) { TorchException.Check(Native.tvr_masked_fill_(Handle, mask.Handle, value.Value, value.Kind)); return this; }
    public Tensor masked_select(Tensor mask) => new(Native.tvr_masked_select(Handle, mask.Handle));
    public Tensor nonzero() => new(Native.tvr_nonzero(Handle));
    public Tensor multinomial(long num_samples, bool replacement = false) => new(Native.tvr_multinomial(Handle, num_samples, replacement));
}
