using System.Runtime.InteropServices;
using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

/// <summary>
/// The <c>torch</c> namespace of PyTorch, as a static class: <c>using static TvrLab.Torch.torch;</c> then
/// <c>zeros(2, 3)</c>, <c>matmul(a, b)</c>, <c>nn.Linear(4, 8)</c>, <c>optim.AdamW(...)</c>.
/// </summary>
public static partial class torch
{
    // ---- dtypes and devices, spelled as in PyTorch ------------------------------------------------------------
    public const ScalarType float32 = ScalarType.Float32, @float = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64, @double = ScalarType.Float64;
    public const ScalarType float16 = ScalarType.Float16, half = ScalarType.Float16;
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    public const ScalarType int64 = ScalarType.Int64, @long = ScalarType.Int64;
    public const ScalarType int32 = ScalarType.Int32, @int = ScalarType.Int32;
    public const ScalarType int16 = ScalarType.Int16, int8 = ScalarType.Int8;
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType @bool = ScalarType.Bool;

    public static readonly Device CPU = Device.CPU;
    public static Device device(string spec) => Device.Parse(spec);

    /// <summary>A new axis in an index: x[.., None] is Python's x[:, None].</summary>
    public static readonly TensorIndex None = TensorIndex.NewAxis;
    /// <summary>Python's ... in an index.</summary>
    public static readonly TensorIndex Ellipsis = TensorIndex.Ellipsis;

    /// <summary>The libtorch version the shim was built against, e.g. "1.13.0".</summary>
    public static string __version__ => Marshal.PtrToStringUTF8(Native.tvr_torch_version()) ?? "";

    /// <summary>Opens a dispose scope on this thread: every tensor created until it closes is freed with it.</summary>
    public static DisposeScope NewDisposeScope() => new();

