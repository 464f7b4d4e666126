using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/reduce.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_sum(TensorHandle t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_mean(TensorHandle t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_prod(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool all, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_std(TensorHandle t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool unbiased, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_var(TensorHandle t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool unbiased, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_norm(TensorHandle t, double p, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_logsumexp(TensorHandle t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_amax(TensorHandle t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_amin(TensorHandle t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_max_all(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_min_all(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_all(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_any(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_all_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_any_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_count_nonzero(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool all);
    [LibraryImport(Lib)] internal static partial int tvr_max_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int tvr_min_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int tvr_median_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int tvr_topk(TensorHandle t, long k, long dim, [MarshalAs(UnmanagedType.U1)] bool largest, [MarshalAs(UnmanagedType.U1)] bool sorted, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int tvr_sort(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool descending, [MarshalAs(UnmanagedType.U1)] bool stable, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_median_all(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_argmax(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool all, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_argmin(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool all, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_argsort(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool descending, [MarshalAs(UnmanagedType.U1)] bool stable);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_cumsum(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_cumprod(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_softmax(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_log_softmax(TensorHandle t, long dim);
}
