using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>How a loss reduces over the batch (PyTorch's reduction="none" | "mean" | "sum" | "batchmean").</summary>
        public enum Reduction { None = 0, Mean = 1, Sum = 2, BatchMean = 3 }

        /// <summary>torch.nn.functional: stateless layers and losses (Native/functional.cpp).</summary>
        public static class functional
        {

            /// <summary>y = x W^T + b.</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                new(Native.tvr_linear(input, weight, bias));

            public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
                new(Native.tvr_layer_norm(input, normalized_shape, normalized_shape.Length, weight, bias, eps));

            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true) =>
                new(Native.tvr_dropout(input, p, training));

            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                new(Native.tvr_conv2d(input, weight, bias, Pair(stride, 1), Pair(padding, 0), Pair(dilation, 1), groups));

            public static Tensor conv3d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                new(Native.tvr_conv3d(input, weight, bias, Triple(stride, 1), Triple(padding, 0), Triple(dilation, 1), groups));

            public static Tensor embedding(Tensor input, Tensor weight, long padding_idx = -1) =>
                new(Native.tvr_embedding(weight, input, padding_idx));

            /// <summary>
            /// softmax(q k^T * scale + mask) v with scale 1/sqrt(d) by default. A bool mask marks the keys each query may
            /// attend (True = attend); a float mask is added to the scores (e.g. -1e6 on padded frames).
            /// </summary>
            public static Tensor scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask = null, double dropout_p = 0, bool is_causal = false, double? scale = null) =>
                new(Native.tvr_scaled_dot_product_attention(query, key, value, attn_mask, dropout_p, is_causal, scale ?? 0, scale.HasValue));

            /// <summary>Cross entropy over logits [N, C] (or [N, C, ...]) with class-index targets or class-probability targets.</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignore_index = -100, double label_smoothing = 0) =>
                new(Native.tvr_cross_entropy(input, target, weight, (long)Checked(reduction), ignore_index, label_smoothing));

            public static Tensor nll_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, long ignore_index = -100) =>
                new(Native.tvr_nll_loss(input, target, (long)Checked(reduction), ignore_index));

            /// <summary>KL(target || exp(input)) with input given as log-probabilities, as F.kl_div.</summary>
            public static Tensor kl_div(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool log_target = false) =>
                new(Native.tvr_kl_div(input, target, (long)reduction, log_target));

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                new(Native.tvr_mse_loss(input, target, (long)Checked(reduction)));

            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                new(Native.tvr_binary_cross_entropy_with_logits(input, target, (long)Checked(reduction)));

            /// <summary>x / max(||x||_p, eps) along <paramref name="dim"/>.</summary>
            public static Tensor normalize(Tensor input, double p = 2, long dim = 1, double eps = 1e-12) =>
                new(Native.tvr_normalize(input, p, dim, eps));

            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => input.softmax(dim, dtype);
            public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => input.log_softmax(dim, dtype);
            public static Tensor relu(Tensor input) => input.relu();
            public static Tensor gelu(Tensor input, string approximate = "none") => input.gelu(approximate);
            /// <summary>CLIP's QuickGELU: x * sigmoid(1.702 x).</summary>
            public static Tensor quick_gelu(Tensor input) => new(Native.tvr_gelu_quick(input));

            /// <summary>Resizes a [N, C, H, W] tensor to (height, width); see the general overload for the modes.</summary>
            public static Tensor interpolate(Tensor input, (long height, long width) size, string mode = "nearest", bool align_corners = false, bool antialias = false) =>
                interpolate(input, [size.height, size.width], null, mode, align_corners, false, antialias);

            /// <summary>
            /// F.interpolate: resizes [N, C, L], [N, C, H, W] or [N, C, D, H, W] input to <paramref name="size"/> (one value
            /// per spatial dim) or by <paramref name="scale_factor"/> (one value, or one per spatial dim; the output size is
            /// floor(in · scale)). mode: "nearest", "linear" (3-D), "bilinear" / "bicubic" (4-D), "trilinear" (5-D), "area".
            /// <paramref name="antialias"/> (bilinear, bicubic) low-pass filters when shrinking, like PIL's resize.
            /// </summary>
            public static unsafe Tensor interpolate(Tensor input, long[]? size = null, double[]? scale_factor = null, string mode = "nearest",
                                                    bool align_corners = false, bool recompute_scale_factor = false, bool antialias = false)
            {
                int m = mode switch
                {
                    "nearest" => 0, "linear" => 1, "bilinear" => 2, "bicubic" => 3, "trilinear" => 4, "area" => 5,
                    _ => throw new ArgumentException($"interpolate: mode must be nearest, linear, bilinear, bicubic, trilinear or area, not \"{mode}\""),
                };
                if ((size is null) == (scale_factor is null)) throw new ArgumentException("interpolate: give exactly one of size and scale_factor");
                long spatial = input.dim() - 2;
                if (scale_factor is { Length: 1 } && spatial > 1) scale_factor = Enumerable.Repeat(scale_factor[0], (int)spatial).ToArray();
                int n = size?.Length ?? scale_factor!.Length;
                fixed (long* s = size) fixed (double* f = scale_factor)
                    return new(Native.tvr_interpolate(input, s, f, n, m, align_corners, antialias, recompute_scale_factor));
            }

            /// <summary>Pads the last dims: pad = (left, right[, top, bottom[, front, back]]); mode constant, reflect, replicate, circular.</summary>
            public static Tensor pad(Tensor input, long[] pad, string mode = "constant", double value = 0)
            {
                int m = mode switch
                {
                    "constant" => 0, "reflect" => 1, "replicate" => 2, "circular" => 3,
                    _ => throw new ArgumentException($"pad: mode must be constant, reflect, replicate or circular, not \"{mode}\""),
                };
                return new(Native.tvr_pad(input, pad, pad.Length, m, value));
            }

            static long[] Pair(long[]? v, long fallback) => Expand(v, fallback, 2);
            static long[] Triple(long[]? v, long fallback) => Expand(v, fallback, 3);
            static long[] Expand(long[]? v, long fallback, int n) =>
                v is null ? Enumerable.Repeat(fallback, n).ToArray() :
                v.Length == 1 ? Enumerable.Repeat(v[0], n).ToArray() :
                v.Length == n ? v : throw new ArgumentException($"expected 1 or {n} values, got {v.Length}");

            static Reduction Checked(Reduction r) =>
                r == Reduction.BatchMean ? throw new ArgumentException("reduction batchmean applies to kl_div only") : r;
        }
    }
}
