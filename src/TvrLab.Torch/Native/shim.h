// The C ABI every shim file uses: flat exported names, opaque tensor handles, errors caught at the boundary.
//
// Conventions (lessons from TorchSharp's LibTorchSharp and its issue tracker):
// - A tensor crosses the boundary as `tvr_tensor` (a heap-allocated at::Tensor, i.e. one reference to the
//   TensorImpl). C# owns it through a SafeHandle and frees it with tvr_tensor_free.
// - Every entry point catches everything, `catch (...)` included. A function returning a tensor returns nullptr
//   on failure; a function returning a status returns -1; C# then reads tvr_last_error() and throws.
// - Integer enums are c10's: ScalarType numbering and DeviceType numbering (CPU 0, CUDA 1).
#pragma once
#include "pch.h"

#define TVR_API extern "C" __attribute__((visibility("default")))

typedef at::Tensor* tvr_tensor;

void tvr_set_error(const std::string& message);

#define TVR_TRY try {
#define TVR_CATCH(failure)                                                       \
  }                                                                              \
  catch (const c10::Error& e) { tvr_set_error(e.what_without_backtrace()); return failure; } \
  catch (const std::exception& e) { tvr_set_error(e.what()); return failure; }  \
  catch (...) { tvr_set_error("unknown C++ exception in libtorch"); return failure; }

// A function body that yields an at::Tensor.
#define TVR_TENSOR(expr) TVR_TRY return tvr_wrap(expr); TVR_CATCH(nullptr)
// A function body that only has effects; returns 0 or -1.
#define TVR_STATUS(stmts) TVR_TRY stmts; return 0; TVR_CATCH(-1)

inline tvr_tensor tvr_wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }

inline at::IntArrayRef tvr_dims(const int64_t* dims, int n) { return at::IntArrayRef(dims, (size_t)n); }

inline std::vector<at::Tensor> tvr_list(const tvr_tensor* ts, int n) {
  std::vector<at::Tensor> v;
  v.reserve((size_t)n);
  for (int i = 0; i < n; ++i) v.push_back(*ts[i]);
  return v;
}

// Scalars cross as a double plus a kind flag so that `int_tensor + 1` stays integral (kind 0 double, 1 int64, 2 bool).
inline at::Scalar tvr_scalar(double value, int kind) {
  if (kind == 1) return at::Scalar((int64_t)value);
  if (kind == 2) return at::Scalar(value != 0.0);
  return at::Scalar(value);
}

inline at::Device tvr_device(int type, int index) {
  return at::Device((c10::DeviceType)type, (c10::DeviceIndex)index);
}

inline at::TensorOptions tvr_options(int dtype, int device_type, int device_index, bool requires_grad) {
  return at::TensorOptions()
      .dtype((at::ScalarType)dtype)
      .device(tvr_device(device_type, device_index))
      .requires_grad(requires_grad);
}

// Returns a list of tensors as a new[]-allocated array of handles plus its length; C# takes the handles and
// releases the array with tvr_free_handle_array. nullptr with *count == -1 means failure.
inline tvr_tensor* tvr_return_list(const std::vector<at::Tensor>& v, int64_t* count) {
  auto out = new tvr_tensor[v.size() == 0 ? 1 : v.size()];
  for (size_t i = 0; i < v.size(); ++i) out[i] = tvr_wrap(v[i]);
  *count = (int64_t)v.size();
  return out;
}
#define TVR_LIST(expr) TVR_TRY return tvr_return_list(expr, count); TVR_CATCH((*count = -1, nullptr))
