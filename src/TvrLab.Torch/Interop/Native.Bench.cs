using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/bench.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)] internal static partial double tvr_bench_op_seconds(int op, TensorHandle a, TensorHandle b, long calls);
}
