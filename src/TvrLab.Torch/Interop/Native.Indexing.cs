using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/indexing.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial IntPtr tvr_index(Tensor t, int* kinds, long* starts, long* stops, long* steps, IntPtr* tensors, int n);
    [LibraryImport(Lib)] internal static partial int tvr_index_put_(Tensor t, int* kinds, long* starts, long* stops, long* steps, IntPtr* tensors, int n, Tensor value, [MarshalAs(UnmanagedType.U1)] bool accumulate);
    [LibraryImport(Lib)] internal static partial int tvr_index_put_scalar_(Tensor t, int* kinds, long* starts, long* stops, long* steps, IntPtr* tensors, int n, double v, int kind);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_index_select(Tensor t, long dim, Tensor index);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_gather(Tensor t, long dim, Tensor index);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_take_along_dim(Tensor t, Tensor indices, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_scatter(Tensor t, long dim, Tensor index, Tensor src);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_scatter_scalar(Tensor t, long dim, Tensor index, double v, int kind);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_scatter_add(Tensor t, long dim, Tensor index, Tensor src);
    [LibraryImport(Lib)] internal static partial int tvr_scatter_(Tensor t, long dim, Tensor index, Tensor src);
    [LibraryImport(Lib)] internal static partial int tvr_scatter_scalar_(Tensor t, long dim, Tensor index, double v, int kind);
    [LibraryImport(Lib)] internal static partial int tvr_scatter_add_(Tensor t, long dim, Tensor index, Tensor src);
    [LibraryImport(Lib)] internal static partial int tvr_index_add_(Tensor t, long dim, Tensor index, Tensor src, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_index_fill(Tensor t, long dim, Tensor index, double v, int kind);
    [LibraryImport(Lib)] internal static partial int tvr_index_fill_(Tensor t, long dim, Tensor index, double v, int kind);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_index_add(Tensor t, long dim, Tensor index, Tensor src, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_masked_fill(Tensor t, Tensor mask, double v, int kind);
    [LibraryImport(Lib)] internal static partial int tvr_masked_fill_(Tensor t, Tensor mask, double v, int kind);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_masked_select(Tensor t, Tensor mask);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_nonzero(Tensor t);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_one_hot(Tensor t, long num_classes);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_multinomial(Tensor probs, long n, [MarshalAs(UnmanagedType.U1)] bool replacement);
}
