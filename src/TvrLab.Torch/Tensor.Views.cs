using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Views and layout (Native/views.cpp) and matrix products (Native/linalg.cpp).
public partial class Tensor
{
    public Tensor view(params long[] shape) => new(Native.tvr_view(this, shape, shape.Length));
    public Tensor reshape(params long[] shape) => new(Native.tvr_reshape(this, shape, shape.Length));
    public Tensor view_as(Tensor other) => view(other.shape);
    public Tensor reshape_as(Tensor other) => reshape(other.shape);
    public Tensor expand(params long[] shape) => new(Native.tvr_expand(this, shape, shape.Length));
    public Tensor expand_as(Tensor other) => expand(other.shape);
    public Tensor permute(params long[] dims) => new(Native.tvr_permute(this, dims, dims.Length));
    public Tensor repeat(params long[] repeats) => new(Native.tvr_repeat(this, repeats, repeats.Length));
    public Tensor transpose(long dim0, long dim1) => new(Native.tvr_transpose(this, dim0, dim1));
    /// <summary>Transpose of a 2-D tensor (the last two dims of a batch: see <see cref="mT"/>).</summary>
    public Tensor t() => transpose(0, 1);
    /// <summary>The last two dimensions swapped.</summary>
    public Tensor mT => transpose(-2, -1);
    public Tensor unsqueeze(long dim) => new(Native.tvr_unsqueeze(this, dim));
    public Tensor squeeze() => new(Native.tvr_squeeze(this));
    public Tensor squeeze(long dim) => new(Native.tvr_squeeze_dim(this, dim));
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => new(Native.tvr_flatten(this, start_dim, end_dim));
    public Tensor unflatten(long dim, params long[] sizes) => new(Native.tvr_unflatten(this, dim, sizes, sizes.Length));
    /// <summary>A view of <paramref name="length"/> entries of <paramref name="dim"/> starting at <paramref name="start"/>.</summary>
    public Tensor narrow(long dim, long start, long length) => new(Native.tvr_narrow(this, dim, start, length));
    public Tensor select(long dim, long index) => new(Native.tvr_select(this, dim, index));
    /// <summary>x[start:end:step] along one dim (PyTorch's Tensor.slice in C++).</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) => new(Native.tvr_slice(this, dim, start, end, step));
    public Tensor repeat_interleave(long repeats, long dim) => new(Native.tvr_repeat_interleave(this, repeats, dim));
    public Tensor repeat_interleave(Tensor repeats, long dim) => new(Native.tvr_repeat_interleave_tensor(this, repeats, dim));
    public Tensor flip(params long[] dims) => new(Native.tvr_flip(this, dims, dims.Length));
    public Tensor roll(long shifts, long dim) => new(Native.tvr_roll(this, shifts, dim));

    public unsafe Tensor[] split(long split_size, long dim = 0)
    {
        var p = Native.tvr_split(this, split_size, dim, out var count);
        return FromList(p, count);
    }
    public unsafe Tensor[] split(long[] split_sizes, long dim = 0)
    {
        var p = Native.tvr_split_sizes(this, split_sizes, split_sizes.Length, dim, out var count);
        return FromList(p, count);
    }
    public unsafe Tensor[] chunk(long chunks, long dim = 0)
    {
        var p = Native.tvr_chunk(this, chunks, dim, out var count);
        return FromList(p, count);
    }
    public unsafe Tensor[] unbind(long dim = 0)
    {
        var p = Native.tvr_unbind(this, dim, out var count);
        return FromList(p, count);
    }

    // ---- matrix products -------------------------------------------------------------------------------------
    public Tensor matmul(Tensor other) => new(Native.tvr_matmul(this, other));
    public Tensor mm(Tensor other) => new(Native.tvr_mm(this, other));
    public Tensor bmm(Tensor other) => new(Native.tvr_bmm(this, other));
    public Tensor outer(Tensor other) => new(Native.tvr_outer(this, other));
    public Tensor dot(Tensor other) => new(Native.tvr_dot(this, other));
    public Tensor tril(long diagonal = 0) => new(Native.tvr_tril(this, diagonal));
    public Tensor triu(long diagonal = 0) => new(Native.tvr_triu(this, diagonal));
    public Tensor diag(long diagonal = 0) => new(Native.tvr_diag(this, diagonal));
    public Tensor diagonal(long offset = 0, long dim1 = 0, long dim2 = 1) => new(Native.tvr_diagonal(this, offset, dim1, dim2));
    public Tensor trace() => new(Native.tvr_trace(this));
}
