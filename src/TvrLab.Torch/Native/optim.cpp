// optim: the AdamW step over every parameter of every group in one call, and clip_grad_norm_.
#include "shim.h"

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define TVR_HAS_FUSED_ADAMW 1
#endif

// One parameter group's hyperparameters; C# mirrors this layout (optim.AdamW.NativeGroup).
struct tvr_adamw_group {
  double lr, beta1, beta2, eps, weight_decay;
  double max_grad_norm;  // > 0: clip each parameter's gradient to this norm first (BertAdam); 0: off
  int32_t bias_correction;  // 1: Adam's bias correction (AdamW); 0: none (BertAdam)
  int32_t foreach;  // 0: by device (one parameter at a time on the CPU, multi-tensor kernels on GPUs); 1: multi-tensor; 2: one at a time
  int32_t end;  // the group's parameters are [previous group's end, end)
};

// The update, with t the parameter's own step count (as torch.optim.AdamW in PyTorch 1.13):
//   p <- p (1 - lr wd)                                   decoupled weight decay
//   m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2
//   p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)      bias_correction
//   p <- p - lr * m / (sqrt(v) + eps)                                    no bias correction (BertAdam)

// One parameter at a time, as PyTorch's single-tensor AdamW (its CPU default): on the CPU this keeps each
// parameter's tensors in cache through the whole update and is several times faster than the foreach kernels.
static void adamw_single(at::Tensor& p, const at::Tensor& grad, at::Tensor& m, at::Tensor& v, int64_t t,
                         const tvr_adamw_group& g) {
  if (g.weight_decay != 0) p.mul_(1 - g.lr * g.weight_decay);
  m.mul_(g.beta1).add_(grad, 1 - g.beta1);
  v.mul_(g.beta2).addcmul_(grad, grad, 1 - g.beta2);
  if (g.bias_correction) {
    const double bias_correction1 = 1 - std::pow(g.beta1, (double)t), bias_correction2 = 1 - std::pow(g.beta2, (double)t);
    auto denom = (v.sqrt() / std::sqrt(bias_correction2)).add_(g.eps);
    p.addcdiv_(m, denom, -(g.lr / bias_correction1));
  } else {
    p.addcdiv_(m, v.sqrt().add_(g.eps), -g.lr);
  }
}

// All parameters of a group at once (GPU): the fused CUDA kernel on libtorch 2.1+, else the foreach kernels.
static void adamw_multi(std::vector<at::Tensor>& ps, std::vector<at::Tensor>& gs, std::vector<at::Tensor>& ms,
                        std::vector<at::Tensor>& vs, const std::vector<int64_t>& steps, const tvr_adamw_group& g) {
#ifdef TVR_HAS_FUSED_ADAMW
  const bool same_cuda_device = std::all_of(ps.begin(), ps.end(), [&](const at::Tensor& p) {
    return p.is_cuda() && p.device() == ps[0].device() && p.scalar_type() == ps[0].scalar_type();
  });
  if (g.bias_correction && same_cuda_device) {
    std::vector<float> t(steps.begin(), steps.end());
    auto state_steps = at::tensor(t).to(ps[0].device()).unbind(0);
    at::_fused_adamw_(ps, gs, ms, vs, at::TensorList(), state_steps, g.lr, g.beta1, g.beta2, g.weight_decay, g.eps,
                      /*amsgrad=*/false, /*maximize=*/false, c10::nullopt, c10::nullopt);
    return;
  }
#endif
  if (g.weight_decay != 0) at::_foreach_mul_(ps, 1 - g.lr * g.weight_decay);
  at::_foreach_mul_(ms, g.beta1);
  at::_foreach_add_(ms, gs, 1 - g.beta1);
  at::_foreach_mul_(vs, g.beta2);
  at::_foreach_addcmul_(vs, gs, gs, 1 - g.beta2);
  auto denom = at::_foreach_sqrt(vs);
  if (g.bias_correction) {
    std::vector<at::Scalar> step_size, bias_correction2_sqrt;
    for (auto t : steps) {
      step_size.emplace_back(-(g.lr / (1 - std::pow(g.beta1, (double)t))));
      bias_correction2_sqrt.emplace_back(std::sqrt(1 - std::pow(g.beta2, (double)t)));
    }
    at::_foreach_div_(denom, bias_correction2_sqrt);
    at::_foreach_add_(denom, g.eps);
    at::_foreach_addcdiv_(ps, ms, denom, step_size);
  } else {
    at::_foreach_add_(denom, g.eps);
    at::_foreach_addcdiv_(ps, ms, denom, -g.lr);
  }
}

