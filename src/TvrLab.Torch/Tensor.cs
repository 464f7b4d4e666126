using System.Runtime.InteropServices;
using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

/// <summary>
/// A libtorch tensor. Method names follow PyTorch's (<c>x.softmax(-1)</c>, <c>x.sum(1, keepdim: true)</c>), so
/// code reads like the papers' reference implementations. A tensor owns one native reference: dispose it, or
/// create it inside a <see cref="DisposeScope"/> (<c>using var scope = torch.NewDisposeScope();</c>).
/// </summary>
public partial class Tensor : IDisposable
{
    internal readonly TensorHandle Handle;
    internal DisposeScope? OwnerScope;

    /// <summary>Takes ownership of a handle returned by the shim; an invalid handle means the call failed.</summary>
    internal Tensor(TensorHandle handle)
    {
        if (handle.IsInvalid) throw TorchException.FromNative();
        Handle = handle;
        TensorStatistics.OnCreated();
        DisposeScope.RegisterCreated(this);
    }

    /// <summary>Wraps a raw handle that came back through an out-parameter or a handle array.</summary>
    internal static Tensor FromRaw(IntPtr raw)
    {
        if (raw == IntPtr.Zero) throw TorchException.FromNative();
        return new Tensor(new TensorHandle(raw));
    }

    internal static Tensor? FromRawOrNull(IntPtr raw) => raw == IntPtr.Zero ? null : new Tensor(new TensorHandle(raw));

    internal static unsafe Tensor[] FromList(IntPtr* array, long count)
    {
        if (count < 0) throw TorchException.FromNative();
        var result = new Tensor[count];
        for (long i = 0; i < count; i++) result[i] = FromRaw(array[i]);
        Native.tvr_free_handle_array(array);
        return result;
    }

    /// <summary>Raw handles of a list of tensors, for entries taking arrays; keep the tensors alive while in use.</summary>
    internal static IntPtr[] Raw(IReadOnlyList<Tensor> tensors)
    {
        var raw = new IntPtr[tensors.Count];
        for (int i = 0; i < raw.Length; i++) raw[i] = tensors[i].RawHandle;
        return raw;
    }

    internal IntPtr RawHandle
    {
        get
        {
            if (Handle.IsClosed) throw new ObjectDisposedException(nameof(Tensor), "the tensor was disposed");
            return Handle.DangerousGetHandle();
        }
    }

    public bool IsDisposed => Handle.IsClosed;

    /// <summary>Frees the native tensor now. Views and other tensors sharing its storage stay valid.</summary>
    public void Dispose()
    {
        OwnerScope = null;
        Handle.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Keeps this tensor out of any dispose scope; the caller disposes it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        OwnerScope?.Detach(this);
        return this;
    }

    /// <summary>Hands this tensor to the scope enclosing the innermost one that owns it.</summary>
    public Tensor MoveToOuterDisposeScope() => OwnerScope is { } s ? s.MoveToOuter(this) : this;

    // ---- metadata ---------------------------------------------------------------------------------------------

    public long dim() => Check(Native.tvr_ndim(Handle));
    public long ndim => dim();

    public unsafe long[] shape
    {
        get
        {
            var n = dim();
            var dims = new long[n];
            fixed (long* p = dims) TorchException.Check(Native.tvr_shape(Handle, p));
            return dims;
        }
    }

    public long size(long d)
    {
        var s = shape;
        var i = d < 0 ? d + s.Length : d;
        if (i < 0 || i >= s.Length) throw new ArgumentOutOfRangeException(nameof(d), $"dimension {d} is out of range for a tensor of shape {ShapeString(s)}");
        return s[i];
    }

    public unsafe long[] stride()
    {
        var n = dim();
        var st = new long[n];
        fixed (long* p = st) TorchException.Check(Native.tvr_strides(Handle, p));
        return st;
    }

    public long numel() => Check(Native.tvr_numel(Handle));
    public ScalarType dtype => (ScalarType)Check(Native.tvr_dtype(Handle));
    public Device device => new((DeviceType)Check(Native.tvr_device_type(Handle)), Native.tvr_device_index(Handle));
    public bool is_cuda => device.IsCuda;
    public bool is_contiguous() => Check(Native.tvr_is_contiguous(Handle)) == 1;
    public bool is_floating_point() => dtype.IsFloatingPoint();
    public long element_size() => Check(Native.tvr_element_size(Handle));

