using System.Runtime.InteropServices;
using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

/// <summary>
/// Owns one reference to a libtorch tensor that no dispose scope owns; its (critical) finalizer is the backstop for
/// tensors nobody disposed. It cannot race libtorch: the <see cref="Tensor"/> holding it is reachable for the whole
/// of every native call it takes part in (see <see cref="Interop.TensorMarshaller"/>).
/// </summary>
internal sealed class TensorHandle : SafeHandle
{
    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Native.tvr_tensor_free(handle);
        TensorStatistics.OnReleased();
        return true;
    }
}

/// <summary>Counts of native tensors: how many were created and released, and how many are alive now.</summary>
public static class TensorStatistics
{
    static long created, released;

    public static long Created => Interlocked.Read(ref created);
    public static long Released => Interlocked.Read(ref released);
    /// <summary>Native tensors alive now (created and not yet released), across all threads.</summary>
    public static long Live => Created - Released;

    internal static void OnCreated() => Interlocked.Increment(ref created);
    internal static void OnReleased() => Interlocked.Increment(ref released);
}