static void adamw_group(std::vector<at::Tensor>& ps, std::vector<at::Tensor>& gs, std::vector<at::Tensor>& ms,
                        std::vector<at::Tensor>& vs, const std::vector<int64_t>& steps, const tvr_adamw_group& g) {
  if (g.max_grad_norm > 0)
    for (auto& grad : gs) {  // clip_grad_norm_(p, max_grad_norm) per parameter, as BertAdam does
      auto coef = (g.max_grad_norm / (grad.norm() + 1e-6)).clamp_max(1.0);
      grad.mul_(coef);
    }
  const bool all_cpu = std::all_of(ps.begin(), ps.end(), [](const at::Tensor& p) { return p.is_cpu(); });
  if (g.foreach == 2 || (g.foreach == 0 && all_cpu)) {
    for (size_t i = 0; i < ps.size(); ++i) adamw_single(ps[i], gs[i], ms[i], vs[i], steps[i], g);
    return;
  }
  adamw_multi(ps, gs, ms, vs, steps, g);
}

// params, exp_avgs, exp_avg_sqs and steps hold one entry per parameter, groups one entry per group. Parameters
// without a gradient are skipped (their step does not advance). A moment that is still null is created as zeros
// on the parameter's first step and handed back through the same array, also when a later part fails.
TVR_API int tvr_adamw_step(const tvr_tensor* params, tvr_tensor* exp_avgs, tvr_tensor* exp_avg_sqs, int64_t* steps,
                           const tvr_adamw_group* groups, int n_groups) {
  TVR_TRY
  at::NoGradGuard no_grad;
  int begin = 0;
  for (int k = 0; k < n_groups; ++k) {
    const auto& g = groups[k];
    std::vector<at::Tensor> ps, gs, ms, vs;
    std::vector<int64_t> group_steps;
    for (int i = begin; i < g.end; ++i) {
      const auto& grad = params[i]->grad();
      if (!grad.defined()) continue;
      TORCH_CHECK(!grad.is_sparse(), "AdamW does not support sparse gradients");
      if (!exp_avgs[i]) exp_avgs[i] = tvr_wrap(at::zeros_like(*params[i], at::MemoryFormat::Preserve));
      if (!exp_avg_sqs[i]) exp_avg_sqs[i] = tvr_wrap(at::zeros_like(*params[i], at::MemoryFormat::Preserve));
      ps.push_back(*params[i]);
      gs.push_back(grad);
      ms.push_back(*exp_avgs[i]);
      vs.push_back(*exp_avg_sqs[i]);
      group_steps.push_back(++steps[i]);
    }
    begin = g.end;
    if (!ps.empty()) adamw_group(ps, gs, ms, vs, group_steps, g);
  }
  return 0;
  TVR_CATCH(-1)
}

// torch.nn.utils.clip_grad_norm_: the norm of all gradients together (the norm of the per-parameter norms); when it
// exceeds max_norm every gradient is scaled by max_norm / (total + 1e-6). Returns the total norm before clipping.
TVR_API tvr_tensor tvr_clip_grad_norm_(const tvr_tensor* params, int n, double max_norm, double norm_type,
                                       bool error_if_nonfinite) {
  TVR_TRY
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> grads;
  for (int i = 0; i < n; ++i)
    if (params[i]->grad().defined()) grads.push_back(params[i]->grad());
  if (grads.empty()) return tvr_wrap(at::zeros({}, at::kFloat));
  const auto device = grads[0].device();
  at::Tensor total;
  if (std::isinf(norm_type)) {
    std::vector<at::Tensor> maxima;
    for (auto& g : grads) maxima.push_back(g.abs().max().to(device));
    total = at::stack(maxima).max();
  } else {
    std::vector<at::Tensor> norms;
    for (auto& n : at::_foreach_norm(grads, norm_type)) norms.push_back(n.to(device));
    total = at::stack(norms).norm(norm_type);
  }
  if (error_if_nonfinite)
    TORCH_CHECK(!(total.isnan().item<bool>() || total.isinf().item<bool>()), "clip_grad_norm_: the total norm of order ",
                norm_type, " of the gradients is non-finite, so it cannot be clipped");
  auto coef = (max_norm / (total + 1e-6)).clamp_max(1.0);
  for (auto& g : grads) g.mul_(coef.to(g.device()));
  return tvr_wrap(total);
  TVR_CATCH(nullptr)
}
