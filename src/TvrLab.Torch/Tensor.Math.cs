using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Elementwise math, comparisons and logical ops (Native/math.cpp), with C# operators for the common ones.
public partial class Tensor
{
    // ---- unary ------------------------------------------------------------------------------------------------
    public Tensor neg() => new(Native.tvr_neg(Handle));
    public Tensor exp() => new(Native.tvr_exp(Handle));
    public Tensor log() => new(Native.tvr_log(Handle));
    public Tensor log1p() => new(Native.tvr_log1p(Handle));
    public Tensor expm1() => new(Native.tvr_expm1(Handle));
    public Tensor sqrt() => new(Native.tvr_sqrt(Handle));
    public Tensor rsqrt() => new(Native.tvr_rsqrt(Handle));
    public Tensor abs() => new(Native.tvr_abs(Handle));
    public Tensor sign() => new(Native.tvr_sign(Handle));
    public Tensor sigmoid() => new(Native.tvr_sigmoid(Handle));
    public Tensor tanh() => new(Native.tvr_tanh(Handle));
    public Tensor relu() => new(Native.tvr_relu(Handle));
    /// <summary>GELU, exact (erf) by default; <paramref name="approximate"/> "tanh" for the tanh form.</summary>
    public Tensor gelu(string approximate = "none") => new(Native.tvr_gelu(Handle, approximate == "tanh"));
    public Tensor erf() => new(Native.tvr_erf(Handle));
    public Tensor sin() => new(Native.tvr_sin(Handle));
    public Tensor cos() => new(Native.tvr_cos(Handle));
    public Tensor floor() => new(Native.tvr_floor(Handle));
    public Tensor ceil() => new(Native.tvr_ceil(Handle));
    public Tensor round() => new(Native.tvr_round(Handle));
    public Tensor trunc() => new(Native.tvr_trunc(Handle));
    public Tensor reciprocal() => new(Native.tvr_reciprocal(Handle));
    public Tensor square() => new(Native.tvr_square(Handle));
    public Tensor isnan() => new(Native.tvr_isnan(Handle));
    public Tensor isinf() => new(Native.tvr_isinf(Handle));
    public Tensor isfinite() => new(Native.tvr_isfinite(Handle));
    public Tensor logical_not() => new(Native.tvr_logical_not(Handle));
    public Tensor bitwise_not() => new(Native.tvr_bitwise_not(Handle));

    public Tensor neg_() { TorchException.Check(Native.tvr_neg_(Handle)); return this; }
    public Tensor exp_() { TorchException.Check(Native.tvr_exp_(Handle)); return this; }
    public Tensor log_() { TorchException.Check(Native.tvr_log_(Handle)); return this; }
    public Tensor sqrt_() { TorchException.Check(Native.tvr_sqrt_(Handle)); return this; }
    public Tensor abs_() { TorchException.Check(Native.tvr_abs_(Handle)); return this; }
    public Tensor sigmoid_() { TorchException.Check(Native.tvr_sigmoid_(Handle)); return this; }
    public Tensor tanh_() { TorchException.Check(Native.tvr_tanh_(Handle)); return this; }
    public Tensor relu_() { TorchException.Check(Native.tvr_relu_(Handle)); return this; }

