using System.Runtime.InteropServices.Marshalling;

namespace TvrLab.Torch.Interop;

/// <summary>
/// How a <see cref="Tensor"/> argument crosses into the shim: as its native pointer, with the Tensor held for the
/// whole call (<see cref="In.Free"/> runs after it returns), so no finalizer can free a tensor libtorch is reading.
/// A disposed tensor raises <see cref="ObjectDisposedException"/> and a null one <see cref="ArgumentNullException"/>
/// before the call, so neither reaches native code.
/// </summary>
[CustomMarshaller(typeof(Tensor), MarshalMode.ManagedToUnmanagedIn, typeof(In))]
internal static class TensorMarshaller
{
    public struct In
    {
        Tensor? tensor;

        public void FromManaged(Tensor managed) =>
            tensor = managed ?? throw new ArgumentNullException(nameof(managed), "a tensor argument was null");

        public readonly IntPtr ToUnmanaged() => tensor!.RawHandle;

        public readonly void Free() => GC.KeepAlive(tensor);
    }
}

/// <summary>The same for optional tensor arguments (a bias, a mask): null crosses as a null pointer.</summary>
[CustomMarshaller(typeof(Tensor), MarshalMode.ManagedToUnmanagedIn, typeof(In))]
internal static class OptionalTensorMarshaller
{
    public struct In
    {
        Tensor? tensor;

        public void FromManaged(Tensor? managed) => tensor = managed;

        public readonly IntPtr ToUnmanaged() => tensor is null ? IntPtr.Zero : tensor.RawHandle;

        public readonly void Free() => GC.KeepAlive(tensor);
    }
}
