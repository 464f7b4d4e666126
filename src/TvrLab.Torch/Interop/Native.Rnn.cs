using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/rnn.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)]
    internal static partial int tvr_lstm(TensorHandle input, TensorHandle lengths, TensorHandle h0, TensorHandle c0,
        TensorHandle w_ih, TensorHandle w_hh, TensorHandle b_ih, TensorHandle b_hh,
        [MarshalAs(UnmanagedType.U1)] bool batch_first, [MarshalAs(UnmanagedType.U1)] bool train,
        out IntPtr output, out IntPtr h_n, out IntPtr c_n);
}
