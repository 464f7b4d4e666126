using System.Runtime.InteropServices;
using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

/// <summary>An error raised inside libtorch (or the shim), carrying libtorch's own message.</summary>
public class TorchException : Exception
{
    public TorchException(string message) : base(message) { }

    /// <summary>Reads the shim's thread-local last error; call only right after a native call reported failure.</summary>
    internal static TorchException FromNative()
    {
        var ptr = Native.tvr_last_error();
        var message = ptr == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(ptr) ?? "";
        if (message.Length == 0) message = "libtorch reported a failure without a message";
        return message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
            ? new TorchOutOfMemoryException(message)
            : new TorchException(message);
    }

    internal static void Check(int status)
    {
        if (status < 0) throw FromNative();
    }
}

/// <summary>The device ran out of memory; the message says so and the handler may suggest a smaller batch.</summary>
public sealed class TorchOutOfMemoryException : TorchException
{
    public TorchOutOfMemoryException(string message) : base(message) { }
}
