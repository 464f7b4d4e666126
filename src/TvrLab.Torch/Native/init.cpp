// nn.init: in-place initialisers. Like torch.nn.init they run under no_grad, so they can fill parameters (leaves
// that require grad), and they draw from the same generator in the same order, so a seeded C# model starts from
// the same numbers as the same model built in PyTorch.
#include "shim.h"

TVR_API int tvr_init_uniform_(tvr_tensor t, double low, double high) {
  TVR_STATUS(at::NoGradGuard no_grad; t->uniform_(low, high))
}
TVR_API int tvr_init_normal_(tvr_tensor t, double mean, double std) {
  TVR_STATUS(at::NoGradGuard no_grad; t->normal_(mean, std))
}
TVR_API int tvr_init_constant_(tvr_tensor t, double value) { TVR_STATUS(at::NoGradGuard no_grad; t->fill_(value)) }

// N(mean, std^2) truncated to [a, b] by inverse-CDF sampling, as torch.nn.init.trunc_normal_:
// u ~ U(2 Phi(alpha) - 1, 2 Phi(beta) - 1), x = mean + std sqrt(2) erfinv(u), clamped to [a, b].
TVR_API int tvr_init_trunc_normal_(tvr_tensor t, double mean, double std, double a, double b) {
  TVR_TRY
  at::NoGradGuard no_grad;
  auto phi = [](double x) { return (1.0 + std::erf(x / std::sqrt(2.0))) / 2.0; };
  const double l = phi((a - mean) / std), u = phi((b - mean) / std);
  t->uniform_(2 * l - 1, 2 * u - 1);
  t->erfinv_();
  t->mul_(std * std::sqrt(2.0));
  t->add_(mean);
  t->clamp_(a, b);
  return 0;
  TVR_CATCH(-1)
}
