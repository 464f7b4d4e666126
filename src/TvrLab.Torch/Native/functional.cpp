// nn.functional: the stateless layers and losses (linear, layer_norm, dropout, convolutions, embedding, attention,
// cross_entropy, kl_div, normalize, interpolate, pad).
#include "shim.h"

// Optional tensors arrive as null handles.
static c10::optional<at::Tensor> tvr_opt(tvr_tensor t) { return t ? c10::optional<at::Tensor>(*t) : c10::nullopt; }

TVR_API tvr_tensor tvr_linear(tvr_tensor input, tvr_tensor weight, tvr_tensor bias) {
  TVR_TENSOR(at::linear(*input, *weight, tvr_opt(bias)))
}
TVR_API tvr_tensor tvr_layer_norm(tvr_tensor input, const int64_t* shape, int n, tvr_tensor weight, tvr_tensor bias,
                                  double eps) {
  TVR_TENSOR(at::layer_norm(*input, tvr_dims(shape, n), tvr_opt(weight), tvr_opt(bias), eps))
}
TVR_API tvr_tensor tvr_dropout(tvr_tensor input, double p, bool train) { TVR_TENSOR(at::dropout(*input, p, train)) }
TVR_API tvr_tensor tvr_conv2d(tvr_tensor input, tvr_tensor weight, tvr_tensor bias, const int64_t* stride,
                              const int64_t* padding, const int64_t* dilation, int64_t groups) {
  TVR_TENSOR(at::conv2d(*input, *weight, tvr_opt(bias), tvr_dims(stride, 2), tvr_dims(padding, 2),
                        tvr_dims(dilation, 2), groups))
}
TVR_API tvr_tensor tvr_conv3d(tvr_tensor input, tvr_tensor weight, tvr_tensor bias, const int64_t* stride,
                              const int64_t* padding, const int64_t* dilation, int64_t groups) {
  TVR_TENSOR(at::conv3d(*input, *weight, tvr_opt(bias), tvr_dims(stride, 3), tvr_dims(padding, 3),
                        tvr_dims(dilation, 3), groups))
}
TVR_API tvr_tensor tvr_embedding(tvr_tensor weight, tvr_tensor indices, int64_t padding_idx) {
  TVR_TENSOR(at::embedding(*weight, *indices, padding_idx))
}

// Scaled dot-product attention: softmax(q k^T * scale + mask) v. A bool mask marks positions that take part
// (True = attend), a float mask is added to the scores; is_causal keeps k <= q (top-left aligned tril).
// libtorch >= 2.1 has the fused kernels (flash, memory-efficient) and the `scale` argument; libtorch 1.13 and 2.0
// get the same mathematics written out.
TVR_API tvr_tensor tvr_scaled_dot_product_attention(tvr_tensor q, tvr_tensor k, tvr_tensor v, tvr_tensor mask,
                                                    double dropout_p, bool is_causal, double scale, bool has_scale) {
  TVR_TRY
#if TORCH_VERSION_MAJOR >= 2 && (TORCH_VERSION_MAJOR > 2 || TORCH_VERSION_MINOR >= 1)
  return tvr_wrap(at::scaled_dot_product_attention(*q, *k, *v, tvr_opt(mask), dropout_p, is_causal,
                                                   has_scale ? c10::optional<double>(scale) : c10::nullopt));
#else
  TORCH_CHECK(!(is_causal && mask), "scaled_dot_product_attention: give either attn_mask or is_causal, not both "
              "(as libtorch 2 requires)");
  const double s = has_scale ? scale : 1.0 / std::sqrt((double)q->size(-1));
  auto scores = at::matmul(*q, k->transpose(-2, -1)) * s;
  if (is_causal) {
    auto L = q->size(-2), S = k->size(-2);
    auto keep = at::ones({L, S}, q->options().dtype(at::kBool)).tril();
    scores = scores.masked_fill(keep.logical_not(), -std::numeric_limits<double>::infinity());
  }
  if (mask) {
    if (mask->scalar_type() == at::kBool)
      scores = scores.masked_fill(mask->logical_not(), -std::numeric_limits<double>::infinity());
    else
      scores = scores + *mask;
  }
  auto attn = scores.softmax(-1);
  if (dropout_p > 0) attn = at::dropout(attn, dropout_p, true);
  return tvr_wrap(at::matmul(attn, *v));
#endif
  TVR_CATCH(nullptr)
}

