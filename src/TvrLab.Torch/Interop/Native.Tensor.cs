using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/tensor.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_empty(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_zeros(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_ones(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_full(ReadOnlySpan<long> shape, int ndim, double value, int kind, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_arange(double start, double end, double step, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_linspace(double start, double end, long steps, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_eye(long n, long m, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_rand(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_randn(ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_randint(long low, long high, ReadOnlySpan<long> shape, int ndim, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_randperm(long n, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool requires_grad);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_empty_like(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_zeros_like(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_ones_like(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_full_like(TensorHandle t, double value, int kind);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_rand_like(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_randn_like(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_from_data(void* data, long nbytes, ReadOnlySpan<long> shape, int ndim, int dtype);
    [LibraryImport(Lib)] internal static partial int tvr_copy_to_data(TensorHandle t, void* data, long nbytes);
    [LibraryImport(Lib)] internal static partial long tvr_ndim(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_shape(TensorHandle t, long* @out);
    [LibraryImport(Lib)] internal static partial int tvr_strides(TensorHandle t, long* @out);
    [LibraryImport(Lib)] internal static partial long tvr_numel(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_dtype(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_device_type(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_device_index(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_is_contiguous(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_is_leaf(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_data_ptr(TensorHandle t);
    [LibraryImport(Lib)] internal static partial long tvr_element_size(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_same_storage(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial int tvr_item_double(TensorHandle t, out double @out);
    [LibraryImport(Lib)] internal static partial int tvr_item_long(TensorHandle t, out long @out);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_to_string(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_to(TensorHandle t, int dtype, int device_type, int device_index, [MarshalAs(UnmanagedType.U1)] bool non_blocking, [MarshalAs(UnmanagedType.U1)] bool copy);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_to_dtype(TensorHandle t, int dtype);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_clone(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_contiguous(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_pin_memory(TensorHandle t);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_alias(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_copy_(TensorHandle dst, TensorHandle src, [MarshalAs(UnmanagedType.U1)] bool non_blocking);
    [LibraryImport(Lib)] internal static partial int tvr_fill_(TensorHandle t, double value, int kind);
    [LibraryImport(Lib)] internal static partial int tvr_zero_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_set_data(TensorHandle t, TensorHandle data);
}
