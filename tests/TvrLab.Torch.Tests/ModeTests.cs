using static TvrLab.Torch.torch;

namespace TvrLab.Torch.Tests;

/// <summary>Autograd basics, grad modes and inference mode, autocast (bf16 on the CPU: no CUDA here), device controls.</summary>
public class ModeTests
{
    [Fact]
    public void BackwardAccumulatesIntoGradAndZeroGradClearsIt()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1.0, 2.0, 3.0 }, requires_grad: true);
        Assert.True(x.is_leaf);
        var y = (x * x).sum();                                   // dy/dx = 2x
        Assert.Equal("SumBackward0", y.grad_fn);
        Assert.Null(x.grad_fn);
        y.backward(retain_graph: true);
        Assert.Equal(new[] { 2.0, 4.0, 6.0 }, x.grad!.ToArray<double>());
        y.backward();                                            // a second pass adds up (the graph was retained)
        Assert.Equal(new[] { 4.0, 8.0, 12.0 }, x.grad!.ToArray<double>());
        var ex = Assert.Throws<TorchException>(() => y.backward());
        Assert.Contains("second time", ex.Message);             // without retain_graph the graph is gone
        x.zero_grad(set_to_none: false);
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, x.grad!.ToArray<double>());
        x.zero_grad();
        Assert.Null(x.grad);

        // backward of a non-scalar takes the gradient of the output
        var z = x * 3;
        z.backward(tensor(new[] { 1.0, 0.0, 2.0 }));
        Assert.Equal(new[] { 3.0, 0.0, 6.0 }, x.grad!.ToArray<double>());
        Assert.False(z.detach().requires_grad);
        Assert.Null(z.detach().grad_fn);
    }

    [Fact]
    public void NoGradEnableGradAndSetGradEnabledRestoreTheirState()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        Assert.True(is_grad_enabled());
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            Assert.False((x * 2).requires_grad);
            using (enable_grad())
            {
                Assert.True(is_grad_enabled());
                Assert.True((x * 2).requires_grad);
            }
            Assert.False(is_grad_enabled());
            using (set_grad_enabled(true)) Assert.True(is_grad_enabled());
            Assert.False(is_grad_enabled());
        }
        Assert.True(is_grad_enabled());
        // an exception inside still restores the mode (using)
        Assert.Throws<TorchException>(() =>
        {
            using (no_grad()) zeros(2).matmul(zeros(3));
        });
        Assert.True(is_grad_enabled());
    }

    [Fact]
    public void InferenceModeMakesInferenceTensorsAndRestores()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        Tensor y;
        using (inference_mode())
        {
            Assert.False(is_grad_enabled());
            y = x * 2;
            Assert.False(y.requires_grad);
            Assert.True(y.is_inference());
        }
        Assert.True(is_grad_enabled());
        Assert.False((x * 2).is_inference());
        // an inference tensor cannot enter autograd later
        Assert.Throws<TorchException>(() => (y * x).sum().backward());
    }

    [Fact]
    public void ModeScopesMustCloseOnTheirOwnThread()
    {
        var mode = no_grad();
        Exception? fromThread = null;
        var thread = new Thread(() => fromThread = Record.Exception(mode.Dispose));
        thread.Start();
        thread.Join();
        Assert.IsType<InvalidOperationException>(fromThread);
        Assert.Contains("thread-local", fromThread!.Message);
        Assert.False(is_grad_enabled());
        mode.Dispose();
        Assert.True(is_grad_enabled());
    }

    [Fact]
    public void CpuAutocastRunsMatmulInBFloat16InsideAndFloat32Outside()
    {
        using var scope = NewDisposeScope();
        var a = TestData.Det([4, 8], 0.1);
        var b = TestData.Det([8, 3], 0.2);
        Assert.False(is_autocast_enabled(DeviceType.CPU));
        using (autocast(DeviceType.CPU, bfloat16))
        {
            Assert.True(is_autocast_enabled(DeviceType.CPU));
            var product = a.matmul(b);
            Assert.Equal(ScalarType.BFloat16, product.dtype);
            Assert.Equal(ScalarType.BFloat16, nn.functional.linear(a, b.t()).dtype);
            // an fp32 region inside: autocast(enabled: false)
            using (autocast(DeviceType.CPU, enabled: false))
            {
                Assert.False(is_autocast_enabled(DeviceType.CPU));
                Assert.Equal(ScalarType.Float32, a.matmul(b).dtype);
            }
            Assert.True(is_autocast_enabled(DeviceType.CPU));
            // the bf16 result is the fp32 one to bf16 precision
            Assert.True(product.@float().allclose(a.matmul(b).@float(), rtol: 0.05, atol: 0.1));
        }
        Assert.False(is_autocast_enabled(DeviceType.CPU));
        Assert.Equal(ScalarType.Float32, a.matmul(b).dtype);
        // CUDA autocast is a separate switch, untouched
        Assert.False(is_autocast_enabled(DeviceType.CUDA));
    }

    [Fact]
    public void DeviceControlsWorkWithoutCuda()
    {
        // this machine has no GPU: CUDA reports absent and its statistics say why they are unavailable
        Assert.False(cuda.is_available());
        Assert.Equal(0, cuda.device_count());
        if (!cuda.built_with_cuda())
        {
            var ex = Assert.Throws<TorchException>(() => cuda.memory_allocated());
            Assert.Contains("no CUDA support", ex.Message);
            cuda.empty_cache();  // a no-op without CUDA
        }
        var tf32 = backends.allow_tf32;
        backends.allow_tf32 = !tf32;
        Assert.Equal(!tf32, backends.allow_tf32);
        backends.allow_tf32 = tf32;

        using var scope = NewDisposeScope();
        Assert.Throws<TorchException>(() => ones(1).cuda());
    }
}