// reduction: 0 none, 1 mean, 2 sum (at::Reduction). Targets may be class indices (int64) or probabilities
// (float, same shape as the logits).
TVR_API tvr_tensor tvr_cross_entropy(tvr_tensor logits, tvr_tensor target, tvr_tensor weight, int64_t reduction,
                                     int64_t ignore_index, double label_smoothing) {
  TVR_TENSOR(at::cross_entropy_loss(*logits, *target, tvr_opt(weight), reduction, ignore_index, label_smoothing))
}
TVR_API tvr_tensor tvr_nll_loss(tvr_tensor log_probs, tvr_tensor target, int64_t reduction, int64_t ignore_index) {
  TVR_TENSOR(at::nll_loss(*log_probs, *target, {}, reduction, ignore_index))
}
// kl_div(input = log q, target = p or log p); reduction 3 = batchmean (sum / batch size), as PyTorch's Python API.
TVR_API tvr_tensor tvr_kl_div(tvr_tensor input, tvr_tensor target, int64_t reduction, bool log_target) {
  TVR_TRY
  if (reduction == 3) return tvr_wrap(at::kl_div(*input, *target, at::Reduction::Sum, log_target) / input->size(0));
  return tvr_wrap(at::kl_div(*input, *target, reduction, log_target));
  TVR_CATCH(nullptr)
}
TVR_API tvr_tensor tvr_mse_loss(tvr_tensor input, tvr_tensor target, int64_t reduction) {
  TVR_TENSOR(at::mse_loss(*input, *target, reduction))
}
TVR_API tvr_tensor tvr_binary_cross_entropy_with_logits(tvr_tensor input, tvr_tensor target, int64_t reduction) {
  TVR_TENSOR(at::binary_cross_entropy_with_logits(*input, *target, {}, {}, reduction))
}

// x / max(||x||_p, eps) along dim, as torch.nn.functional.normalize.
TVR_API tvr_tensor tvr_normalize(tvr_tensor input, double p, int64_t dim, double eps) {
  TVR_TENSOR(*input / at::norm(*input, p, {dim}, true).clamp_min(eps).expand_as(*input))
}

