// Autograd: requires_grad, backward, gradients, grad mode and inference mode.
#include "shim.h"

TVR_API int tvr_requires_grad(tvr_tensor t) { TVR_TRY return t->requires_grad() ? 1 : 0; TVR_CATCH(-1) }
TVR_API int tvr_set_requires_grad(tvr_tensor t, bool value) { TVR_STATUS(t->requires_grad_(value)) }

// gradient may be null (scalar outputs); retain_graph keeps the graph for a second backward.
TVR_API int tvr_backward(tvr_tensor t, tvr_tensor gradient, bool retain_graph, bool create_graph) {
  TVR_STATUS(t->backward(gradient ? *gradient : at::Tensor(), retain_graph, create_graph))
}

// *out is null when the tensor has no gradient yet.
TVR_API int tvr_grad(tvr_tensor t, tvr_tensor* out) {
  TVR_TRY
  const auto& g = t->grad();
  *out = g.defined() ? tvr_wrap(g) : nullptr;
  return 0;
  TVR_CATCH(-1)
}
TVR_API int tvr_set_grad(tvr_tensor t, tvr_tensor grad) {
  TVR_STATUS(t->mutable_grad() = grad ? *grad : at::Tensor())
}
// zero_grad with set_to_none semantics (PyTorch's default since 2.0).
TVR_API int tvr_zero_grad(tvr_tensor t, bool set_to_none) {
  TVR_TRY
  auto& g = t->mutable_grad();
  if (g.defined()) {
    if (set_to_none) g = at::Tensor();
    else { g = g.detach(); g.zero_(); }
  }
  return 0;
  TVR_CATCH(-1)
}
// The name of the node that made this tensor ("AddBackward0", ...), or "" for leaves and tensors outside the graph.
static thread_local std::string tvr_grad_fn_buffer;
TVR_API const char* tvr_grad_fn_name(tvr_tensor t) {
  TVR_TRY
  const auto& fn = t->grad_fn();
  tvr_grad_fn_buffer = fn ? fn->name() : std::string();
  return tvr_grad_fn_buffer.c_str();
  TVR_CATCH(nullptr)
}
TVR_API tvr_tensor tvr_detach(tvr_tensor t) { TVR_TENSOR(t->detach()) }
TVR_API int tvr_detach_(tvr_tensor t) { TVR_STATUS(t->detach_()) }
TVR_API int tvr_retain_grad(tvr_tensor t) { TVR_STATUS(t->retain_grad()) }

// torch.autograd.grad(outputs, inputs, grad_outputs): returns one gradient per input (null where unused).
TVR_API int tvr_autograd_grad(const tvr_tensor* outputs, int n_out, const tvr_tensor* grad_outputs,
                              const tvr_tensor* inputs, int n_in, bool retain_graph, bool create_graph,
                              bool allow_unused, tvr_tensor* results) {
  TVR_TRY
  std::vector<at::Tensor> gos;
  for (int i = 0; i < n_out; ++i) gos.push_back(grad_outputs && grad_outputs[i] ? *grad_outputs[i] : at::Tensor());
  auto grads = torch::autograd::grad(tvr_list(outputs, n_out), tvr_list(inputs, n_in), gos, retain_graph,
                                     create_graph, allow_unused);
  for (int i = 0; i < n_in; ++i) results[i] = grads[i].defined() ? tvr_wrap(grads[i]) : nullptr;
  return 0;
  TVR_CATCH(-1)
}

// Grad mode is thread-local in libtorch; C# scopes call these on the thread that computes.
TVR_API int tvr_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }
TVR_API void tvr_set_grad_enabled(bool enabled) { at::GradMode::set_enabled(enabled); }

// Inference mode is an RAII guard in libtorch; C# holds it between enter and exit on one thread.
TVR_API void* tvr_inference_mode_enter(bool enabled) {
  TVR_TRY return new c10::InferenceMode(enabled); TVR_CATCH(nullptr)
}
TVR_API void tvr_inference_mode_exit(void* guard) { delete (c10::InferenceMode*)guard; }
TVR_API int tvr_is_inference(tvr_tensor t) { TVR_TRY return t->is_inference() ? 1 : 0; TVR_CATCH(-1) }
