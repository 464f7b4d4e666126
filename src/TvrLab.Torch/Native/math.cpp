// Elementwise math: unary and binary ops (tensor-tensor with broadcasting, tensor-scalar), their in-place forms,
// comparisons and logical ops.
#include "shim.h"

#define TVR_UNARY(name, expr)                                                  \
  TVR_API tvr_tensor tvr_##name(tvr_tensor t) { TVR_TENSOR(expr) }
#define TVR_UNARY_INPLACE(name, expr)                                          \
  TVR_API int tvr_##name(tvr_tensor t) { TVR_STATUS(expr) }

TVR_UNARY(neg, t->neg())
TVR_UNARY(exp, t->exp())
TVR_UNARY(log, t->log())
TVR_UNARY(log1p, t->log1p())
TVR_UNARY(expm1, t->expm1())
TVR_UNARY(sqrt, t->sqrt())
TVR_UNARY(rsqrt, t->rsqrt())
TVR_UNARY(abs, t->abs())
TVR_UNARY(sign, t->sign())
TVR_UNARY(sigmoid, t->sigmoid())
TVR_UNARY(tanh, t->tanh())
TVR_UNARY(relu, t->relu())
TVR_UNARY(erf, t->erf())
TVR_UNARY(sin, t->sin())
TVR_UNARY(cos, t->cos())
TVR_UNARY(floor, t->floor())
TVR_UNARY(ceil, t->ceil())
TVR_UNARY(round, t->round())
TVR_UNARY(trunc, t->trunc())
TVR_UNARY(reciprocal, t->reciprocal())
TVR_UNARY(square, t->square())
TVR_UNARY(log2, t->log2())
TVR_UNARY(log10, t->log10())
TVR_UNARY(isnan, t->isnan())
TVR_UNARY(isinf, t->isinf())
TVR_UNARY(isfinite, t->isfinite())
TVR_UNARY(logical_not, t->logical_not())
TVR_UNARY(bitwise_not, t->bitwise_not())
TVR_API tvr_tensor tvr_gelu(tvr_tensor t, bool tanh_approx) {
  TVR_TENSOR(at::gelu(*t, tanh_approx ? "tanh" : "none"))
}

TVR_UNARY_INPLACE(neg_, t->neg_())
TVR_UNARY_INPLACE(exp_, t->exp_())
TVR_UNARY_INPLACE(log_, t->log_())
TVR_UNARY_INPLACE(sqrt_, t->sqrt_())
TVR_UNARY_INPLACE(abs_, t->abs_())
TVR_UNARY_INPLACE(sigmoid_, t->sigmoid_())
TVR_UNARY_INPLACE(tanh_, t->tanh_())
TVR_UNARY_INPLACE(relu_, t->relu_())
TVR_UNARY_INPLACE(log1p_, t->log1p_())
TVR_UNARY_INPLACE(expm1_, t->expm1_())
TVR_UNARY_INPLACE(rsqrt_, t->rsqrt_())
TVR_UNARY_INPLACE(sign_, t->sign_())
TVR_UNARY_INPLACE(erf_, t->erf_())
TVR_UNARY_INPLACE(sin_, t->sin_())
TVR_UNARY_INPLACE(cos_, t->cos_())
TVR_UNARY_INPLACE(floor_, t->floor_())
TVR_UNARY_INPLACE(ceil_, t->ceil_())
TVR_UNARY_INPLACE(round_, t->round_())
TVR_UNARY_INPLACE(trunc_, t->trunc_())
TVR_UNARY_INPLACE(reciprocal_, t->reciprocal_())
TVR_UNARY_INPLACE(square_, t->square_())
TVR_UNARY_INPLACE(logical_not_, t->logical_not_())

// nan_to_num: NaN -> nan, +inf -> posinf, -inf -> neginf (has_* false: the dtype's largest / lowest finite value).
TVR_API tvr_tensor tvr_nan_to_num(tvr_tensor t, double nan, double posinf, bool has_posinf, double neginf, bool has_neginf) {
  TVR_TENSOR(t->nan_to_num(nan, has_posinf ? c10::optional<double>(posinf) : c10::nullopt,
                           has_neginf ? c10::optional<double>(neginf) : c10::nullopt))
}

// Binary ops: tensor (op) tensor, tensor (op) scalar, scalar (op) tensor where it differs, and in-place forms.
#define TVR_BINARY(name, tt, ts)                                                               \
  TVR_API tvr_tensor tvr_##name(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(tt) }                 \
  TVR_API tvr_tensor tvr_##name##_scalar(tvr_tensor a, double v, int kind) {                   \
    auto s = tvr_scalar(v, kind);                                                              \
    TVR_TENSOR(ts)                                                                             \
  }
