using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/device.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial int tvr_cuda_is_available();
    [LibraryImport(Lib)] internal static partial int tvr_cuda_device_count();
    [LibraryImport(Lib)] internal static partial int tvr_cuda_synchronize(long device);
    [LibraryImport(Lib)] internal static partial int tvr_with_cuda();
    [LibraryImport(Lib)] internal static partial int tvr_manual_seed(ulong seed);
    [LibraryImport(Lib)] internal static partial int tvr_cuda_manual_seed_all(ulong seed);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_cpu_rng_state();
    [LibraryImport(Lib)] internal static partial int tvr_set_cpu_rng_state(Tensor state);
    [LibraryImport(Lib)] internal static partial int tvr_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int tvr_get_num_threads();
    [LibraryImport(Lib)] internal static partial int tvr_set_allow_tf32([MarshalAs(UnmanagedType.U1)] bool enabled);
    [LibraryImport(Lib)] internal static partial int tvr_allow_tf32();
    [LibraryImport(Lib)] internal static partial int tvr_autocast_dtype(int device_type);
    [LibraryImport(Lib)] internal static partial int tvr_autocast_enter(int device_type, int dtype, [MarshalAs(UnmanagedType.U1)] bool enabled);
    [LibraryImport(Lib)] internal static partial int tvr_autocast_exit(int device_type, [MarshalAs(UnmanagedType.U1)] bool restore_enabled, int restore_dtype);
    [LibraryImport(Lib)] internal static partial int tvr_autocast_enabled(int device_type);
    [LibraryImport(Lib)] internal static partial long tvr_cuda_memory_stat(int device, int which);
    [LibraryImport(Lib)] internal static partial int tvr_cuda_reset_peak_memory(int device);
    [LibraryImport(Lib)] internal static partial int tvr_cuda_empty_cache();
}
