using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

/// <summary>
/// A libtorch tensor. Method names follow PyTorch's (<c>x.softmax(-1)</c>, <c>x.sum(1, keepdim: true)</c>), so
/// code reads like the papers' reference implementations. A tensor owns one native reference: dispose it, or
/// create it inside a <see cref="DisposeScope"/> (<c>using var scope = torch.NewDisposeScope();</c>).
/// </summary>
/// <remarks>
/// Ownership: the native tensor belongs either to the dispose scope it was created in, or, when no scope owns it
/// (made outside any scope, moved out of the outermost one, detached), to a <see cref="TensorHandle"/> (a SafeHandle)
/// whose finalizer is the backstop for tensors nobody disposed. A scope's tensors need no finalizer: the thread's
/// scope stack keeps them reachable until the scope frees them, which keeps the per-op cost to two small managed
/// objects' worth of work. Tensors cross into the shim through <see cref="Interop.TensorMarshaller"/>, which keeps
/// them reachable for the whole native call, so a finalizer never frees a tensor libtorch is reading. A tensor must
/// not be disposed while another thread is still using it.
/// </remarks>
[NativeMarshalling(typeof(TensorMarshaller))]
public partial class Tensor : IDisposable
{
    IntPtr raw;              // the native handle (the TensorImpl* of one owned reference, see Native/shim.h); zero once freed
    TensorHandle? owner;     // the finalizer backstop, set while no scope owns this tensor
    internal DisposeScope? OwnerScope;

    /// <summary>
    /// Takes ownership of a tensor the shim returned; zero means the call failed and the shim's error is raised.
    /// This is the hot path of every op: one Tensor, a counter and the scope registration (a SafeHandle only outside scopes).
    /// </summary>
    internal Tensor(IntPtr raw)
    {
        if (raw == IntPtr.Zero) throw TorchException.FromNative();
        this.raw = raw;
        TensorStatistics.OnCreated();
        if (DisposeScope.Current is { } scope) scope.Add(this);
        else owner = new TensorHandle(raw);
    }

    /// <summary>Wraps a raw handle that came back through an out-parameter or a handle array.</summary>
    internal static Tensor FromRaw(IntPtr raw) => new(raw);

    internal static Tensor? FromRawOrNull(IntPtr raw) => raw == IntPtr.Zero ? null : new Tensor(raw);

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

    /// <summary>The native pointer; throws <see cref="ObjectDisposedException"/> once the tensor was freed.</summary>
    internal IntPtr RawHandle
    {
        get
        {
            var r = raw;
            if (r == IntPtr.Zero) throw new ObjectDisposedException(nameof(Tensor), "the tensor was disposed (by Dispose or by the dispose scope that owned it)");
            return r;
        }
    }

    /// <summary>Gives the tensor a SafeHandle owner (the finalizer backstop) when it leaves scope management.</summary>
    internal void EnsureOwner() => owner ??= new TensorHandle(RawHandle);

    /// <summary>True once <see cref="Dispose"/> (or the owning scope) has freed the native tensor.</summary>
    public bool IsDisposed => raw == IntPtr.Zero;

    /// <summary>
    /// Frees the native tensor now (a second call does nothing). Views and other tensors sharing its storage stay
    /// valid, as do results computed from it.
    /// </summary>
#pragma warning disable CA1816 // Tensor has no finalizer to suppress; its TensorHandle suppresses its own
    public void Dispose()
    {
        OwnerScope = null;
        var r = Interlocked.Exchange(ref raw, IntPtr.Zero);
        if (r == IntPtr.Zero) return;
        if (owner is { } o) o.Dispose();
        else
        {
            Native.tvr_tensor_free(r);
            TensorStatistics.OnReleased();
        }
    }
#pragma warning restore CA1816

    /// <summary>Keeps this tensor out of any dispose scope; the caller disposes it (or, as a backstop, the GC).</summary>
    public Tensor DetachFromDisposeScope()
    {
        if (OwnerScope is { } s) s.Detach(this);
        return this;
    }

    /// <summary>Hands this tensor to the scope enclosing the innermost one that owns it.</summary>
    public Tensor MoveToOuterDisposeScope() => OwnerScope is { } s ? s.MoveToOuter(this) : this;

    // ---- metadata ---------------------------------------------------------------------------------------------

    /// <summary>The number of dimensions.</summary>
    public long dim() => Check(Native.tvr_ndim(this));
    public long ndim => dim();

    public unsafe long[] shape
    {
        get
        {
            var n = dim();
            var dims = new long[n];
            fixed (long* p = dims) TorchException.Check(Native.tvr_shape(this, p));
            return dims;
        }
    }

