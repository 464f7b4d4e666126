// Error channel and handle lifetime: the two things every other shim file relies on.
#include "shim.h"

static thread_local std::string tvr_last_error_message;

void tvr_set_error(const std::string& message) { tvr_last_error_message = message; }

TVR_API const char* tvr_last_error() { return tvr_last_error_message.c_str(); }

// Drops the reference a handle owns (the undefined singleton is never counted).
TVR_API void tvr_tensor_free(tvr_tensor t) {
  if (t) c10::intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>::reclaim(t.impl);
}

TVR_API void tvr_free_handle_array(tvr_tensor* arr) { delete[] arr; }

TVR_API const char* tvr_torch_version() {
  static std::string v = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                         std::to_string(TORCH_VERSION_PATCH);
  return v.c_str();
}

// For tests of the error path: raises a C++ exception that is not a c10::Error, and one that is not a std::exception.
TVR_API int tvr_test_throw(int kind) {
  TVR_TRY
  if (kind == 0) throw std::runtime_error("std::runtime_error from the shim");
  if (kind == 1) throw 42;
  TORCH_CHECK(false, "c10::Error from the shim");
  TVR_CATCH(-1)
}
