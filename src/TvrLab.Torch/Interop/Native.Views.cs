using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/views.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_view(TensorHandle t, ReadOnlySpan<long> shape, int n);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_reshape(TensorHandle t, ReadOnlySpan<long> shape, int n);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_expand(TensorHandle t, ReadOnlySpan<long> shape, int n);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_permute(TensorHandle t, ReadOnlySpan<long> dims, int n);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_repeat(TensorHandle t, ReadOnlySpan<long> repeats, int n);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_transpose(TensorHandle t, long d0, long d1);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_unsqueeze(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_squeeze(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_squeeze_dim(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_flatten(TensorHandle t, long start, long end);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_unflatten(TensorHandle t, long dim, ReadOnlySpan<long> sizes, int n);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_narrow(TensorHandle t, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_select(TensorHandle t, long dim, long index);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_slice(TensorHandle t, long dim, long start, long end, long step);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_repeat_interleave(TensorHandle t, long repeats, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_repeat_interleave_tensor(TensorHandle t, TensorHandle repeats, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_flip(TensorHandle t, ReadOnlySpan<long> dims, int n);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_roll(TensorHandle t, long shift, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_cat(IntPtr* ts, int n, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_stack(IntPtr* ts, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr* tvr_split(TensorHandle t, long split_size, long dim, out long count);
    [LibraryImport(Lib)] internal static partial IntPtr* tvr_split_sizes(TensorHandle t, ReadOnlySpan<long> sizes, int n, long dim, out long count);
    [LibraryImport(Lib)] internal static partial IntPtr* tvr_chunk(TensorHandle t, long chunks, long dim, out long count);
    [LibraryImport(Lib)] internal static partial IntPtr* tvr_unbind(TensorHandle t, long dim, out long count);
}