// interpolate (F.interpolate) on [N, C, L], [N, C, H, W] or [N, C, D, H, W] input, to an explicit `size` or by
// `scale_factor` (one value per spatial dim; as PyTorch, the output size is floor(in * scale) and the kernel maps
// coordinates with the given scale unless recompute_scale_factor). mode: 0 nearest, 1 linear, 2 bilinear,
// 3 bicubic, 4 trilinear, 5 area. antialias (bilinear, bicubic) low-pass filters when shrinking, like PIL.
TVR_API tvr_tensor tvr_interpolate(tvr_tensor input, const int64_t* size, const double* scale_factor, int n, int mode,
                                   bool align_corners, bool antialias, bool recompute_scale_factor) {
  TVR_TRY
  static const char* names[] = {"nearest", "linear", "bilinear", "bicubic", "trilinear", "area"};
  TORCH_CHECK(mode >= 0 && mode < 6, "interpolate: unknown mode ", mode);
  const int64_t spatial = input->dim() - 2;
  TORCH_CHECK(spatial >= 1 && spatial <= 3, "interpolate: expected a 3-D, 4-D or 5-D input [N, C, ...], got shape ",
              input->sizes());
  TORCH_CHECK((size == nullptr) != (scale_factor == nullptr), "interpolate: give exactly one of size and scale_factor");
  TORCH_CHECK(n == spatial, "interpolate: input of shape ", input->sizes(), " has ", spatial, " spatial dimension(s) but ",
              n, " output size(s) or scale factor(s) were given");
  static const int64_t needs[] = {0, 1, 2, 2, 3, 0};  // the spatial rank each mode needs (0: any)
  TORCH_CHECK(needs[mode] == 0 || needs[mode] == spatial, "interpolate: got ", input->dim(), "-D input, but ",
              names[mode], " mode needs ", needs[mode] + 2, "-D input");
  TORCH_CHECK(!align_corners || mode == 1 || mode == 2 || mode == 3 || mode == 4,
              "interpolate: align_corners applies to linear, bilinear, bicubic and trilinear modes only");
  TORCH_CHECK(!antialias || mode == 2 || mode == 3, "interpolate: antialias applies to bilinear and bicubic modes only");

  std::vector<int64_t> out_size;
  std::vector<double> scales;
  if (size) out_size.assign(size, size + n);
  else {
    for (int i = 0; i < n; ++i) out_size.push_back((int64_t)std::floor((double)input->size(i + 2) * scale_factor[i]));
    if (!recompute_scale_factor) scales.assign(scale_factor, scale_factor + n);
  }
  // Either the output size or the scale factors go to the kernel, as torch.nn.functional.interpolate passes them.
  const bool by_scale = !scales.empty();
  at::OptionalIntArrayRef osize = by_scale ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(out_size);
  c10::optional<at::ArrayRef<double>> sf = by_scale ? c10::optional<at::ArrayRef<double>>(scales) : c10::nullopt;
  switch (mode) {
    case 0:
      if (spatial == 1) return tvr_wrap(at::upsample_nearest1d(*input, osize, sf));
      if (spatial == 2) return tvr_wrap(at::upsample_nearest2d(*input, osize, sf));
      return tvr_wrap(at::upsample_nearest3d(*input, osize, sf));
    case 1: return tvr_wrap(at::upsample_linear1d(*input, osize, align_corners, sf));
    case 2:
      return tvr_wrap(antialias ? at::_upsample_bilinear2d_aa(*input, osize, align_corners, sf)
                                : at::upsample_bilinear2d(*input, osize, align_corners, sf));
    case 3:
      return tvr_wrap(antialias ? at::_upsample_bicubic2d_aa(*input, osize, align_corners, sf)
                                : at::upsample_bicubic2d(*input, osize, align_corners, sf));
    case 4: return tvr_wrap(at::upsample_trilinear3d(*input, osize, align_corners, sf));
    default:  // area: adaptive average pooling to the output size
      if (spatial == 1) return tvr_wrap(at::adaptive_avg_pool1d(*input, out_size));
      if (spatial == 2) return tvr_wrap(at::adaptive_avg_pool2d(*input, out_size));
      return tvr_wrap(at::adaptive_avg_pool3d(*input, out_size));
  }
  TVR_CATCH(nullptr)
}
// mode: 0 constant, 1 reflect, 2 replicate, 3 circular.
TVR_API tvr_tensor tvr_pad(tvr_tensor input, const int64_t* pad, int n, int mode, double value) {
  TVR_TRY
  static const char* modes[] = {"constant", "reflect", "replicate", "circular"};
  TORCH_CHECK(mode >= 0 && mode < 4, "unknown pad mode ", mode);
  return tvr_wrap(at::pad(*input, tvr_dims(pad, n), modes[mode],
                          mode == 0 ? c10::optional<double>(value) : c10::nullopt));
  TVR_CATCH(nullptr)
}
TVR_API tvr_tensor tvr_gelu_quick(tvr_tensor x) { TVR_TENSOR(*x * at::sigmoid(1.702 * *x)) }  // CLIP's QuickGELU
