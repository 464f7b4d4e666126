using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/linalg.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_matmul(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_mm(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_bmm(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_outer(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_dot(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial TensorHandle tvr_einsum(string equation, IntPtr* operands, int n);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_baddbmm(TensorHandle input, TensorHandle b1, TensorHandle b2, double beta, double alpha);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_addmm(TensorHandle input, TensorHandle m1, TensorHandle m2, double beta, double alpha);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_tril(TensorHandle t, long diagonal);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_triu(TensorHandle t, long diagonal);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_diag(TensorHandle t, long diagonal);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_diagonal(TensorHandle t, long offset, long dim1, long dim2);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_trace(TensorHandle t);
}
