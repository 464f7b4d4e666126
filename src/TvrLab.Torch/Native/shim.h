// The C ABI every shim file uses: flat exported names, opaque tensor handles, errors caught at the boundary.
//
// Conventions (lessons from TorchSharp's LibTorchSharp and its issue tracker):
// - A tensor crosses the boundary as `tvr_tensor`: the TensorImpl* of one owned reference, exactly what an
//   at::Tensor holds, passed by value in a register. C# owns that reference (a dispose scope or a SafeHandle) and
//   gives it back with tvr_tensor_free. No heap cell per tensor: a result is at::Tensor's own pointer released
//   (unsafeReleaseTensorImpl), and an argument is read in place as a borrowed at::Tensor (no refcount traffic).
// - Every entry point catches everything, `catch (...)` included. A function returning a tensor returns nullptr
//   on failure; a function returning a status returns -1; C# then reads tvr_last_error() and throws.
// - Integer enums are c10's: ScalarType numbering and DeviceType numbering (CPU 0, CUDA 1).
#pragma once
#include "pch.h"

#define TVR_API extern "C" __attribute__((visibility("default")))

// One tensor handle. `*t` and `t->` read it as a const at::Tensor& borrowed for the call: at::Tensor is a single
// intrusive_ptr<TensorImpl>, so the handle's storage is an at::Tensor's storage. Trivially copyable, so the C ABI
// passes and returns it as a plain pointer (C# sees an IntPtr); null means "no tensor" (an optional argument, a failure).
struct tvr_tensor {
  c10::TensorImpl* impl;
  tvr_tensor() = default;
  tvr_tensor(std::nullptr_t) : impl(nullptr) {}
  explicit tvr_tensor(c10::TensorImpl* owned) : impl(owned) {}
  explicit operator bool() const { return impl != nullptr; }
  bool operator==(std::nullptr_t) const { return impl == nullptr; }
  bool operator!=(std::nullptr_t) const { return impl != nullptr; }
  const at::Tensor& operator*() const { return *reinterpret_cast<const at::Tensor*>(&impl); }
  const at::Tensor* operator->() const { return reinterpret_cast<const at::Tensor*>(&impl); }
};
static_assert(sizeof(at::Tensor) == sizeof(c10::TensorImpl*), "at::Tensor must be one TensorImpl pointer");
static_assert(std::is_trivially_copyable<tvr_tensor>::value && std::is_standard_layout<tvr_tensor>::value,
              "tvr_tensor must cross the C ABI as a pointer");

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

// Hands one reference of t to C#: its TensorImpl* with the refcount it holds (an undefined t gives the undefined
// singleton, which frees as a no-op).
inline tvr_tensor tvr_wrap(at::Tensor t) { return tvr_tensor(t.unsafeReleaseTensorImpl()); }

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
