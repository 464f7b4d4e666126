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
/// <remarks>
/// Every thread counts into its own pair of counters (plain increments: this is on every op's path, and a shared
/// interlocked counter costs more than the rest of the managed bookkeeping); the totals sum every thread's pair. A
/// tensor created on one thread and released on another (a loader worker, the finalizer) is counted on each side.
/// </remarks>
public static class TensorStatistics
{
    sealed class Counts { public long created, released; }

    [ThreadStatic] static Counts? mine;
    static readonly List<Counts> threads = new();   // every thread's counters, kept when the thread ends

    public static long Created => Sum(c => Volatile.Read(ref c.created));
    public static long Released => Sum(c => Volatile.Read(ref c.released));
    /// <summary>Native tensors alive now (created and not yet released), across all threads.</summary>
    public static long Live => Sum(c => Volatile.Read(ref c.created) - Volatile.Read(ref c.released));

    internal static void OnCreated() => (mine ?? Register()).created++;
    internal static void OnReleased() => (mine ?? Register()).released++;

    static Counts Register()
    {
        var counts = new Counts();
        lock (threads) threads.Add(counts);
        return mine = counts;
    }

    static long Sum(Func<Counts, long> read)
    {
        lock (threads)
        {
            long total = 0;
            foreach (var c in threads) total += read(c);
            return total;
        }
    }
}
