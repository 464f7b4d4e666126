using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/reduce.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial IntPtr tvr_sum(Tensor t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_mean(Tensor t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_prod(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool all, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_std(Tensor t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool unbiased, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_var(Tensor t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool unbiased, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_norm(Tensor t, double p, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_logsumexp(Tensor t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_amax(Tensor t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_amin(Tensor t, ReadOnlySpan<long> dims, int ndims, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_max_all(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_min_all(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_all(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_any(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_all_dim(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_any_dim(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_count_nonzero(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool all);
    [LibraryImport(Lib)] internal static partial int tvr_max_dim(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int tvr_min_dim(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int tvr_median_dim(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int tvr_topk(Tensor t, long k, long dim, [MarshalAs(UnmanagedType.U1)] bool largest, [MarshalAs(UnmanagedType.U1)] bool sorted, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int tvr_sort(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool descending, [MarshalAs(UnmanagedType.U1)] bool stable, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_median_all(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_argmax(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool all, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_argmin(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool all, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_argsort(Tensor t, long dim, [MarshalAs(UnmanagedType.U1)] bool descending, [MarshalAs(UnmanagedType.U1)] bool stable);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_cumsum(Tensor t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_cumprod(Tensor t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_softmax(Tensor t, long dim, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_log_softmax(Tensor t, long dim, int dtype);
}
