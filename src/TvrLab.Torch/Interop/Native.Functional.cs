using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/functional.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_linear(TensorHandle input, TensorHandle weight, TensorHandle bias);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_layer_norm(TensorHandle input, ReadOnlySpan<long> shape, int n, TensorHandle weight, TensorHandle bias, double eps);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_dropout(TensorHandle input, double p, [MarshalAs(UnmanagedType.U1)] bool train);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_conv2d(TensorHandle input, TensorHandle weight, TensorHandle bias, ReadOnlySpan<long> stride, ReadOnlySpan<long> padding, ReadOnlySpan<long> dilation, long groups);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_conv3d(TensorHandle input, TensorHandle weight, TensorHandle bias, ReadOnlySpan<long> stride, ReadOnlySpan<long> padding, ReadOnlySpan<long> dilation, long groups);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_embedding(TensorHandle weight, TensorHandle indices, long padding_idx);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_scaled_dot_product_attention(TensorHandle q, TensorHandle k, TensorHandle v, TensorHandle mask, double dropout_p, [MarshalAs(UnmanagedType.U1)] bool is_causal, double scale, [MarshalAs(UnmanagedType.U1)] bool has_scale);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_cross_entropy(TensorHandle logits, TensorHandle target, TensorHandle weight, long reduction, long ignore_index, double label_smoothing);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_nll_loss(TensorHandle log_probs, TensorHandle target, long reduction, long ignore_index);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_kl_div(TensorHandle input, TensorHandle target, long reduction, [MarshalAs(UnmanagedType.U1)] bool log_target);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_mse_loss(TensorHandle input, TensorHandle target, long reduction);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_binary_cross_entropy_with_logits(TensorHandle input, TensorHandle target, long reduction);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_normalize(TensorHandle input, double p, long dim, double eps);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_interpolate(TensorHandle input, long out_h, long out_w, int mode, [MarshalAs(UnmanagedType.U1)] bool align_corners, [MarshalAs(UnmanagedType.U1)] bool antialias);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_pad(TensorHandle input, ReadOnlySpan<long> pad, int n, int mode, double value);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_gelu_quick(TensorHandle x);

}
