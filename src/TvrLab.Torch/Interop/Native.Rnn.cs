using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace TvrLab.Torch.Interop;

// Entry points of Native/rnn.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    [LibraryImport(Lib)]
    internal static partial int tvr_lstm(Tensor input, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? lengths, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? h0, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? c0,
        Tensor w_ih, Tensor w_hh, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? b_ih, [MarshalUsing(typeof(OptionalTensorMarshaller))] Tensor? b_hh,
        [MarshalAs(UnmanagedType.U1)] bool batch_first, [MarshalAs(UnmanagedType.U1)] bool train,
        out IntPtr output, out IntPtr h_n, out IntPtr c_n);
}
