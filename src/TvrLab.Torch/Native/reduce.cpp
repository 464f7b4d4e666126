// Reductions with dims and keepdim, softmax family, sorting and selection, cumulative ops.
#include "shim.h"

// A reduction over all elements (ndims < 0) or over the listed dims.
TVR_API tvr_tensor tvr_sum(tvr_tensor t, const int64_t* dims, int ndims, bool keepdim) {
  TVR_TENSOR(ndims < 0 ? t->sum() : t->sum(tvr_dims(dims, ndims), keepdim))
}
TVR_API tvr_tensor tvr_mean(tvr_tensor t, const int64_t* dims, int ndims, bool keepdim) {
  TVR_TENSOR(ndims < 0 ? t->mean() : t->mean(tvr_dims(dims, ndims), keepdim))
}
TVR_API tvr_tensor tvr_prod(tvr_tensor t, int64_t dim, bool all, bool keepdim) {
  TVR_TENSOR(all ? t->prod() : t->prod(dim, keepdim))
}
// std/var with the unbiased flag (correction 1 when unbiased, 0 when not).
TVR_API tvr_tensor tvr_std(tvr_tensor t, const int64_t* dims, int ndims, bool unbiased, bool keepdim) {
  TVR_TENSOR(ndims < 0 ? t->std(unbiased) : t->std(tvr_dims(dims, ndims), unbiased, keepdim))
}
TVR_API tvr_tensor tvr_var(tvr_tensor t, const int64_t* dims, int ndims, bool unbiased, bool keepdim) {
  TVR_TENSOR(ndims < 0 ? t->var(unbiased) : t->var(tvr_dims(dims, ndims), unbiased, keepdim))
}
TVR_API tvr_tensor tvr_norm(tvr_tensor t, double p, const int64_t* dims, int ndims, bool keepdim) {
  TVR_TENSOR(ndims < 0 ? at::norm(*t, p) : at::norm(*t, p, tvr_dims(dims, ndims), keepdim))
}
TVR_API tvr_tensor tvr_logsumexp(tvr_tensor t, const int64_t* dims, int ndims, bool keepdim) {
  TVR_TENSOR(at::logsumexp(*t, tvr_dims(dims, ndims), keepdim))
}
TVR_API tvr_tensor tvr_amax(tvr_tensor t, const int64_t* dims, int ndims, bool keepdim) {
  TVR_TENSOR(at::amax(*t, tvr_dims(dims, ndims), keepdim))
}
TVR_API tvr_tensor tvr_amin(tvr_tensor t, const int64_t* dims, int ndims, bool keepdim) {
  TVR_TENSOR(at::amin(*t, tvr_dims(dims, ndims), keepdim))
}
TVR_API tvr_tensor tvr_max_all(tvr_tensor t) { TVR_TENSOR(t->max()) }
TVR_API tvr_tensor tvr_min_all(tvr_tensor t) { TVR_TENSOR(t->min()) }
TVR_API tvr_tensor tvr_all(tvr_tensor t) { TVR_TENSOR(t->all()) }
TVR_API tvr_tensor tvr_any(tvr_tensor t) { TVR_TENSOR(t->any()) }
TVR_API tvr_tensor tvr_all_dim(tvr_tensor t, int64_t dim, bool keepdim) { TVR_TENSOR(t->all(dim, keepdim)) }
TVR_API tvr_tensor tvr_any_dim(tvr_tensor t, int64_t dim, bool keepdim) { TVR_TENSOR(t->any(dim, keepdim)) }
TVR_API tvr_tensor tvr_count_nonzero(tvr_tensor t, int64_t dim, bool all) {
  TVR_TENSOR(all ? at::count_nonzero(*t) : at::count_nonzero(*t, at::IntArrayRef{dim}))
}

// (values, indices) pairs come back through two out-handles.
#define TVR_PAIR(expr)                    \
  TVR_TRY                                 \
  auto r = expr;                          \
  *values = tvr_wrap(std::get<0>(r));     \
  *indices = tvr_wrap(std::get<1>(r));    \
  return 0;                               \
  TVR_CATCH(-1)

TVR_API int tvr_max_dim(tvr_tensor t, int64_t dim, bool keepdim, tvr_tensor* values, tvr_tensor* indices) {
  TVR_PAIR(t->max(dim, keepdim))
}
TVR_API int tvr_min_dim(tvr_tensor t, int64_t dim, bool keepdim, tvr_tensor* values, tvr_tensor* indices) {
  TVR_PAIR(t->min(dim, keepdim))
}
TVR_API int tvr_median_dim(tvr_tensor t, int64_t dim, bool keepdim, tvr_tensor* values, tvr_tensor* indices) {
  TVR_PAIR(t->median(dim, keepdim))
}
TVR_API int tvr_topk(tvr_tensor t, int64_t k, int64_t dim, bool largest, bool sorted, tvr_tensor* values,
                     tvr_tensor* indices) {
  TVR_PAIR(t->topk(k, dim, largest, sorted))
}
TVR_API int tvr_sort(tvr_tensor t, int64_t dim, bool descending, bool stable, tvr_tensor* values, tvr_tensor* indices) {
  TVR_PAIR(t->sort(stable, dim, descending))
}
TVR_API tvr_tensor tvr_median_all(tvr_tensor t) { TVR_TENSOR(t->median()) }
TVR_API tvr_tensor tvr_argmax(tvr_tensor t, int64_t dim, bool all, bool keepdim) {
  TVR_TENSOR(all ? t->argmax() : t->argmax(dim, keepdim))
}
TVR_API tvr_tensor tvr_argmin(tvr_tensor t, int64_t dim, bool all, bool keepdim) {
  TVR_TENSOR(all ? t->argmin() : t->argmin(dim, keepdim))
}
TVR_API tvr_tensor tvr_argsort(tvr_tensor t, int64_t dim, bool descending, bool stable) {
  TVR_TENSOR(std::get<1>(t->sort(stable, dim, descending)))
}
TVR_API tvr_tensor tvr_cumsum(tvr_tensor t, int64_t dim) { TVR_TENSOR(t->cumsum(dim)) }
TVR_API tvr_tensor tvr_cumprod(tvr_tensor t, int64_t dim) { TVR_TENSOR(t->cumprod(dim)) }

// softmax(x)_i = exp(x_i) / sum_j exp(x_j) along dim, computed in `dtype` when dtype >= 0 (the input is cast first).
static c10::optional<at::ScalarType> tvr_opt_dtype(int dtype) {
  return dtype < 0 ? c10::nullopt : c10::optional<at::ScalarType>((at::ScalarType)dtype);
}
TVR_API tvr_tensor tvr_softmax(tvr_tensor t, int64_t dim, int dtype) { TVR_TENSOR(t->softmax(dim, tvr_opt_dtype(dtype))) }
TVR_API tvr_tensor tvr_log_softmax(tvr_tensor t, int64_t dim, int dtype) {
  TVR_TENSOR(t->log_softmax(dim, tvr_opt_dtype(dtype)))
}