    // ---- binary -----------------------------------------------------------------------------------------------
    /// <summary>this + alpha * other, broadcasting.</summary>
    public Tensor add(Tensor other, double alpha = 1) => new(Native.tvr_add(Handle, other.Handle, alpha));
    public Tensor add(Scalar other) => new(Native.tvr_add_scalar(Handle, other.Value, other.Kind));
    /// <summary>this - alpha * other, broadcasting.</summary>
    public Tensor sub(Tensor other, double alpha = 1) => new(Native.tvr_sub(Handle, other.Handle, alpha));
    public Tensor sub(Scalar other) => new(Native.tvr_sub_scalar(Handle, other.Value, other.Kind));
    public Tensor mul(Tensor other) => new(Native.tvr_mul(Handle, other.Handle));
    public Tensor mul(Scalar other) => new(Native.tvr_mul_scalar(Handle, other.Value, other.Kind));
    public Tensor div(Tensor other) => new(Native.tvr_div(Handle, other.Handle));
    public Tensor div(Scalar other) => new(Native.tvr_div_scalar(Handle, other.Value, other.Kind));
    /// <summary>Division with rounding_mode "trunc" or "floor".</summary>
    public Tensor div(Tensor other, string rounding_mode) => rounding_mode switch
    {
        "trunc" => new(Native.tvr_div_rounding(Handle, other.Handle, 1)),
        "floor" => new(Native.tvr_div_rounding(Handle, other.Handle, 2)),
        _ => throw new ArgumentException($"rounding_mode must be \"trunc\" or \"floor\", not \"{rounding_mode}\""),
    };
    public Tensor pow(Tensor exponent) => new(Native.tvr_pow(Handle, exponent.Handle));
    public Tensor pow(Scalar exponent) => new(Native.tvr_pow_scalar(Handle, exponent.Value, exponent.Kind));
    public Tensor remainder(Tensor other) => new(Native.tvr_remainder(Handle, other.Handle));
    public Tensor remainder(Scalar other) => new(Native.tvr_remainder_scalar(Handle, other.Value, other.Kind));
    public Tensor fmod(Tensor other) => new(Native.tvr_fmod(Handle, other.Handle));
    public Tensor fmod(Scalar other) => new(Native.tvr_fmod_scalar(Handle, other.Value, other.Kind));
    public Tensor maximum(Tensor other) => new(Native.tvr_maximum(Handle, other.Handle));
    public Tensor minimum(Tensor other) => new(Native.tvr_minimum(Handle, other.Handle));
    public Tensor atan2(Tensor other) => new(Native.tvr_atan2(Handle, other.Handle));

    public Tensor add_(Tensor other, double alpha = 1) { TorchException.Check(Native.tvr_add_(Handle, other.Handle, alpha)); return this; }
    public Tensor add_(Scalar other) { TorchException.Check(Native.tvr_add__scalar(Handle, other.Value, other.Kind)); return this; }
    public Tensor sub_(Tensor other, double alpha = 1) { TorchException.Check(Native.tvr_sub_(Handle, other.Handle, alpha)); return this; }
    public Tensor sub_(Scalar other) { TorchException.Check(Native.tvr_sub__scalar(Handle, other.Value, other.Kind)); return this; }
    public Tensor mul_(Tensor other) { TorchException.Check(Native.tvr_mul_(Handle, other.Handle)); return this; }
    public Tensor mul_(Scalar other) { TorchException.Check(Native.tvr_mul__scalar(Handle, other.Value, other.Kind)); return this; }
    public Tensor div_(Tensor other) { TorchException.Check(Native.tvr_div_(Handle, other.Handle)); return this; }
    public Tensor div_(Scalar other) { TorchException.Check(Native.tvr_div__scalar(Handle, other.Value, other.Kind)); return this; }
    public Tensor pow_(Tensor other) { TorchException.Check(Native.tvr_pow_(Handle, other.Handle)); return this; }
    public Tensor pow_(Scalar other) { TorchException.Check(Native.tvr_pow__scalar(Handle, other.Value, other.Kind)); return this; }

    /// <summary>Clamps to [min, max]; either bound may be omitted.</summary>
    public Tensor clamp(double? min = null, double? max = null) =>
        new(Native.tvr_clamp(Handle, min ?? 0, min.HasValue, max ?? 0, max.HasValue));
    public Tensor clamp(Tensor? min, Tensor? max) =>
        new(Native.tvr_clamp_tensor(Handle, min?.Handle ?? TensorHandle.Null, max?.Handle ?? TensorHandle.Null));
    public Tensor clamp_(double? min = null, double? max = null)
    {
        TorchException.Check(Native.tvr_clamp_(Handle, min ?? 0, min.HasValue, max ?? 0, max.HasValue));
        return this;
    }
    public Tensor clamp_min(double min) => clamp(min: min);
    public Tensor clamp_max(double max) => clamp(max: max);

