// Tensors: creation, conversion to and from managed memory, metadata, dtype/device moves.
#include "shim.h"

// ---- creation ---------------------------------------------------------------------------------------------------
// torch:: factories, not at:: ones: only they honour TensorOptions::requires_grad (at:: ignores it silently).
#define TVR_OPTS dtype, device_type, device_index, requires_grad
#define TVR_OPTS_PARAMS int dtype, int device_type, int device_index, bool requires_grad

TVR_API tvr_tensor tvr_empty(const int64_t* shape, int ndim, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::empty(tvr_dims(shape, ndim), tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_zeros(const int64_t* shape, int ndim, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::zeros(tvr_dims(shape, ndim), tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_ones(const int64_t* shape, int ndim, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::ones(tvr_dims(shape, ndim), tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_full(const int64_t* shape, int ndim, double value, int kind, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::full(tvr_dims(shape, ndim), tvr_scalar(value, kind), tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_arange(double start, double end, double step, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::arange(start, end, step, tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_linspace(double start, double end, int64_t steps, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::linspace(start, end, steps, tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_eye(int64_t n, int64_t m, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::eye(n, m, tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_rand(const int64_t* shape, int ndim, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::rand(tvr_dims(shape, ndim), tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_randn(const int64_t* shape, int ndim, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::randn(tvr_dims(shape, ndim), tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::randint(low, high, tvr_dims(shape, ndim), tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_randperm(int64_t n, TVR_OPTS_PARAMS) {
  TVR_TENSOR(torch::randperm(n, tvr_options(TVR_OPTS)))
}
TVR_API tvr_tensor tvr_empty_like(tvr_tensor t) { TVR_TENSOR(at::empty_like(*t)) }
TVR_API tvr_tensor tvr_zeros_like(tvr_tensor t) { TVR_TENSOR(at::zeros_like(*t)) }
TVR_API tvr_tensor tvr_ones_like(tvr_tensor t) { TVR_TENSOR(at::ones_like(*t)) }
TVR_API tvr_tensor tvr_full_like(tvr_tensor t, double value, int kind) {
  TVR_TENSOR(at::full_like(*t, tvr_scalar(value, kind)))
}
TVR_API tvr_tensor tvr_rand_like(tvr_tensor t) { TVR_TENSOR(at::rand_like(*t)) }
TVR_API tvr_tensor tvr_randn_like(tvr_tensor t) { TVR_TENSOR(at::randn_like(*t)) }

// Copies `nbytes` of managed memory into a new CPU tensor of the given dtype and shape.
TVR_API tvr_tensor tvr_from_data(const void* data, int64_t nbytes, const int64_t* shape, int ndim, int dtype) {
  TVR_TRY
  auto t = at::empty(tvr_dims(shape, ndim), at::TensorOptions().dtype((at::ScalarType)dtype));
  TORCH_CHECK((int64_t)t.nbytes() == nbytes, "tensor from data: shape ", t.sizes(), " of ", t.dtype(), " needs ",
              t.nbytes(), " bytes but ", nbytes, " were given");
  if (nbytes > 0) std::memcpy(t.data_ptr(), data, (size_t)nbytes);
  return tvr_wrap(t);
  TVR_CATCH(nullptr)
}

// Copies a tensor's elements (any device, any layout) into managed memory of exactly `nbytes`.
TVR_API int tvr_copy_to_data(tvr_tensor t, void* data, int64_t nbytes) {
  TVR_TRY
  auto c = t->detach().to(at::kCPU).contiguous();
  TORCH_CHECK((int64_t)c.nbytes() == nbytes, "tensor to data: tensor has ", c.nbytes(), " bytes but the buffer has ",
              nbytes);
  if (nbytes > 0) std::memcpy(data, c.data_ptr(), (size_t)nbytes);
  return 0;
  TVR_CATCH(-1)
}

// ---- metadata ---------------------------------------------------------------------------------------------------
TVR_API int64_t tvr_ndim(tvr_tensor t) { TVR_TRY return t->dim(); TVR_CATCH(-1) }
TVR_API int tvr_shape(tvr_tensor t, int64_t* out) {
  TVR_STATUS(for (int64_t i = 0; i < t->dim(); ++i) out[i] = t->size(i))
}
TVR_API int tvr_strides(tvr_tensor t, int64_t* out) {
  TVR_STATUS(for (int64_t i = 0; i < t->dim(); ++i) out[i] = t->stride(i))
}
TVR_API int64_t tvr_size(tvr_tensor t, int64_t dim) { TVR_TRY return t->size(dim); TVR_CATCH(-1) }
TVR_API int64_t tvr_numel(tvr_tensor t) { TVR_TRY return t->numel(); TVR_CATCH(-1) }
TVR_API int tvr_dtype(tvr_tensor t) { TVR_TRY return (int)t->scalar_type(); TVR_CATCH(-1) }
TVR_API int tvr_device_type(tvr_tensor t) { TVR_TRY return (int)t->device().type(); TVR_CATCH(-1) }
TVR_API int tvr_device_index(tvr_tensor t) { TVR_TRY return (int)t->device().index(); TVR_CATCH(-2) }
TVR_API int tvr_is_contiguous(tvr_tensor t) { TVR_TRY return t->is_contiguous() ? 1 : 0; TVR_CATCH(-1) }
TVR_API int tvr_is_leaf(tvr_tensor t) { TVR_TRY return t->is_leaf() ? 1 : 0; TVR_CATCH(-1) }
TVR_API void* tvr_data_ptr(tvr_tensor t) { TVR_TRY return t->data_ptr(); TVR_CATCH(nullptr) }
TVR_API int64_t tvr_element_size(tvr_tensor t) { TVR_TRY return (int64_t)t->element_size(); TVR_CATCH(-1) }
TVR_API int tvr_same_storage(tvr_tensor a, tvr_tensor b) {
  TVR_TRY return a->is_alias_of(*b) ? 1 : 0; TVR_CATCH(-1)
}

// Scalar value of a one-element tensor, as double and as int64 (exact for i64).
TVR_API int tvr_item_double(tvr_tensor t, double* out) { TVR_STATUS(*out = t->item<double>()) }
TVR_API int tvr_item_long(tvr_tensor t, int64_t* out) { TVR_STATUS(*out = t->item<int64_t>()) }

static thread_local std::string tvr_string_buffer;
TVR_API const char* tvr_to_string(tvr_tensor t) {
  TVR_TRY
  std::ostringstream ss;
  ss << *t;
  tvr_string_buffer = ss.str();
  return tvr_string_buffer.c_str();
  TVR_CATCH(nullptr)
}

// ---- conversion -------------------------------------------------------------------------------------------------
TVR_API tvr_tensor tvr_to(tvr_tensor t, int dtype, int device_type, int device_index, bool non_blocking, bool copy) {
  TVR_TENSOR(t->to(tvr_device(device_type, device_index), (at::ScalarType)dtype, non_blocking, copy))
}
TVR_API tvr_tensor tvr_to_dtype(tvr_tensor t, int dtype) { TVR_TENSOR(t->to((at::ScalarType)dtype)) }
TVR_API tvr_tensor tvr_clone(tvr_tensor t) { TVR_TENSOR(t->clone()) }
TVR_API tvr_tensor tvr_contiguous(tvr_tensor t) { TVR_TENSOR(t->contiguous()) }
TVR_API tvr_tensor tvr_pin_memory(tvr_tensor t) { TVR_TENSOR(t->pin_memory()) }
TVR_API tvr_tensor tvr_alias(tvr_tensor t) { TVR_TENSOR(*t) }  // a second handle to the same tensor

// In place: dst.copy_(src), t.fill_(v), t.zero_(), param.set_data(new) (keeps the parameter's identity).
TVR_API int tvr_copy_(tvr_tensor dst, tvr_tensor src, bool non_blocking) { TVR_STATUS(dst->copy_(*src, non_blocking)) }
TVR_API int tvr_fill_(tvr_tensor t, double value, int kind) { TVR_STATUS(t->fill_(tvr_scalar(value, kind))) }
TVR_API int tvr_zero_(tvr_tensor t) { TVR_STATUS(t->zero_()) }
TVR_API int tvr_set_data(tvr_tensor t, tvr_tensor data) { TVR_STATUS(t->set_data(*data)) }
