using System.Runtime.InteropServices;
using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

/// <summary>
/// Owns one reference to a libtorch tensor. The P/Invoke marshaller adds a reference to the SafeHandle for the
/// duration of every native call, so the finalizer (a backstop for tensors nobody disposed) can never free a
/// tensor that libtorch is still reading.
/// </summary>
public sealed class TensorHandle : SafeHandle
{
    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>A shared null handle, for optional tensor arguments of the shim.</summary>
    internal static readonly TensorHandle Null = new();

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