#define TVR_BINARY_INPLACE(name, tt, ts)                                                       \
  TVR_API int tvr_##name(tvr_tensor a, tvr_tensor b) { TVR_STATUS(tt) }                        \
  TVR_API int tvr_##name##_scalar(tvr_tensor a, double v, int kind) {                          \
    auto s = tvr_scalar(v, kind);                                                              \
    TVR_STATUS(ts)                                                                             \
  }

// add/sub take PyTorch's alpha: a + alpha * b.
TVR_API tvr_tensor tvr_add(tvr_tensor a, tvr_tensor b, double alpha) { TVR_TENSOR(at::add(*a, *b, alpha)) }
TVR_API tvr_tensor tvr_add_scalar(tvr_tensor a, double v, int kind) { TVR_TENSOR(at::add(*a, tvr_scalar(v, kind))) }
TVR_API tvr_tensor tvr_sub(tvr_tensor a, tvr_tensor b, double alpha) { TVR_TENSOR(at::sub(*a, *b, alpha)) }
TVR_API tvr_tensor tvr_sub_scalar(tvr_tensor a, double v, int kind) { TVR_TENSOR(at::sub(*a, tvr_scalar(v, kind))) }
TVR_API tvr_tensor tvr_rsub_scalar(tvr_tensor a, double v, int kind) { TVR_TENSOR(at::rsub(*a, tvr_scalar(v, kind))) }
TVR_API int tvr_add_(tvr_tensor a, tvr_tensor b, double alpha) { TVR_STATUS(a->add_(*b, alpha)) }
TVR_API int tvr_add__scalar(tvr_tensor a, double v, int kind) { TVR_STATUS(a->add_(tvr_scalar(v, kind))) }
TVR_API int tvr_sub_(tvr_tensor a, tvr_tensor b, double alpha) { TVR_STATUS(a->sub_(*b, alpha)) }
TVR_API int tvr_sub__scalar(tvr_tensor a, double v, int kind) { TVR_STATUS(a->sub_(tvr_scalar(v, kind))) }

TVR_BINARY(mul, at::mul(*a, *b), at::mul(*a, s))
TVR_BINARY(div, at::div(*a, *b), at::div(*a, s))
TVR_BINARY(pow, at::pow(*a, *b), at::pow(*a, s))
TVR_BINARY(remainder, at::remainder(*a, *b), at::remainder(*a, s))
TVR_BINARY(eq, at::eq(*a, *b), at::eq(*a, s))
TVR_BINARY(ne, at::ne(*a, *b), at::ne(*a, s))
TVR_BINARY(lt, at::lt(*a, *b), at::lt(*a, s))
TVR_BINARY(le, at::le(*a, *b), at::le(*a, s))
TVR_BINARY(gt, at::gt(*a, *b), at::gt(*a, s))
TVR_BINARY(ge, at::ge(*a, *b), at::ge(*a, s))
TVR_BINARY(fmod, at::fmod(*a, *b), at::fmod(*a, s))
// v / a, as Python's Tensor.__rtruediv__: reciprocal(a) * v (so an integer tensor gives a float result).
TVR_API tvr_tensor tvr_rdiv_scalar(tvr_tensor a, double v, int kind) {
  TVR_TENSOR(at::mul(a->reciprocal(), tvr_scalar(v, kind)))
}
TVR_API tvr_tensor tvr_rpow_scalar(tvr_tensor a, double v, int kind) { TVR_TENSOR(at::pow(tvr_scalar(v, kind), *a)) }
TVR_API tvr_tensor tvr_div_rounding(tvr_tensor a, tvr_tensor b, int mode) {  // 1 trunc, 2 floor
  TVR_TENSOR(at::div(*a, *b, mode == 1 ? c10::optional<c10::string_view>("trunc") : c10::optional<c10::string_view>("floor")))
}
TVR_BINARY_INPLACE(mul_, a->mul_(*b), a->mul_(s))
TVR_BINARY_INPLACE(div_, a->div_(*b), a->div_(s))
TVR_BINARY_INPLACE(pow_, a->pow_(*b), a->pow_(s))
TVR_BINARY_INPLACE(remainder_, a->remainder_(*b), a->remainder_(s))
TVR_BINARY_INPLACE(fmod_, a->fmod_(*b), a->fmod_(s))

