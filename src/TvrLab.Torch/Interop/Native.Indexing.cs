using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/indexing.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_index(TensorHandle t, ReadOnlySpan<int> kinds, ReadOnlySpan<long> starts, ReadOnlySpan<long> stops, ReadOnlySpan<long> steps, IntPtr* tensors, int n);
    [LibraryImport(Lib)] internal static partial int tvr_index_put_(TensorHandle t, ReadOnlySpan<int> kinds, ReadOnlySpan<long> starts, ReadOnlySpan<long> stops, ReadOnlySpan<long> steps, IntPtr* tensors, int n, TensorHandle value);
    [LibraryImport(Lib)] internal static partial int tvr_index_put_scalar_(TensorHandle t, ReadOnlySpan<int> kinds, ReadOnlySpan<long> starts, ReadOnlySpan<long> stops, ReadOnlySpan<long> steps, IntPtr* tensors, int n, double v, int kind);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_index_select(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_gather(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_take_along_dim(TensorHandle t, TensorHandle indices, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_scatter(TensorHandle t, long dim, TensorHandle index, TensorHandle src);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_scatter_scalar(TensorHandle t, long dim, TensorHandle index, double v, int kind);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_scatter_add(TensorHandle t, long dim, TensorHandle index, TensorHandle src);
    [LibraryImport(Lib)] internal static partial int tvr_scatter_(TensorHandle t, long dim, TensorHandle index, TensorHandle src);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_index_add(TensorHandle t, long dim, TensorHandle index, TensorHandle src, double alpha);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_masked_fill(TensorHandle t, TensorHandle mask, double v, int kind);
    [LibraryImport(Lib)] internal static partial int tvr_masked_fill_(TensorHandle t, TensorHandle mask, double v, int kind);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_masked_select(TensorHandle t, TensorHandle mask);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_nonzero(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_one_hot(TensorHandle t, long num_classes);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_multinomial(TensorHandle probs, long n, [MarshalAs(UnmanagedType.U1)] bool replacement);
}
