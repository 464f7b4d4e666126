using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/error.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial IntPtr tvr_last_error();
    [LibraryImport(Lib)] internal static partial void tvr_tensor_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial void tvr_free_handle_array(IntPtr* arr);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_torch_version();
    [LibraryImport(Lib)] internal static partial int tvr_test_throw(int kind);
}
