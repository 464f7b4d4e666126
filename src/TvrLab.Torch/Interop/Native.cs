namespace TvrLab.Torch.Interop;

/// <summary>
/// P/Invoke declarations of the shim, one partial file per native source file (Native.Math.cs for math.cpp, ...).
/// Tensor-returning entries return an invalid handle on failure; status entries return -1; either way the caller
/// raises <see cref="TorchException.FromNative"/>. Use the wrappers in <see cref="Tensor"/> and <see cref="torch"/>.
/// </summary>
internal static unsafe partial class Native
{
    internal const string Lib = NativeLibraryResolver.LibraryName;
}