    /// <summary>The address of the first element (CPU tensors: valid while this tensor lives).</summary>
    public IntPtr data_ptr() { var p = Native.tvr_data_ptr(Handle); if (p == IntPtr.Zero && numel() > 0) throw TorchException.FromNative(); return p; }

    public static string ShapeString(long[] s) => "[" + string.Join(", ", s) + "]";

    // ---- values -----------------------------------------------------------------------------------------------

    /// <summary>The value of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(short) || typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte))
        {
            TorchException.Check(Native.tvr_item_long(Handle, out var l));
            return (T)Convert.ChangeType(l, typeof(T));
        }
        TorchException.Check(Native.tvr_item_double(Handle, out var d));
        if (typeof(T) == typeof(bool)) return (T)(object)(d != 0);
        if (typeof(T) == typeof(Half)) return (T)(object)(Half)d;
        return (T)Convert.ChangeType(d, typeof(T));
    }

    /// <summary>Copies the elements (row-major, any device, any layout) into a new managed array of matching type.</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        var want = ScalarTypeExtensions.Of<T>();
        var have = dtype;
        if (have != want)
            throw new InvalidOperationException($"ToArray<{typeof(T).Name}>: the tensor is {have.PyTorchName()}; convert it first with .to({want.PyTorchName()})");
        var result = new T[numel()];
        fixed (T* p = result)
            TorchException.Check(Native.tvr_copy_to_data(Handle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>Copies a 2-D tensor into a managed [rows, columns] array.</summary>
    public unsafe T[,] ToArray2D<T>() where T : unmanaged
    {
        var s = shape;
        if (s.Length != 2) throw new InvalidOperationException($"ToArray2D needs a 2-D tensor, not shape {ShapeString(s)}");
        var flat = ToArray<T>();
        var result = new T[s[0], s[1]];
        fixed (T* dst = result) fixed (T* src = flat)
            Buffer.MemoryCopy(src, dst, (long)flat.Length * sizeof(T), (long)flat.Length * sizeof(T));
        return result;
    }

    /// <summary>libtorch's printout of the values.</summary>
    public string str()
    {
        var p = Native.tvr_to_string(Handle);
        if (p == IntPtr.Zero) throw TorchException.FromNative();
        return Marshal.PtrToStringUTF8(p) ?? "";
    }

    public override string ToString() =>
        IsDisposed ? "tensor(disposed)" : $"tensor({ShapeString(shape)}, {dtype.PyTorchName()}, {device})";

    // ---- conversion -------------------------------------------------------------------------------------------

    public Tensor to(ScalarType dtype) => new(Native.tvr_to_dtype(Handle, (int)dtype));
    public Tensor to(Device device, bool non_blocking = false) => to(device, dtype, non_blocking);
    public Tensor to(Device device, ScalarType dtype, bool non_blocking = false, bool copy = false) =>
        new(Native.tvr_to(Handle, (int)dtype, (int)device.Type, device.Index, non_blocking, copy));
    public Tensor to(Tensor other) => to(other.device, other.dtype);
    public Tensor cpu() => to(Device.CPU);
    public Tensor cuda(int index = 0) => to(Device.CUDA(index));
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @int() => to(ScalarType.Int32);
    public Tensor @bool() => to(ScalarType.Bool);
    public Tensor half() => to(ScalarType.Float16);
    public Tensor bfloat16() => to(ScalarType.BFloat16);
    public Tensor clone() => new(Native.tvr_clone(Handle));
    public Tensor contiguous() => new(Native.tvr_contiguous(Handle));
    public Tensor pin_memory() => new(Native.tvr_pin_memory(Handle));
    /// <summary>A second handle to the same tensor (same storage, same autograd identity).</summary>
    public Tensor alias() => new(Native.tvr_alias(Handle));

    public Tensor copy_(Tensor src, bool non_blocking = false) { TorchException.Check(Native.tvr_copy_(Handle, src.Handle, non_blocking)); return this; }
    public Tensor fill_(Scalar value) { TorchException.Check(Native.tvr_fill_(Handle, value.Value, value.Kind)); return this; }
    public Tensor zero_() { TorchException.Check(Native.tvr_zero_(Handle)); return this; }
    /// <summary>Replaces the data behind this tensor (same object, new storage), as <c>param.data = new</c>.</summary>
    public void set_data(Tensor data) => TorchException.Check(Native.tvr_set_data(Handle, data.Handle));

    internal static long Check(long value) { if (value < 0) throw TorchException.FromNative(); return value; }
    internal static int Check(int value) { if (value < 0) throw TorchException.FromNative(); return value; }
}
