using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

/// <summary>Measurements of libtorch itself, for benchmarks that separate the binding's overhead from the op's own cost.</summary>
public static class NativeBench
{
    /// <summary>The ops <see cref="SecondsPerCall"/> can time inside libtorch.</summary>
    public enum Op { Add = 0, AddInPlace = 1, Matmul = 2 }

    /// <summary>Seconds per call of <paramref name="op"/>(a, b) over <paramref name="calls"/> calls made from C++ (no managed code on the path).</summary>
    public static double SecondsPerCall(Op op, Tensor a, Tensor b, long calls)
    {
        var seconds = Native.tvr_bench_op_seconds((int)op, a.Handle, b.Handle, calls);
        if (seconds < 0) throw TorchException.FromNative();
        return seconds;
    }
}
