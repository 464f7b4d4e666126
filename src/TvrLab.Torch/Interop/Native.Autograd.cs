using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/autograd.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial int tvr_requires_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_set_requires_grad(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool value);
    [LibraryImport(Lib)] internal static partial int tvr_backward(TensorHandle t, TensorHandle gradient, [MarshalAs(UnmanagedType.U1)] bool retain_graph, [MarshalAs(UnmanagedType.U1)] bool create_graph);
    [LibraryImport(Lib)] internal static partial int tvr_grad(TensorHandle t, out IntPtr @out);
    [LibraryImport(Lib)] internal static partial int tvr_set_grad(TensorHandle t, TensorHandle grad);
    [LibraryImport(Lib)] internal static partial int tvr_zero_grad(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool set_to_none);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_detach(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_detach_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_retain_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int tvr_autograd_grad(IntPtr* outputs, int n_out, IntPtr* grad_outputs, IntPtr* inputs, int n_in, [MarshalAs(UnmanagedType.U1)] bool retain_graph, [MarshalAs(UnmanagedType.U1)] bool create_graph, [MarshalAs(UnmanagedType.U1)] bool allow_unused, IntPtr* results);
    [LibraryImport(Lib)] internal static partial int tvr_grad_enabled();
    [LibraryImport(Lib)] internal static partial void tvr_set_grad_enabled([MarshalAs(UnmanagedType.U1)] bool enabled);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_inference_mode_enter([MarshalAs(UnmanagedType.U1)] bool enabled);
    [LibraryImport(Lib)] internal static partial void tvr_inference_mode_exit(IntPtr guard);
    [LibraryImport(Lib)] internal static partial int tvr_is_inference(TensorHandle t);
}
