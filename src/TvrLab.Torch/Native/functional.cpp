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
// (True = attend), a float mask is added to the scores. libtorch 2 has the fused kernels (flash, memory-efficient);
// libtorch 1.13 gets the same mathematics written out.
TVR_API tvr_tensor tvr_scaled_dot_product_attention(tvr_tensor q, tvr_tensor k, tvr_tensor v, tvr_tensor mask,
                                                    double dropout_p, bool is_causal, double scale, bool has_scale) {
  TVR_TRY
#if TORCH_VERSION_MAJOR >= 2 && (TORCH_VERSION_MAJOR > 2 || TORCH_VERSION_MINOR >= 1)
  return tvr_wrap(at::scaled_dot_product_attention(*q, *k, *v, tvr_opt(mask), dropout_p, is_causal,
                                                   has_scale ? c10::optional<double>(scale) : c10::nullopt));
#else
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

// interpolate for 4-D [N, C, H, W] input to an explicit size. mode: 0 nearest, 1 bilinear, 2 bicubic.
// antialias applies to bilinear and bicubic when downsampling (PIL-like), as F.interpolate(antialias=True).
TVR_API tvr_tensor tvr_interpolate(tvr_tensor input, int64_t out_h, int64_t out_w, int mode, bool align_corners,
                                   bool antialias) {
  TVR_TRY
  TORCH_CHECK(input->dim() == 4, "interpolate expects a 4-D [N, C, H, W] input, got ", input->sizes());
  std::vector<int64_t> size{out_h, out_w};
  switch (mode) {
    case 0: return tvr_wrap(at::upsample_nearest2d(*input, size));
    case 1:
      return tvr_wrap(antialias ? at::_upsample_bilinear2d_aa(*input, size, align_corners)
                                : at::upsample_bilinear2d(*input, size, align_corners));
    case 2:
      return tvr_wrap(antialias ? at::_upsample_bicubic2d_aa(*input, size, align_corners)
                                : at::upsample_bicubic2d(*input, size, align_corners));
  }
  TORCH_CHECK(false, "unknown interpolation mode ", mode);
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
