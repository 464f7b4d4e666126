using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/linalg.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial IntPtr tvr_matmul(Tensor a, Tensor b);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_mm(Tensor a, Tensor b);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_bmm(Tensor a, Tensor b);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_outer(Tensor a, Tensor b);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_dot(Tensor a, Tensor b);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr tvr_einsum(string equation, IntPtr* operands, int n);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_baddbmm(Tensor input, Tensor b1, Tensor b2, double beta, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_addmm(Tensor input, Tensor m1, Tensor m2, double beta, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_tril(Tensor t, long diagonal);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_triu(Tensor t, long diagonal);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_diag(Tensor t, long diagonal);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_diagonal(Tensor t, long offset, long dim1, long dim2);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_trace(Tensor t);
}
