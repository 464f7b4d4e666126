using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Views and layout (Native/views.cpp) and matrix products (Native/linalg.cpp).
public partial class Tensor
{
    public Tensor view(params long[] shape) => new(Native.tvr_view(Handle, shape, shape.Length));
    public Tensor reshape(params long[] shape) => new(Native.tvr_reshape(Handle, shape, shape.Length));
    public Tensor view_as(Tensor other) => view(other.shape);
    public Tensor reshape_as(Tensor other) => reshape(other.shape);
    public Tensor expand(params long[] shape) => new(Native.tvr_expand(Handle, shape, shape.Length));
    public Tensor expand_as(Tensor other) => expand(other.shape);
    public Tensor permute(params long[] dims) => new(Native.tvr_permute(Handle, dims, dims.Length));
    public Tensor repeat(params long[] repeats) => new(Native.tvr_repeat(Handle, repeats, repeats.Length));
    public Tensor transpose(long dim0, long dim1) => new(Native.tvr_transpose(Handle, dim0, dim1));
    /// <summary>Transpose of a 2-D tensor (the last two dims of a batch: see <see cref="mT"/>).</summary>
    public Tensor t() => transpose(0, 1);
    /// <summary>The last two dimensions swapped.</summary>
    public Tensor mT => transpose(-2, -1);
    public Tensor unsqueeze(long dim) => new(Native.tvr_unsqueeze(Handle, dim));
    public Tensor squeeze() => new(Native.tvr_squeeze(Handle));
    public Tensor squeeze(long dim) => new(Native.tvr_squeeze_dim(Handle, dim));
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => new(Native.tvr_flatten(Handle, start_dim, end_dim));
    public Tensor unflatten(long dim, params long[] sizes) => new(Native.tvr_unflatten(Handle, dim, sizes, sizes.Length));
    /// <summary>A view of <paramref name="length"/> entries of <paramref name="dim"/> starting at <paramref name="start"/>.</summary>
    public Tensor narrow(long dim, long start, long length) => new(Native.tvr_narrow(Handle, dim, start, length));
    public Tensor select(long dim, long index) => new(Native.tvr_select(Handle, dim, index));
    /// <summary>x[start:end:step] along one dim (PyTorch's Tensor.slice in C++).</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) => new(Native.tvr_slice(Handle, dim, start, end, step));
    public Tensor repeat_interleave(long repeats, long dim) => new(Native.tvr_repeat_interleave(Handle, repeats, dim));
    public Tensor repeat_interleave(Tensor repeats, long dim) => new(Native.tvr_repeat_interleave_tensor(Handle, repeats.Handle, dim));
    public Tensor flip(params long[] dims) => new(Native.tvr_flip(Handle, dims, dims.Length));
    public Tensor roll(long shifts, long dim) => new(Native.tvr_roll(Handle, shifts, dim));

    public unsafe Tensor[] split(long split_size, long dim = 0)
    {
        var p = Native.tvr_split(Handle, split_size, dim, out var count);
        return FromList(p, count);
    }
    public unsafe Tensor[] split(long[] split_sizes, long dim = 0)
    {
        var p = Native.tvr_split_sizes(Handle, split_sizes, split_sizes.Length, dim, out var count);
        return FromList(p, count);
    }
    public unsafe Tensor[] chunk(long chunks, long dim = 0)
    {
        var p = Native.tvr_chunk(Handle, chunks, dim, out var count);
        return FromList(p, count);
    }
    public unsafe Tensor[] unbind(long dim = 0)
    {
        var p = Native.tvr_unbind(Handle, dim, out var count);
        return FromList(p, count);
    }

    // ---- matrix products -------------------------------------------------------------------------------------
    public Tensor matmul(Tensor other) => new(Native.tvr_matmul(Handle, other.Handle));
    public Tensor mm(Tensor other) => new(Native.tvr_mm(Handle, other.Handle));
    public Tensor bmm(Tensor other) => new(Native.tvr_bmm(Handle, other.Handle));
    public Tensor outer(Tensor other) => new(Native.tvr_outer(Handle, other.Handle));
    public Tensor dot(Tensor other) => new(Native.tvr_dot(Handle, other.Handle));
    public Tensor tril(long diagonal = 0) => new(Native.tvr_tril(Handle, diagonal));
    public Tensor triu(long diagonal = 0) => new(Native.tvr_triu(Handle, diagonal));
    public Tensor diag(long diagonal = 0) => new(Native.tvr_diag(Handle, diagonal));
    public Tensor diagonal(long offset = 0, long dim1 = 0, long dim2 = 1) => new(Native.tvr_diagonal(Handle, offset, dim1, dim2));
    public Tensor trace() => new(Native.tvr_trace(Handle));
}
