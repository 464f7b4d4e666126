using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace TvrLab.Torch.Interop;

// Entry points of Native/autograd.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int tvr_requires_grad(Tensor t);
    [LibraryImport(Lib)] internal static partial int tvr_set_requires_grad(Tensor t, [MarshalAs(UnmanagedType.U1)] bool value);
    [LibraryImport(Lib)] internal static partial int tvr_backward(Tensor t, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? gradient, [MarshalAs(UnmanagedType.U1)] bool retain_graph, [MarshalAs(UnmanagedType.U1)] bool create_graph);
    [LibraryImport(Lib)] internal static partial int tvr_grad(Tensor t, out IntPtr @out);
    [LibraryImport(Lib)] internal static partial int tvr_set_grad(Tensor t, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? grad);
    [LibraryImport(Lib)] internal static partial int tvr_zero_grad(Tensor t, [MarshalAs(UnmanagedType.U1)] bool set_to_none);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_detach(Tensor t);
    [LibraryImport(Lib)] internal static partial int tvr_detach_(Tensor t);
    [LibraryImport(Lib)] internal static partial int tvr_retain_grad(Tensor t);
    [LibraryImport(Lib)] internal static partial int tvr_autograd_grad(IntPtr* outputs, int n_out, IntPtr* grad_outputs, IntPtr* inputs, int n_in, [MarshalAs(UnmanagedType.U1)] bool retain_graph, [MarshalAs(UnmanagedType.U1)] bool create_graph, [MarshalAs(UnmanagedType.U1)] bool allow_unused, IntPtr* results);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_grad_fn_name(Tensor t);
    // Grad mode is one thread-local flag: trivial, non-blocking calls that may skip the GC transition.
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int tvr_grad_enabled();
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void tvr_set_grad_enabled([MarshalAs(UnmanagedType.U1)] bool enabled);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_inference_mode_enter([MarshalAs(UnmanagedType.U1)] bool enabled);
    [LibraryImport(Lib)] internal static partial void tvr_inference_mode_exit(IntPtr guard);
    [LibraryImport(Lib)] internal static partial int tvr_is_inference(Tensor t);
}