TVR_API tvr_tensor tvr_maximum(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::maximum(*a, *b)) }
TVR_API tvr_tensor tvr_minimum(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::minimum(*a, *b)) }
TVR_API tvr_tensor tvr_atan2(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::atan2(*a, *b)) }
TVR_API tvr_tensor tvr_logical_and(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::logical_and(*a, *b)) }
TVR_API tvr_tensor tvr_logical_or(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::logical_or(*a, *b)) }
TVR_API tvr_tensor tvr_logical_xor(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::logical_xor(*a, *b)) }
TVR_API tvr_tensor tvr_bitwise_and(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::bitwise_and(*a, *b)) }
TVR_API tvr_tensor tvr_bitwise_or(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::bitwise_or(*a, *b)) }
TVR_API tvr_tensor tvr_bitwise_xor(tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::bitwise_xor(*a, *b)) }

// clamp with optional bounds: has_min/has_max select which of min/max apply.
TVR_API tvr_tensor tvr_clamp(tvr_tensor t, double min, bool has_min, double max, bool has_max) {
  TVR_TENSOR(at::clamp(*t, has_min ? c10::optional<at::Scalar>(min) : c10::nullopt,
                       has_max ? c10::optional<at::Scalar>(max) : c10::nullopt))
}
TVR_API int tvr_clamp_(tvr_tensor t, double min, bool has_min, double max, bool has_max) {
  TVR_STATUS(t->clamp_(has_min ? c10::optional<at::Scalar>(min) : c10::nullopt,
                       has_max ? c10::optional<at::Scalar>(max) : c10::nullopt))
}
TVR_API tvr_tensor tvr_clamp_tensor(tvr_tensor t, tvr_tensor min, tvr_tensor max) {
  TVR_TENSOR(at::clamp(*t, min ? c10::optional<at::Tensor>(*min) : c10::nullopt,
                       max ? c10::optional<at::Tensor>(*max) : c10::nullopt))
}

// where(cond, a, b) and its scalar forms: a where cond holds, b elsewhere, broadcasting all three.
TVR_API tvr_tensor tvr_where(tvr_tensor cond, tvr_tensor a, tvr_tensor b) { TVR_TENSOR(at::where(*cond, *a, *b)) }
TVR_API tvr_tensor tvr_where_scalar_other(tvr_tensor cond, tvr_tensor a, double v, int kind) {
  TVR_TENSOR(at::where(*cond, *a, tvr_scalar(v, kind)))
}
TVR_API tvr_tensor tvr_where_scalar_self(tvr_tensor cond, double v, int kind, tvr_tensor b) {
  TVR_TENSOR(at::where(*cond, tvr_scalar(v, kind), *b))
}
TVR_API tvr_tensor tvr_where_scalars(tvr_tensor cond, double v, int kind, double w, int wkind) {
  TVR_TENSOR(at::where(*cond, tvr_scalar(v, kind), tvr_scalar(w, wkind)))
}

// Fused forms used by optimisers and losses: a + value * b * c, a + value * b / c, lerp.
TVR_API tvr_tensor tvr_addcmul(tvr_tensor a, tvr_tensor b, tvr_tensor c, double value) {
  TVR_TENSOR(at::addcmul(*a, *b, *c, value))
}
TVR_API tvr_tensor tvr_addcdiv(tvr_tensor a, tvr_tensor b, tvr_tensor c, double value) {
  TVR_TENSOR(at::addcdiv(*a, *b, *c, value))
}
TVR_API int tvr_addcmul_(tvr_tensor a, tvr_tensor b, tvr_tensor c, double value) { TVR_STATUS(a->addcmul_(*b, *c, value)) }
TVR_API int tvr_addcdiv_(tvr_tensor a, tvr_tensor b, tvr_tensor c, double value) { TVR_STATUS(a->addcdiv_(*b, *c, value)) }
TVR_API int tvr_lerp_(tvr_tensor a, tvr_tensor end, double weight) { TVR_STATUS(a->lerp_(*end, weight)) }
TVR_API tvr_tensor tvr_lerp(tvr_tensor a, tvr_tensor end, double weight) { TVR_TENSOR(at::lerp(*a, *end, weight)) }

TVR_API int tvr_equal(tvr_tensor a, tvr_tensor b) { TVR_TRY return at::equal(*a, *b) ? 1 : 0; TVR_CATCH(-1) }
// |a - b| <= atol + rtol * |b|, elementwise.
TVR_API tvr_tensor tvr_isclose(tvr_tensor a, tvr_tensor b, double rtol, double atol, bool equal_nan) {
  TVR_TENSOR(at::isclose(*a, *b, rtol, atol, equal_nan))
}
TVR_API int tvr_allclose(tvr_tensor a, tvr_tensor b, double rtol, double atol, bool equal_nan) {
  TVR_TRY return at::allclose(*a, *b, rtol, atol, equal_nan) ? 1 : 0; TVR_CATCH(-1)
}
