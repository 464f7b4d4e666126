// Device controls: CUDA presence, synchronisation, seeds, TF32, bf16 autocast, CUDA allocator statistics.
#include "shim.h"
#if defined(TVR_WITH_CUDA)
#include <c10/cuda/CUDACachingAllocator.h>
#endif

// libtorch 2.4 replaced the CUDA-only autocast switches with per-device-type ones.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define TVR_AUTOCAST_BY_DEVICE 1
#endif

TVR_API int tvr_cuda_is_available() { TVR_TRY return torch::cuda::is_available() ? 1 : 0; TVR_CATCH(0) }
TVR_API int tvr_cuda_device_count() { TVR_TRY return (int)torch::cuda::device_count(); TVR_CATCH(0) }
TVR_API int tvr_cuda_synchronize(int64_t device) { TVR_STATUS(torch::cuda::synchronize(device)) }
TVR_API int tvr_with_cuda() {
#if defined(TVR_WITH_CUDA)
  return 1;
#else
  return 0;
#endif
}

// Seeds the CPU generator and, when present, every CUDA generator.
TVR_API int tvr_manual_seed(uint64_t seed) {
  TVR_TRY
  torch::manual_seed(seed);
  return 0;
  TVR_CATCH(-1)
}
TVR_API int tvr_cuda_manual_seed_all(uint64_t seed) { TVR_STATUS(torch::cuda::manual_seed_all(seed)) }

// The CPU generator's state, for checkpoints that must resume bit for bit.
TVR_API tvr_tensor tvr_cpu_rng_state() {
  TVR_TRY
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return tvr_wrap(gen.get_state());
  TVR_CATCH(nullptr)
}
TVR_API int tvr_set_cpu_rng_state(tvr_tensor state) {
  TVR_TRY
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(*state);
  return 0;
  TVR_CATCH(-1)
}

TVR_API int tvr_set_num_threads(int n) { TVR_STATUS(at::set_num_threads(n)) }
TVR_API int tvr_get_num_threads() { return at::get_num_threads(); }

// TF32 for cuBLAS matmuls and cuDNN convolutions (torch.backends.cuda.matmul.allow_tf32 / cudnn.allow_tf32).
TVR_API int tvr_set_allow_tf32(bool enabled) {
  TVR_TRY
  at::globalContext().setAllowTF32CuBLAS(enabled);
  at::globalContext().setAllowTF32CuDNN(enabled);
  return 0;
  TVR_CATCH(-1)
}
TVR_API int tvr_allow_tf32() { TVR_TRY return at::globalContext().allowTF32CuBLAS() ? 1 : 0; TVR_CATCH(-1) }

// Autocast (torch.autocast): device_type 0 CPU, 1 CUDA. enter sets the region's dtype and enabled flag (enabled false
// opens an fp32 region inside an autocast one) and returns the previous flag; exit restores flag and dtype, and clears
// the cast-weight cache when the outermost region closes, as torch.autocast.__exit__.
static bool tvr_autocast_is_enabled(int device_type) {
#if defined(TVR_AUTOCAST_BY_DEVICE)
  return at::autocast::is_autocast_enabled((c10::DeviceType)device_type);
#else
  return device_type == 1 ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}
static void tvr_autocast_set(int device_type, bool enabled, at::ScalarType dtype) {
#if defined(TVR_AUTOCAST_BY_DEVICE)
  at::autocast::set_autocast_dtype((c10::DeviceType)device_type, dtype);
  at::autocast::set_autocast_enabled((c10::DeviceType)device_type, enabled);
#else
  if (device_type == 1) {
    at::autocast::set_autocast_gpu_dtype(dtype);
    at::autocast::set_enabled(enabled);
  } else {
    at::autocast::set_autocast_cpu_dtype(dtype);
    at::autocast::set_cpu_enabled(enabled);
  }
#endif
}
TVR_API int tvr_autocast_dtype(int device_type) {
  TVR_TRY
  TORCH_CHECK(device_type == 0 || device_type == 1, "autocast: device type must be cpu or cuda");
#if defined(TVR_AUTOCAST_BY_DEVICE)
  return (int)at::autocast::get_autocast_dtype((c10::DeviceType)device_type);
#else
  return (int)(device_type == 1 ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype());
#endif
  TVR_CATCH(-1)
}
TVR_API int tvr_autocast_enter(int device_type, int dtype, bool enabled) {
  TVR_TRY
  TORCH_CHECK(device_type == 0 || device_type == 1, "autocast: device type must be cpu or cuda");
  const bool prev = tvr_autocast_is_enabled(device_type);
  tvr_autocast_set(device_type, enabled, (at::ScalarType)dtype);
  at::autocast::increment_nesting();
  return prev ? 1 : 0;
  TVR_CATCH(-1)
}
TVR_API int tvr_autocast_exit(int device_type, bool restore_enabled, int restore_dtype) {
  TVR_TRY
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  tvr_autocast_set(device_type, restore_enabled, (at::ScalarType)restore_dtype);
  return 0;
  TVR_CATCH(-1)
}
TVR_API int tvr_autocast_enabled(int device_type) {
  TVR_TRY
  TORCH_CHECK(device_type == 0 || device_type == 1, "autocast: device type must be cpu or cuda");
  return tvr_autocast_is_enabled(device_type) ? 1 : 0;
  TVR_CATCH(-1)
}

// CUDA caching-allocator statistics in bytes: which 0 allocated, 1 reserved, 2 peak allocated, 3 peak reserved.
TVR_API int64_t tvr_cuda_memory_stat(int device, int which) {
  TVR_TRY
#if defined(TVR_WITH_CUDA)
  auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device);
  const size_t agg = 0;  // StatType::AGGREGATE, whose namespace moved between libtorch versions
  switch (which) {
    case 0: return stats.allocated_bytes[agg].current;
    case 1: return stats.reserved_bytes[agg].current;
    case 2: return stats.allocated_bytes[agg].peak;
    case 3: return stats.reserved_bytes[agg].peak;
  }
  TORCH_CHECK(false, "unknown CUDA memory statistic ", which);
#else
  (void)device; (void)which;
  TORCH_CHECK(false, "this build of the TvrLab shim has no CUDA support (libtorch was CPU-only at build time)");
#endif
  TVR_CATCH(-1)
}
TVR_API int tvr_cuda_reset_peak_memory(int device) {
  TVR_TRY
#if defined(TVR_WITH_CUDA)
  c10::cuda::CUDACachingAllocator::resetPeakStats(device);
#else
  (void)device;
#endif
  return 0;
  TVR_CATCH(-1)
}
TVR_API int tvr_cuda_empty_cache() {
  TVR_TRY
#if defined(TVR_WITH_CUDA)
  c10::cuda::CUDACachingAllocator::emptyCache();
#endif
  return 0;
  TVR_CATCH(-1)
}
