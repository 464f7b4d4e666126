using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/tensor.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial IntPtr tvr_empty(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_zeros(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_ones(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_full(ReadOnlySpan<long> shape, int ndim, double value, int kind, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_arange(double start, double end, double step, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_linspace(double start, double end, long steps, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_eye(long n, long m, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_rand(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_randn(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_randint(long low, long high, ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_randperm(long n, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_empty_like(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_zeros_like(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_ones_like(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_full_like(Tensor t, double value, int kind);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_rand_like(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_randn_like(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_from_data(void* data, long nbytes, ReadOnlySpan<long> shape, int ndim, int dtype);
    [LibraryImport(Lib)] internal static partial int tvr_copy_to_data(Tensor t, void* data, long nbytes);
    // Metadata reads (SuppressGCTransition): O(1) field reads of the TensorImpl that cannot block, call back or throw
    // for a live tensor, so they may skip the GC transition. Never use it for ops or frees: those can run long
    // (kernels, intra-op thread pools, freeing an autograd graph) or take allocator locks.
    [LibraryImport(Lib), SuppressGCTransition] internal static partial long tvr_ndim(Tensor t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int tvr_shape(Tensor t, long* @out);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int tvr_strides(Tensor t, long* @out);
    [LibraryImport(Lib)] internal static partial long tvr_size(Tensor t, long dim);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial long tvr_numel(Tensor t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int tvr_dtype(Tensor t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int tvr_device_type(Tensor t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int tvr_device_index(Tensor t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int tvr_is_contiguous(Tensor t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int tvr_is_leaf(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_data_ptr(Tensor t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial long tvr_element_size(Tensor t);
    [LibraryImport(Lib)] internal static partial int tvr_same_storage(Tensor a, Tensor b);
    [LibraryImport(Lib)] internal static partial int tvr_item_double(Tensor t, out double @out);
    [LibraryImport(Lib)] internal static partial int tvr_item_long(Tensor t, out long @out);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_to_string(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_to(Tensor t, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool non_blocking, [MarshalAs(UnmanagedType.U1)] bool copy);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_to_dtype(Tensor t, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_clone(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_contiguous(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_pin_memory(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_alias(Tensor t);
    [LibraryImport(Lib)] internal static partial int tvr_copy_(Tensor dst, Tensor src, [MarshalAs(UnmanagedType.U1)] bool non_blocking);
    [LibraryImport(Lib)] internal static partial int tvr_fill_(Tensor t, double value, int kind);
    [LibraryImport(Lib)] internal static partial int tvr_zero_(Tensor t);
    [LibraryImport(Lib)] internal static partial int tvr_set_data(Tensor t, Tensor data);
}
