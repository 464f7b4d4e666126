// The cost of an op inside libtorch alone (no C# and no Python on the path): the floor under `tvrlab bench ops`'s
// per-op numbers, so that their difference is the binding's own overhead.
#include <chrono>
#include "shim.h"

// Seconds per call of op 0 (a + b, a new tensor each time), 1 (a.add_(b)) or 2 (a.matmul(b)) over `calls` calls.
TVR_API double tvr_bench_op_seconds(int op, tvr_tensor a, tvr_tensor b, int64_t calls) {
  TVR_TRY
  TORCH_CHECK(op >= 0 && op <= 2 && calls > 0, "tvr_bench_op_seconds: unknown op ", op, " or no calls");
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < calls; ++i) {
    if (op == 0) { auto c = *a + *b; }
    else if (op == 1) a->add_(*b);
    else { auto c = a->matmul(*b); }
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / (double)calls;
  TVR_CATCH(-1.0)
}
