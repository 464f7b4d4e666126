using TvrLab.Torch.Interop;
using static TvrLab.Torch.torch;
using F = TvrLab.Torch.torch.nn.functional;

namespace TvrLab.Torch.Tests;

/// <summary>
/// Bad input becomes a .NET exception carrying libtorch's message, and never crashes the process: every shim entry
/// catches everything, including C++ exceptions that are not std::exception.
/// </summary>
public class ErrorTests
{
    [Theory]
    [InlineData(0, "std::runtime_error from the shim")]
    [InlineData(1, "unknown C++ exception in libtorch")]
    [InlineData(2, "c10::Error from the shim")]
    public void EveryKindOfCppExceptionBecomesATorchException(int kind, string message)
    {
        TorchException.Check(0);  // a success status raises nothing
        var ex = Assert.Throws<TorchException>(() => TorchException.Check(Native.tvr_test_throw(kind)));
        Assert.Contains(message, ex.Message);
        Assert.DoesNotContain("Exception raised from", ex.Message);  // libtorch's C++ backtrace stays out
    }

    [Fact]
    public void MatmulShapeMismatchNamesBothShapes()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<TorchException>(() => zeros(2, 3).matmul(zeros(4, 5)));
        Assert.Contains("2x3", ex.Message);
        Assert.Contains("4x5", ex.Message);
        ex = Assert.Throws<TorchException>(() => zeros(2, 3) + zeros(4));
        Assert.Contains("must match the size of tensor b (4)", ex.Message);
    }

    [Fact]
    public void WrongDtypesAreRejectedWithTheirNames()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<TorchException>(() => zeros(2, 3).matmul(zeros([3, 2], int64)));
        Assert.Contains("Long", ex.Message);
        Assert.Throws<TorchException>(() => F.cross_entropy(zeros(2, 3), tensor(new[] { 0.5f, 1.5f })));  // float class indices
        Assert.Throws<TorchException>(() => F.embedding(zeros([2], float32), zeros(4, 3)));               // float indices
        var io = Assert.Throws<InvalidOperationException>(() => zeros(2).ToArray<long>());
        Assert.Contains("torch.float32", io.Message);
    }

    [Fact]
    public void IndicesOutOfRangeAreReported()
    {
        using var scope = NewDisposeScope();
        var x = zeros(3, 4);
        var ex = Assert.Throws<TorchException>(() => x[5]);
        Assert.Contains("index 5 is out of bounds for dimension 0 with size 3", ex.Message);
        Assert.Throws<TorchException>(() => x[.., 4]);
        Assert.Throws<TorchException>(() => x.index_select(0, tensor(new long[] { 7 })));
        Assert.Throws<TorchException>(() => x.gather(1, tensor(new long[] { 9 }, [1, 1])));
        Assert.Throws<TorchException>(() => F.embedding(tensor(new long[] { 10 }), zeros(4, 3)));
        Assert.Throws<TorchException>(() => x.transpose(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.size(2));
        Assert.Throws<TorchException>(() => x.view(5, 5));
        Assert.Throws<TorchException>(() => x[tensor(new[] { true, false })]);  // mask of the wrong length
    }

    [Fact]
    public void UsingADisposedTensorThrowsObjectDisposedException()
    {
        var x = ones(2);
        var y = ones(2);
        x.Dispose();
        x.Dispose();  // a second Dispose does nothing
        Assert.True(x.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => x + y);            // as the receiver
        Assert.Throws<ObjectDisposedException>(() => y + x);            // as an argument
        Assert.Throws<ObjectDisposedException>(() => x.shape);
        Assert.Throws<ObjectDisposedException>(() => x.ToArray<float>());
        Assert.Throws<ObjectDisposedException>(() => x[0]);
        Assert.Throws<ObjectDisposedException>(() => y[x > 0]);          // inside an index
        Assert.Throws<ObjectDisposedException>(() => cat([y, x]));       // inside a list
        Assert.Throws<ObjectDisposedException>(() => F.linear(y, y, x)); // as an optional argument
        Assert.Equal("tensor(disposed)", x.ToString());
        y.Dispose();

        // a scope's tensors are disposed with it
        Tensor inner;
        using (NewDisposeScope()) inner = ones(1);
        Assert.Throws<ObjectDisposedException>(() => inner.sum());
    }

    [Fact]
    public void NullTensorArgumentsThrowInsteadOfReachingNativeCode()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentNullException>(() => ones(2).add(null!));
        Assert.Throws<ArgumentNullException>(() => F.linear(ones(2), null!));
        Assert.Equal([2L], F.linear(ones(1, 2), ones(2, 2), null).shape[1..]);  // null is fine where the argument is optional
    }

    [Fact]
    public void ManyBadCallsInARowLeaveTheProcessAndTheEngineHealthy()
    {
        using var scope = NewDisposeScope();
        for (int i = 0; i < 200; i++)
        {
            Assert.Throws<TorchException>(() => zeros(2, 3).matmul(zeros(2, 3)));
            Assert.Throws<TorchException>(() => zeros(-1));
            Assert.Throws<TorchException>(() => ones(2).reshape(3));
        }
        Assert.Equal(6f, ones(2, 3).sum().item<float>());
    }
}
