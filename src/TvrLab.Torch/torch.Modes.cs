using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Grad mode, inference mode, autocast, seeds and device controls (Native/autograd.cpp, Native/device.cpp).
// All modes are thread-local in libtorch: open and close a mode scope on the thread that computes.
public static partial class torch
{
    /// <summary>Disables gradient recording until disposed: <c>using (torch.no_grad()) { ... }</c>.</summary>
    public static IDisposable no_grad() => new GradModeScope(false);
    /// <summary>Enables gradient recording until disposed (inside a no_grad region).</summary>
    public static IDisposable enable_grad() => new GradModeScope(true);
    public static IDisposable set_grad_enabled(bool enabled) => new GradModeScope(enabled);
    public static bool is_grad_enabled() => Native.tvr_grad_enabled() == 1;

    /// <summary>
    /// libtorch's inference mode: like no_grad, and tensors made inside cannot later enter autograd.
    /// </summary>
    public static IDisposable inference_mode(bool mode = true) => new InferenceModeScope(mode);

    /// <summary>
    /// Mixed precision (torch.autocast): inside, matmuls, linear layers and convolutions on <paramref name="device_type"/>
    /// run in <paramref name="dtype"/> (bf16 by default) while reductions and losses stay in fp32; weights stay fp32.
    /// <c>enabled: false</c> opens an fp32 region inside an autocast one. Flag and dtype are restored on dispose.
    /// </summary>
    public static IDisposable autocast(DeviceType device_type = DeviceType.CUDA, ScalarType dtype = ScalarType.BFloat16, bool enabled = true) =>
        new AutocastScope(device_type, dtype, enabled);
    public static bool is_autocast_enabled(DeviceType device_type = DeviceType.CUDA) => Tensor.Check(Native.tvr_autocast_enabled((int)device_type)) == 1;

    /// <summary>Seeds the CPU generator and every CUDA generator.</summary>
    public static void manual_seed(ulong seed)
    {
        TorchException.Check(Native.tvr_manual_seed(seed));
        if (cuda.is_available()) TorchException.Check(Native.tvr_cuda_manual_seed_all(seed));
    }

    /// <summary>The CPU generator's state (a uint8 tensor), for checkpoints.</summary>
    public static Tensor get_rng_state() => new(Native.tvr_cpu_rng_state());
    public static void set_rng_state(Tensor state) => TorchException.Check(Native.tvr_set_cpu_rng_state(state));

    public static void set_num_threads(int n) => TorchException.Check(Native.tvr_set_num_threads(n));
    public static int get_num_threads() => Native.tvr_get_num_threads();

    public static class cuda
    {
        public static bool is_available() => Native.tvr_cuda_is_available() == 1;
        public static int device_count() => Native.tvr_cuda_device_count();
        /// <summary>Whether the shim was built against a CUDA libtorch.</summary>
        public static bool built_with_cuda() => Native.tvr_with_cuda() == 1;
        public static void synchronize(int device = -1) => TorchException.Check(Native.tvr_cuda_synchronize(device));
        public static void manual_seed_all(ulong seed) => TorchException.Check(Native.tvr_cuda_manual_seed_all(seed));
        public static long memory_allocated(int device = 0) => Tensor.Check(Native.tvr_cuda_memory_stat(device, 0));
        public static long memory_reserved(int device = 0) => Tensor.Check(Native.tvr_cuda_memory_stat(device, 1));
        public static long max_memory_allocated(int device = 0) => Tensor.Check(Native.tvr_cuda_memory_stat(device, 2));
        public static long max_memory_reserved(int device = 0) => Tensor.Check(Native.tvr_cuda_memory_stat(device, 3));
        public static void reset_peak_memory_stats(int device = 0) => TorchException.Check(Native.tvr_cuda_reset_peak_memory(device));
        public static void empty_cache() => TorchException.Check(Native.tvr_cuda_empty_cache());
    }

    public static class backends
    {
        /// <summary>TF32 for float32 matmuls and convolutions on Ampere and later (torch.backends.cuda.matmul.allow_tf32).</summary>
        public static bool allow_tf32
        {
            get => Native.tvr_allow_tf32() == 1;
            set => TorchException.Check(Native.tvr_set_allow_tf32(value));
        }
    }

    /// <summary>Grad, inference and autocast modes are thread-local in libtorch: a mode scope must close on its own thread.</summary>
    abstract class ThreadBoundScope : IDisposable
    {
        readonly int threadId = Environment.CurrentManagedThreadId;
        bool closed;

        public void Dispose()
        {
            if (closed) return;
            if (Environment.CurrentManagedThreadId != threadId)
                throw new InvalidOperationException(
                    $"{GetType().Name[..^5]} must be closed on the thread that opened it (managed thread {threadId}, not {Environment.CurrentManagedThreadId}): libtorch's modes are thread-local");
            closed = true;
            Restore();
        }

        protected abstract void Restore();
    }

    sealed class GradModeScope : ThreadBoundScope
    {
        readonly bool previous;
        public GradModeScope(bool enabled)
        {
            previous = Native.tvr_grad_enabled() == 1;
            Native.tvr_set_grad_enabled(enabled);
        }
        protected override void Restore() => Native.tvr_set_grad_enabled(previous);
    }

    sealed class InferenceModeScope : ThreadBoundScope
    {
        readonly IntPtr guard;
        public InferenceModeScope(bool enabled)
        {
            guard = Native.tvr_inference_mode_enter(enabled);
            if (guard == IntPtr.Zero) throw TorchException.FromNative();
        }
        protected override void Restore() => Native.tvr_inference_mode_exit(guard);
    }

    sealed class AutocastScope : ThreadBoundScope
    {
        readonly DeviceType device;
        readonly bool previous;
        readonly int previousDtype;
        public AutocastScope(DeviceType device, ScalarType dtype, bool enabled)
        {
            this.device = device;
            previousDtype = Tensor.Check(Native.tvr_autocast_dtype((int)device));
            previous = Tensor.Check(Native.tvr_autocast_enter((int)device, (int)dtype, enabled)) == 1;
        }
        protected override void Restore() => TorchException.Check(Native.tvr_autocast_exit((int)device, previous, previousDtype));
    }
}