    /// <summary>The size of dimension <paramref name="d"/> (negative counts from the end).</summary>
    public long size(long d)
    {
        var n = Native.tvr_size(this, d);
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(d), $"dimension {d} is out of range for a tensor of shape {ShapeString(shape)}");
        return n;
    }
    /// <summary>The shape, as PyTorch's <c>x.size()</c>.</summary>
    public long[] size() => shape;

    public unsafe long[] stride()
    {
        var n = dim();
        var st = new long[n];
        fixed (long* p = st) TorchException.Check(Native.tvr_strides(this, p));
        return st;
    }

    public long numel() => Check(Native.tvr_numel(this));
    public ScalarType dtype => (ScalarType)Check(Native.tvr_dtype(this));
    public Device device => new((DeviceType)Check(Native.tvr_device_type(this)), Native.tvr_device_index(this));
    public bool is_cuda => device.IsCuda;
    public bool is_contiguous() => Check(Native.tvr_is_contiguous(this)) == 1;
    public bool is_floating_point() => dtype.IsFloatingPoint();
    public long element_size() => Check(Native.tvr_element_size(this));

    /// <summary>The address of the first element (CPU tensors: valid while this tensor lives).</summary>
    public IntPtr data_ptr() { var p = Native.tvr_data_ptr(this); if (p == IntPtr.Zero && numel() > 0) throw TorchException.FromNative(); return p; }

    public static string ShapeString(long[] s) => "[" + string.Join(", ", s) + "]";

    // ---- values -----------------------------------------------------------------------------------------------

    /// <summary>
    /// The value of a one-element tensor as <typeparamref name="T"/> (any numeric type, bool or Half). Integers are
    /// read exactly through int64, everything else through float64, as Python's <c>x.item()</c> then a cast.
    /// </summary>
    public T item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(short) || typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte))
        {
            TorchException.Check(Native.tvr_item_long(this, out var l));
            if (typeof(T) == typeof(long)) return (T)(object)l;
            if (typeof(T) == typeof(int)) return (T)(object)checked((int)l);
            if (typeof(T) == typeof(short)) return (T)(object)checked((short)l);
            if (typeof(T) == typeof(byte)) return (T)(object)checked((byte)l);
            return (T)(object)checked((sbyte)l);
        }
        TorchException.Check(Native.tvr_item_double(this, out var d));
        if (typeof(T) == typeof(double)) return (T)(object)d;
        if (typeof(T) == typeof(float)) return (T)(object)(float)d;
        if (typeof(T) == typeof(bool)) return (T)(object)(d != 0);
        if (typeof(T) == typeof(Half)) return (T)(object)(Half)d;
        throw new ArgumentException($"item<{typeof(T).Name}>: expected a numeric type, bool or Half");
    }

    /// <summary>
    /// Copies the elements (row-major, any device, any layout) into a new managed array whose element type matches the
    /// dtype (float32 → float, float16 → Half, int64 → long, bool → bool, ...). .NET has no bfloat16: read a bf16
    /// tensor with <c>x.@float().ToArray&lt;float&gt;()</c>, which is exact.
    /// </summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[numel()];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements (row-major) into <paramref name="destination"/>, which must hold exactly numel() of them.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        var want = ScalarTypeExtensions.Of<T>();
        var have = dtype;
        if (have != want)
            throw new InvalidOperationException($"copying a {have.PyTorchName()} tensor to {typeof(T).Name} values: convert it first with .to({want.PyTorchName()})");
        fixed (T* p = destination)
            TorchException.Check(Native.tvr_copy_to_data(this, p, (long)destination.Length * sizeof(T)));
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
        var p = Native.tvr_to_string(this);
        if (p == IntPtr.Zero) throw TorchException.FromNative();
        return Marshal.PtrToStringUTF8(p) ?? "";
    }

    public override string ToString() =>
        IsDisposed ? "tensor(disposed)" : $"tensor({ShapeString(shape)}, {dtype.PyTorchName()}, {device})";

    // ---- conversion -------------------------------------------------------------------------------------------

    public Tensor to(ScalarType dtype) => new(Native.tvr_to_dtype(this, (int)dtype));
    public Tensor to(Device device, bool non_blocking = false) => to(device, dtype, non_blocking);
    public Tensor to(Device device, ScalarType dtype, bool non_blocking = false, bool copy = false) =>
        new(Native.tvr_to(this, (int)dtype, (int)device.Type, device.Index, non_blocking, copy));
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
    public Tensor clone() => new(Native.tvr_clone(this));
    public Tensor contiguous() => new(Native.tvr_contiguous(this));
    public Tensor pin_memory() => new(Native.tvr_pin_memory(this));
    /// <summary>A second handle to the same tensor (same storage, same autograd identity).</summary>
    public Tensor alias() => new(Native.tvr_alias(this));

    public Tensor copy_(Tensor src, bool non_blocking = false) { TorchException.Check(Native.tvr_copy_(this, src, non_blocking)); return this; }
    public Tensor fill_(Scalar value) { TorchException.Check(Native.tvr_fill_(this, value.Value, value.Kind)); return this; }
    public Tensor zero_() { TorchException.Check(Native.tvr_zero_(this)); return this; }
    /// <summary>Replaces the data behind this tensor (same object, new storage), as <c>param.data = new</c>.</summary>
    public void set_data(Tensor data) => TorchException.Check(Native.tvr_set_data(this, data));

    internal static long Check(long value) { if (value < 0) throw TorchException.FromNative(); return value; }
    internal static int Check(int value) { if (value < 0) throw TorchException.FromNative(); return value; }
}
