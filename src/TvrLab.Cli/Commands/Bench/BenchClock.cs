using System.Runtime.InteropServices;

namespace TvrLab.Cli.Commands;

/// <summary>
/// The calling thread's CPU time (Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID)), the clock `bench ops` times its
/// loops with by default: other processes on a shared machine take wall time from a loop but not CPU time, so C# and
/// Python measured minutes apart stay comparable. Python's side is time.thread_time(), the same clock.
/// </summary>
internal static class BenchClock
{
    const int ClockThreadCpuTimeId = 3;   // CLOCK_THREAD_CPUTIME_ID in <time.h> on Linux

    [StructLayout(LayoutKind.Sequential)]
    struct Timespec { public long Seconds, Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out Timespec time);

    /// <summary>True where the per-thread CPU clock is available (Linux).</summary>
    public static bool HasThreadCpuClock => OperatingSystem.IsLinux();

    /// <summary>CPU seconds the calling thread has used so far.</summary>
    public static double ThreadCpuSeconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var t) != 0)
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed (errno {Marshal.GetLastPInvokeError()})");
        return t.Seconds + t.Nanoseconds * 1e-9;
    }
}
