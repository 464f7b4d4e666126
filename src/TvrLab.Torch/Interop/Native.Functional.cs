using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace TvrLab.Torch.Interop;

// Entry points of Native/functional.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial IntPtr tvr_linear(Tensor input, Tensor weight, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? bias);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_layer_norm(Tensor input, ReadOnlySpan<long> shape, int n, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? weight, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? bias, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_dropout(Tensor input, double p, [MarshalAs(UnmanagedType.U1)] bool train);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_conv2d(Tensor input, Tensor weight, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? bias, ReadOnlySpan<long> stride, ReadOnlySpan<long> padding, ReadOnlySpan<long> dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_conv3d(Tensor input, Tensor weight, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? bias, ReadOnlySpan<long> stride, ReadOnlySpan<long> padding, ReadOnlySpan<long> dilation, long groups);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_embedding(Tensor weight, Tensor indices, long padding_idx);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_scaled_dot_product_attention(Tensor q, Tensor k, Tensor v, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? mask, double dropout_p, [MarshalAs(UnmanagedType.U1)] bool is_causal, double scale, [MarshalAs(UnmanagedType.U1)] bool has_scale);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_cross_entropy(Tensor logits, Tensor target, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? weight, long reduction, long ignore_index, double label_smoothing);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_nll_loss(Tensor log_probs, Tensor target, long reduction, long ignore_index);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_kl_div(Tensor input, Tensor target, long reduction, [MarshalAs(UnmanagedType.U1)] bool log_target);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_mse_loss(Tensor input, Tensor target, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_binary_cross_entropy_with_logits(Tensor input, Tensor target, long reduction);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_normalize(Tensor input, double p, long dim, double eps);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_interpolate(Tensor input, long* size, double* scale_factor, int n, int mode, [MarshalAs(UnmanagedType.U1)] bool align_corners, [MarshalAs(UnmanagedType.U1)] bool antialias, [MarshalAs(UnmanagedType.U1)] bool recompute_scale_factor);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_pad(Tensor input, ReadOnlySpan<long> pad, int n, int mode, double value);
    [LibraryImport(Lib)] internal static partial IntPtr tvr_gelu_quick(Tensor x);
}