    /// <summary>this + value * t1 * t2.</summary>
    public Tensor addcmul(Tensor t1, Tensor t2, double value = 1) => new(Native.tvr_addcmul(Handle, t1.Handle, t2.Handle, value));
    /// <summary>this + value * t1 / t2.</summary>
    public Tensor addcdiv(Tensor t1, Tensor t2, double value = 1) => new(Native.tvr_addcdiv(Handle, t1.Handle, t2.Handle, value));
    public Tensor addcmul_(Tensor t1, Tensor t2, double value = 1) { TorchException.Check(Native.tvr_addcmul_(Handle, t1.Handle, t2.Handle, value)); return this; }
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value = 1) { TorchException.Check(Native.tvr_addcdiv_(Handle, t1.Handle, t2.Handle, value)); return this; }
    public Tensor lerp_(Tensor end, double weight) { TorchException.Check(Native.tvr_lerp_(Handle, end.Handle, weight)); return this; }

    // ---- comparisons and logic ----------------------------------------------------------------------------------
    public Tensor eq(Tensor other) => new(Native.tvr_eq(Handle, other.Handle));
    public Tensor eq(Scalar other) => new(Native.tvr_eq_scalar(Handle, other.Value, other.Kind));
    public Tensor ne(Tensor other) => new(Native.tvr_ne(Handle, other.Handle));
    public Tensor ne(Scalar other) => new(Native.tvr_ne_scalar(Handle, other.Value, other.Kind));
    public Tensor lt(Tensor other) => new(Native.tvr_lt(Handle, other.Handle));
    public Tensor lt(Scalar other) => new(Native.tvr_lt_scalar(Handle, other.Value, other.Kind));
    public Tensor le(Tensor other) => new(Native.tvr_le(Handle, other.Handle));
    public Tensor le(Scalar other) => new(Native.tvr_le_scalar(Handle, other.Value, other.Kind));
    public Tensor gt(Tensor other) => new(Native.tvr_gt(Handle, other.Handle));
    public Tensor gt(Scalar other) => new(Native.tvr_gt_scalar(Handle, other.Value, other.Kind));
    public Tensor ge(Tensor other) => new(Native.tvr_ge(Handle, other.Handle));
    public Tensor ge(Scalar other) => new(Native.tvr_ge_scalar(Handle, other.Value, other.Kind));
    public Tensor logical_and(Tensor other) => new(Native.tvr_logical_and(Handle, other.Handle));
    public Tensor logical_or(Tensor other) => new(Native.tvr_logical_or(Handle, other.Handle));
    public Tensor logical_xor(Tensor other) => new(Native.tvr_logical_xor(Handle, other.Handle));
    public Tensor bitwise_and(Tensor other) => new(Native.tvr_bitwise_and(Handle, other.Handle));
    public Tensor bitwise_or(Tensor other) => new(Native.tvr_bitwise_or(Handle, other.Handle));
    public Tensor bitwise_xor(Tensor other) => new(Native.tvr_bitwise_xor(Handle, other.Handle));

    /// <summary>True when both have the same shape and the same values.</summary>
    public bool equal(Tensor other) => Check(Native.tvr_equal(Handle, other.Handle)) == 1;
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) =>
        Check(Native.tvr_allclose(Handle, other.Handle, rtol, atol, equal_nan)) == 1;

    /// <summary>torch.where(condition, this, other): this where the condition holds, other elsewhere.</summary>
    public Tensor where(Tensor condition, Tensor other) => new(Native.tvr_where(condition.Handle, Handle, other.Handle));

    // ---- operators ----------------------------------------------------------------------------------------------
    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, Scalar b) => a.add(b);
    public static Tensor operator +(Scalar a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, Scalar b) => a.sub(b);
    public static Tensor operator -(Scalar a, Tensor b) => new(Native.tvr_rsub_scalar(b.Handle, a.Value, a.Kind));
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, Scalar b) => a.mul(b);
    public static Tensor operator *(Scalar a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, Scalar b) => a.div(b);
    public static Tensor operator /(Scalar a, Tensor b) => new(Native.tvr_rdiv_scalar(b.Handle, a.Value, a.Kind));
    public static Tensor operator %(Tensor a, Tensor b) => a.remainder(b);
    public static Tensor operator %(Tensor a, Scalar b) => a.remainder(b);
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator <(Tensor a, Scalar b) => a.lt(b);
    public static Tensor operator >(Tensor a, Scalar b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Scalar b) => a.le(b);
    public static Tensor operator >=(Tensor a, Scalar b) => a.ge(b);
    public static Tensor operator &(Tensor a, Tensor b) => a.bitwise_and(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.bitwise_or(b);
    public static Tensor operator ^(Tensor a, Tensor b) => a.bitwise_xor(b);
    public static Tensor operator ~(Tensor a) => a.bitwise_not();
}