    // ---- creation ---------------------------------------------------------------------------------------------
    static ScalarType Default(ScalarType? dtype) => dtype ?? ScalarType.Float32;

    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? CPU;
        return new(Native.tvr_empty(size, size.Length, (int)Default(dtype), (int)d.Type, d.Index, requires_grad));
    }
    public static Tensor empty(params long[] size) => empty(size, null);

    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? CPU;
        return new(Native.tvr_zeros(size, size.Length, (int)Default(dtype), (int)d.Type, d.Index, requires_grad));
    }
    public static Tensor zeros(params long[] size) => zeros(size, null);

    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? CPU;
        return new(Native.tvr_ones(size, size.Length, (int)Default(dtype), (int)d.Type, d.Index, requires_grad));
    }
    public static Tensor ones(params long[] size) => ones(size, null);

    /// <summary>A tensor filled with <paramref name="value"/>; the dtype follows the value (int64, float32, bool) unless given.</summary>
    public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? CPU;
        var t = dtype ?? (value.Kind == 1 ? ScalarType.Int64 : value.Kind == 2 ? ScalarType.Bool : ScalarType.Float32);
        return new(Native.tvr_full(size, size.Length, value.Value, value.Kind, (int)t, (int)d.Type, d.Index, requires_grad));
    }

    /// <summary>[start, end) in steps; int64 unless a dtype is given.</summary>
    public static Tensor arange(double start, double end, double step = 1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? CPU;
        return new(Native.tvr_arange(start, end, step, (int)(dtype ?? ScalarType.Int64), (int)d.Type, d.Index, requires_grad));
    }
    public static Tensor arange(double end, ScalarType? dtype = null, Device? device = null) => arange(0, end, 1, dtype, device);

    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? CPU;
        return new(Native.tvr_linspace(start, end, steps, (int)Default(dtype), (int)d.Type, d.Index, requires_grad));
    }

    public static Tensor eye(long n, long? m = null, ScalarType? dtype = null, Device? device = null)
    {
        var d = device ?? CPU;
        return new(Native.tvr_eye(n, m ?? n, (int)Default(dtype), (int)d.Type, d.Index, false));
    }

    /// <summary>Uniform on [0, 1).</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? CPU;
        return new(Native.tvr_rand(size, size.Length, (int)Default(dtype), (int)d.Type, d.Index, requires_grad));
    }
    public static Tensor rand(params long[] size) => rand(size, null);

    /// <summary>Standard normal.</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? CPU;
        return new(Native.tvr_randn(size, size.Length, (int)Default(dtype), (int)d.Type, d.Index, requires_grad));
    }
    public static Tensor randn(params long[] size) => randn(size, null);

    /// <summary>Integers uniform on [low, high).</summary>
    public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null)
    {
        var d = device ?? CPU;
        return new(Native.tvr_randint(low, high, size, size.Length, (int)(dtype ?? ScalarType.Int64), (int)d.Type, d.Index, false));
    }
    public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null) => randint(0, high, size, dtype, device);

    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null)
    {
        var d = device ?? CPU;
        return new(Native.tvr_randperm(n, (int)(dtype ?? ScalarType.Int64), (int)d.Type, d.Index, false));
    }

    // *_like: the shape, dtype and device of t (a dtype argument overrides the dtype).
    public static Tensor empty_like(Tensor t, ScalarType? dtype = null) => dtype is { } d ? empty(t.shape, d, t.device) : new(Native.tvr_empty_like(t));
    public static Tensor zeros_like(Tensor t, ScalarType? dtype = null) => dtype is { } d ? zeros(t.shape, d, t.device) : new(Native.tvr_zeros_like(t));
    public static Tensor ones_like(Tensor t, ScalarType? dtype = null) => dtype is { } d ? ones(t.shape, d, t.device) : new(Native.tvr_ones_like(t));
    public static Tensor full_like(Tensor t, Scalar value, ScalarType? dtype = null) =>
        dtype is { } d ? full(t.shape, value, d, t.device) : new(Native.tvr_full_like(t, value.Value, value.Kind));
    public static Tensor rand_like(Tensor t) => new(Native.tvr_rand_like(t));
    public static Tensor randn_like(Tensor t) => new(Native.tvr_randn_like(t));

    /// <summary>
    /// A tensor holding a copy of managed data (an array or a span), shaped by <paramref name="shape"/> (1-D when
    /// omitted); the dtype follows the element type (float → float32, Half → float16, long → int64, bool → bool, ...)
    /// unless converted with <paramref name="dtype"/>. .NET has no bfloat16: pass floats with dtype bfloat16.
    /// </summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> data, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        where T : unmanaged
    {
        shape ??= [data.Length];
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count != data.Length)
            throw new ArgumentException($"tensor: {data.Length} values cannot fill shape {Tensor.ShapeString(shape)} ({count} elements)");
        var native = ScalarTypeExtensions.Of<T>();
        Tensor t;
        fixed (T* p = data)
            t = new Tensor(Native.tvr_from_data(p, (long)data.Length * sizeof(T), shape, shape.Length, (int)native));
        if ((dtype is { } dt && dt != native) || (device is { } dv && dv != CPU))
        {
            var moved = t.to(device ?? CPU, dtype ?? native);
            t.Dispose();
            t = moved;
        }
        if (requires_grad) t.requires_grad = true;
        return t;
    }
    public static Tensor tensor<T>(Span<T> data, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor((ReadOnlySpan<T>)data, shape, dtype, device, requires_grad);
    public static Tensor tensor<T>(T[] data, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor((ReadOnlySpan<T>)data, shape, dtype, device, requires_grad);
    public static unsafe Tensor tensor<T>(T[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        fixed (T* p = data)
            return tensor(new ReadOnlySpan<T>(p, data.Length), [data.GetLength(0), data.GetLength(1)], dtype, device, requires_grad);
    }
    public static unsafe Tensor tensor<T>(T[,,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        fixed (T* p = data)
            return tensor(new ReadOnlySpan<T>(p, data.Length), [data.GetLength(0), data.GetLength(1), data.GetLength(2)], dtype, device, requires_grad);
    }
    /// <summary>A 0-dimensional tensor holding one number.</summary>
    public static Tensor scalar_tensor(Scalar value, ScalarType? dtype = null, Device? device = null) => full([], value, dtype, device);

    // ---- functions of several tensors ---------------------------------------------------------------------------
    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        var raw = Tensor.Raw(tensors);
        fixed (IntPtr* p = raw)
        {
            var h = Native.tvr_cat(p, raw.Length, dim);
            GC.KeepAlive(tensors);
            return new Tensor(h);
        }
    }
    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        var raw = Tensor.Raw(tensors);
        fixed (IntPtr* p = raw)
        {
            var h = Native.tvr_stack(p, raw.Length, dim);
            GC.KeepAlive(tensors);
            return new Tensor(h);
        }
    }
    /// <summary>Einstein summation, e.g. einsum("atd,bvd->abtv", t, v).</summary>
    public static unsafe Tensor einsum(string equation, params Tensor[] operands)
    {
        var raw = Tensor.Raw(operands);
        fixed (IntPtr* p = raw)
        {
            var h = Native.tvr_einsum(equation, p, raw.Length);
            GC.KeepAlive(operands);
            return new Tensor(h);
        }
    }
    /// <summary>x where the condition holds, y elsewhere (all three broadcast); either side may be a number.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => new(Native.tvr_where(condition, x, y));
    public static Tensor where(Tensor condition, Tensor x, Scalar y) => new(Native.tvr_where_scalar_other(condition, x, y.Value, y.Kind));
    public static Tensor where(Tensor condition, Scalar x, Tensor y) => new(Native.tvr_where_scalar_self(condition, x.Value, x.Kind, y));
    public static Tensor where(Tensor condition, Scalar x, Scalar y) => new(Native.tvr_where_scalars(condition, x.Value, x.Kind, y.Value, y.Kind));
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    /// <summary>The outer product of two vectors: out[i, j] = a[i] b[j].</summary>
    public static Tensor outer(Tensor a, Tensor b) => a.outer(b);
    public static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2, double beta = 1, double alpha = 1) =>
        new(Native.tvr_baddbmm(input, batch1, batch2, beta, alpha));
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) =>
        new(Native.tvr_addmm(input, mat1, mat2, beta, alpha));
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor pow(Tensor a, Tensor exponent) => a.pow(exponent);
    public static Tensor pow(Tensor a, Scalar exponent) => a.pow(exponent);
    /// <summary>A number raised to each element: base^a.</summary>
    public static Tensor pow(Scalar @base, Tensor a) => new(Native.tvr_rpow_scalar(a, @base.Value, @base.Kind));
    public static Tensor exp(Tensor t) => t.exp();
    public static Tensor log(Tensor t) => t.log();
    public static Tensor sqrt(Tensor t) => t.sqrt();
    public static Tensor abs(Tensor t) => t.abs();
    public static Tensor erf(Tensor t) => t.erf();
    public static Tensor sigmoid(Tensor t) => t.sigmoid();
    public static Tensor tanh(Tensor t) => t.tanh();
    public static Tensor relu(Tensor t) => t.relu();
    public static Tensor softmax(Tensor t, long dim, ScalarType? dtype = null) => t.softmax(dim, dtype);
    public static Tensor log_softmax(Tensor t, long dim, ScalarType? dtype = null) => t.log_softmax(dim, dtype);
    public static Tensor clamp(Tensor t, double? min = null, double? max = null) => t.clamp(min, max);
    public static Tensor lerp(Tensor start, Tensor end, double weight) => start.lerp(end, weight);
    public static Tensor isnan(Tensor t) => t.isnan();
    public static Tensor isinf(Tensor t) => t.isinf();
    public static Tensor isfinite(Tensor t) => t.isfinite();
    public static Tensor nan_to_num(Tensor t, double nan = 0, double? posinf = null, double? neginf = null) => t.nan_to_num(nan, posinf, neginf);
    public static Tensor isclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) => a.isclose(b, rtol, atol, equal_nan);
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) => a.allclose(b, rtol, atol, equal_nan);
    public static bool equal(Tensor a, Tensor b) => a.equal(b);
    public static Tensor one_hot(Tensor indices, long num_classes = -1) => new(Native.tvr_one_hot(indices, num_classes));

    // ---- reductions, sorting and selection as functions (the same as the Tensor methods) ------------------------
    public static Tensor sum(Tensor t) => t.sum();
    public static Tensor sum(Tensor t, long dim, bool keepdim = false) => t.sum(dim, keepdim);
    public static Tensor mean(Tensor t) => t.mean();
    public static Tensor mean(Tensor t, long dim, bool keepdim = false) => t.mean(dim, keepdim);
    public static Tensor std(Tensor t, long dim, bool unbiased = true, bool keepdim = false) => t.std(dim, unbiased, keepdim);
    public static Tensor var(Tensor t, long dim, bool unbiased = true, bool keepdim = false) => t.var(dim, unbiased, keepdim);
    public static Tensor norm(Tensor t, double p = 2) => t.norm(p);
    public static Tensor norm(Tensor t, double p, long dim, bool keepdim = false) => t.norm(p, dim, keepdim);
    public static Tensor logsumexp(Tensor t, long dim, bool keepdim = false) => t.logsumexp(dim, keepdim);
    public static Tensor argmax(Tensor t, long dim, bool keepdim = false) => t.argmax(dim, keepdim);
    public static Tensor argmin(Tensor t, long dim, bool keepdim = false) => t.argmin(dim, keepdim);
    public static Tensor cumsum(Tensor t, long dim) => t.cumsum(dim);
    public static Tensor median(Tensor t) => t.median();
    public static (Tensor values, Tensor indices) median(Tensor t, long dim, bool keepdim = false) => t.median(dim, keepdim);
    public static (Tensor values, Tensor indices) topk(Tensor t, long k, long dim = -1, bool largest = true, bool sorted = true) => t.topk(k, dim, largest, sorted);
    public static (Tensor values, Tensor indices) sort(Tensor t, long dim = -1, bool descending = false, bool stable = false) => t.sort(dim, descending, stable);
    public static Tensor argsort(Tensor t, long dim = -1, bool descending = false, bool stable = false) => t.argsort(dim, descending, stable);

    // ---- views, layout and indexing as functions ----------------------------------------------------------------
    public static Tensor reshape(Tensor t, params long[] shape) => t.reshape(shape);
    public static Tensor flatten(Tensor t, long start_dim = 0, long end_dim = -1) => t.flatten(start_dim, end_dim);
    public static Tensor squeeze(Tensor t, long dim) => t.squeeze(dim);
    public static Tensor unsqueeze(Tensor t, long dim) => t.unsqueeze(dim);
    public static Tensor transpose(Tensor t, long dim0, long dim1) => t.transpose(dim0, dim1);
    public static Tensor permute(Tensor t, params long[] dims) => t.permute(dims);
    public static Tensor narrow(Tensor t, long dim, long start, long length) => t.narrow(dim, start, length);
    public static Tensor[] split(Tensor t, long split_size, long dim = 0) => t.split(split_size, dim);
    public static Tensor[] chunk(Tensor t, long chunks, long dim = 0) => t.chunk(chunks, dim);
    public static Tensor repeat_interleave(Tensor t, long repeats, long dim) => t.repeat_interleave(repeats, dim);
    public static Tensor repeat_interleave(Tensor t, Tensor repeats, long dim) => t.repeat_interleave(repeats, dim);
    public static Tensor tril(Tensor t, long diagonal = 0) => t.tril(diagonal);
    public static Tensor triu(Tensor t, long diagonal = 0) => t.triu(diagonal);
    public static Tensor index_select(Tensor t, long dim, Tensor index) => t.index_select(dim, index);
    public static Tensor gather(Tensor t, long dim, Tensor index) => t.gather(dim, index);
    /// <summary>Picks values along <paramref name="dim"/> at <paramref name="indices"/> (same rank, broadcast), e.g. with argsort's output.</summary>
    public static Tensor take_along_dim(Tensor t, Tensor indices, long dim) => t.take_along_dim(indices, dim);
    public static Tensor masked_fill(Tensor t, Tensor mask, Scalar value) => t.masked_fill(mask, value);
    public static Tensor masked_select(Tensor t, Tensor mask) => t.masked_select(mask);
}
