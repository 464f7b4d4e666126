using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/init.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial int tvr_init_uniform_(TensorHandle t, double low, double high);
    [LibraryImport(Lib)] internal static partial int tvr_init_normal_(TensorHandle t, double mean, double std);
    [LibraryImport(Lib)] internal static partial int tvr_init_constant_(TensorHandle t, double value);
    [LibraryImport(Lib)] internal static partial int tvr_init_trunc_normal_(TensorHandle t, double mean, double std, double a, double b);
}
