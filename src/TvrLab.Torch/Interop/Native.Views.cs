using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/views.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial IntPtr tvr_view(Tensor t, ReadOnlySpan<long> shape, int n);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_reshape(Tensor t, ReadOnlySpan<long> shape, int n);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_expand(Tensor t, ReadOnlySpan<long> shape, int n);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_permute(Tensor t, ReadOnlySpan<long> dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_repeat(Tensor t, ReadOnlySpan<long> repeats, int n);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_transpose(Tensor t, long d0, long d1);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_unsqueeze(Tensor t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_squeeze(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_squeeze_dim(Tensor t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_flatten(Tensor t, long start, long end);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_unflatten(Tensor t, long dim, ReadOnlySpan<long> sizes, int n);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_narrow(Tensor t, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_select(Tensor t, long dim, long index);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_slice(Tensor t, long dim, long start, long end, long step);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_repeat_interleave(Tensor t, long repeats, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_repeat_interleave_tensor(Tensor t, Tensor repeats, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_flip(Tensor t, ReadOnlySpan<long> dims, int n);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_roll(Tensor t, long shift, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_cat(IntPtr* ts, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_stack(IntPtr* ts, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr* tvr_split(Tensor t, long split_size, long dim, out long count);
    [LibraryImport(Lib)] internal static partial IntPtr* tvr_split_sizes(Tensor t, ReadOnlySpan<long> sizes, int n, long dim, out long count);
    [LibraryImport(Lib)] internal static partial IntPtr* tvr_chunk(Tensor t, long chunks, long dim, out long count);
    [LibraryImport(Lib)] internal static partial IntPtr* tvr_unbind(Tensor t, long dim, out long count);
}
