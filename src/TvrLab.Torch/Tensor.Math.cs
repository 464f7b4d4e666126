using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Elementwise math, comparisons and logical ops (Native/math.cpp), with C# operators for the common ones.
public partial class Tensor
{
    // ---- unary ------------------------------------------------------------------------------------------------
    public Tensor neg() => new(Native.tvr_neg(this));
    public Tensor exp() => new(Native.tvr_exp(this));
    public Tensor log() => new(Native.tvr_log(this));
    public Tensor log1p() => new(Native.tvr_log1p(this));
    public Tensor expm1() => new(Native.tvr_expm1(this));
    public Tensor sqrt() => new(Native.tvr_sqrt(this));
    public Tensor rsqrt() => new(Native.tvr_rsqrt(this));
    public Tensor abs() => new(Native.tvr_abs(this));
    public Tensor sign() => new(Native.tvr_sign(this));
    public Tensor sigmoid() => new(Native.tvr_sigmoid(this));
    public Tensor tanh() => new(Native.tvr_tanh(this));
    public Tensor relu() => new(Native.tvr_relu(this));
    /// <summary>GELU, exact (erf) by default; <paramref name="approximate"/> "tanh" for the tanh form.</summary>
    public Tensor gelu(string approximate = "none") => new(Native.tvr_gelu(this, approximate == "tanh"));
    public Tensor erf() => new(Native.tvr_erf(this));
    public Tensor sin() => new(Native.tvr_sin(this));
    public Tensor cos() => new(Native.tvr_cos(this));
    public Tensor floor() => new(Native.tvr_floor(this));
    public Tensor ceil() => new(Native.tvr_ceil(this));
    public Tensor round() => new(Native.tvr_round(this));
    public Tensor trunc() => new(Native.tvr_trunc(this));
    public Tensor reciprocal() => new(Native.tvr_reciprocal(this));
    public Tensor square() => new(Native.tvr_square(this));
    public Tensor log2() => new(Native.tvr_log2(this));
    public Tensor log10() => new(Native.tvr_log10(this));
    public Tensor isnan() => new(Native.tvr_isnan(this));
    public Tensor isinf() => new(Native.tvr_isinf(this));
    public Tensor isfinite() => new(Native.tvr_isfinite(this));
    public Tensor logical_not() => new(Native.tvr_logical_not(this));
    public Tensor bitwise_not() => new(Native.tvr_bitwise_not(this));

    public Tensor neg_() { TorchException.Check(Native.tvr_neg_(this)); return this; }
    public Tensor exp_() { TorchException.Check(Native.tvr_exp_(this)); return this; }
    public Tensor log_() { TorchException.Check(Native.tvr_log_(this)); return this; }
    public Tensor sqrt_() { TorchException.Check(Native.tvr_sqrt_(this)); return this; }
    public Tensor abs_() { TorchException.Check(Native.tvr_abs_(this)); return this; }
    public Tensor sigmoid_() { TorchException.Check(Native.tvr_sigmoid_(this)); return this; }
    public Tensor tanh_() { TorchException.Check(Native.tvr_tanh_(this)); return this; }
    public Tensor relu_() { TorchException.Check(Native.tvr_relu_(this)); return this; }
    public Tensor log1p_() { TorchException.Check(Native.tvr_log1p_(this)); return this; }
    public Tensor expm1_() { TorchException.Check(Native.tvr_expm1_(this)); return this; }
    public Tensor rsqrt_() { TorchException.Check(Native.tvr_rsqrt_(this)); return this; }
    public Tensor sign_() { TorchException.Check(Native.tvr_sign_(this)); return this; }
    public Tensor erf_() { TorchException.Check(Native.tvr_erf_(this)); return this; }
    public Tensor sin_() { TorchException.Check(Native.tvr_sin_(this)); return this; }
    public Tensor cos_() { TorchException.Check(Native.tvr_cos_(this)); return this; }
    public Tensor floor_() { TorchException.Check(Native.tvr_floor_(this)); return this; }
    public Tensor ceil_() { TorchException.Check(Native.tvr_ceil_(this)); return this; }
    public Tensor round_() { TorchException.Check(Native.tvr_round_(this)); return this; }
    public Tensor trunc_() { TorchException.Check(Native.tvr_trunc_(this)); return this; }
    public Tensor reciprocal_() { TorchException.Check(Native.tvr_reciprocal_(this)); return this; }
    public Tensor square_() { TorchException.Check(Native.tvr_square_(this)); return this; }
    public Tensor logical_not_() { TorchException.Check(Native.tvr_logical_not_(this)); return this; }

    /// <summary>NaN → <paramref name="nan"/>, +inf → <paramref name="posinf"/>, -inf → <paramref name="neginf"/> (default: the dtype's largest and lowest finite values).</summary>
    public Tensor nan_to_num(double nan = 0, double? posinf = null, double? neginf = null) =>
        new(Native.tvr_nan_to_num(this, nan, posinf ?? 0, posinf.HasValue, neginf ?? 0, neginf.HasValue));

    // ---- binary -----------------------------------------------------------------------------------------------
    /// <summary>this + alpha * other, broadcasting.</summary>
    public Tensor add(Tensor other, double alpha = 1) => new(Native.tvr_add(this, other, alpha));
    public Tensor add(Scalar other) => new(Native.tvr_add_scalar(this, other.Value, other.Kind));
    /// <summary>this - alpha * other, broadcasting.</summary>
    public Tensor sub(Tensor other, double alpha = 1) => new(Native.tvr_sub(this, other, alpha));
    public Tensor sub(Scalar other) => new(Native.tvr_sub_scalar(this, other.Value, other.Kind));
    public Tensor mul(Tensor other) => new(Native.tvr_mul(this, other));
    public Tensor mul(Scalar other) => new(Native.tvr_mul_scalar(this, other.Value, other.Kind));
    public Tensor div(Tensor other) => new(Native.tvr_div(this, other));
    public Tensor div(Scalar other) => new(Native.tvr_div_scalar(this, other.Value, other.Kind));
    /// <summary>Division with rounding_mode "trunc" or "floor".</summary>
    public Tensor div(Tensor other, string rounding_mode) => rounding_mode switch
    {
        "trunc" => new(Native.tvr_div_rounding(this, other, 1)),
        "floor" => new(Native.tvr_div_rounding(this, other, 2)),
        _ => throw new ArgumentException($"rounding_mode must be \"trunc\" or \"floor\", not \"{rounding_mode}\""),
    };
    public Tensor pow(Tensor exponent) => new(Native.tvr_pow(this, exponent));
    public Tensor pow(Scalar exponent) => new(Native.tvr_pow_scalar(this, exponent.Value, exponent.Kind));
    public Tensor remainder(Tensor other) => new(Native.tvr_remainder(this, other));
    public Tensor remainder(Scalar other) => new(Native.tvr_remainder_scalar(this, other.Value, other.Kind));
    public Tensor fmod(Tensor other) => new(Native.tvr_fmod(this, other));
    public Tensor fmod(Scalar other) => new(Native.tvr_fmod_scalar(this, other.Value, other.Kind));
    public Tensor maximum(Tensor other) => new(Native.tvr_maximum(this, other));
    public Tensor minimum(Tensor other) => new(Native.tvr_minimum(this, other));
    public Tensor atan2(Tensor other) => new(Native.tvr_atan2(this, other));

    public Tensor add_(Tensor other, double alpha = 1) { TorchException.Check(Native.tvr_add_(this, other, alpha)); return this; }
    public Tensor add_(Scalar other) { TorchException.Check(Native.tvr_add__scalar(this, other.Value, other.Kind)); return this; }
    public Tensor sub_(Tensor other, double alpha = 1) { TorchException.Check(Native.tvr_sub_(this, other, alpha)); return this; }
    public Tensor sub_(Scalar other) { TorchException.Check(Native.tvr_sub__scalar(this, other.Value, other.Kind)); return this; }
    public Tensor mul_(Tensor other) { TorchException.Check(Native.tvr_mul_(this, other)); return this; }
    public Tensor mul_(Scalar other) { TorchException.Check(Native.tvr_mul__scalar(this, other.Value, other.Kind)); return this; }
    public Tensor div_(Tensor other) { TorchException.Check(Native.tvr_div_(this, other)); return this; }
    public Tensor div_(Scalar other) { TorchException.Check(Native.tvr_div__scalar(this, other.Value, other.Kind)); return this; }
    public Tensor pow_(Tensor other) { TorchException.Check(Native.tvr_pow_(this, other)); return this; }
    public Tensor pow_(Scalar other) { TorchException.Check(Native.tvr_pow__scalar(this, other.Value, other.Kind)); return this; }
    public Tensor remainder_(Tensor other) { TorchException.Check(Native.tvr_remainder_(this, other)); return this; }
    public Tensor remainder_(Scalar other) { TorchException.Check(Native.tvr_remainder__scalar(this, other.Value, other.Kind)); return this; }
    public Tensor fmod_(Tensor other) { TorchException.Check(Native.tvr_fmod_(this, other)); return this; }
    public Tensor fmod_(Scalar other) { TorchException.Check(Native.tvr_fmod__scalar(this, other.Value, other.Kind)); return this; }

    /// <summary>Clamps to [min, max]; either bound may be omitted.</summary>
    public Tensor clamp(double? min = null, double? max = null) =>
        new(Native.tvr_clamp(this, min ?? 0, min.HasValue, max ?? 0, max.HasValue));
    public Tensor clamp(Tensor? min, Tensor? max) =>
        new(Native.tvr_clamp_tensor(this, min, max));
    public Tensor clamp_(double? min = null, double? max = null)
    {
        TorchException.Check(Native.tvr_clamp_(this, min ?? 0, min.HasValue, max ?? 0, max.HasValue));
        return this;
    }
    public Tensor clamp_min(double min) => clamp(min: min);
    public Tensor clamp_max(double max) => clamp(max: max);
    public Tensor clamp_min_(double min) => clamp_(min: min);
    public Tensor clamp_max_(double max) => clamp_(max: max);

    /// <summary>this + value * t1 * t2.</summary>
    public Tensor addcmul(Tensor t1, Tensor t2, double value = 1) => new(Native.tvr_addcmul(this, t1, t2, value));
    /// <summary>this + value * t1 / t2.</summary>
    public Tensor addcdiv(Tensor t1, Tensor t2, double value = 1) => new(Native.tvr_addcdiv(this, t1, t2, value));
    public Tensor addcmul_(Tensor t1, Tensor t2, double value = 1) { TorchException.Check(Native.tvr_addcmul_(this, t1, t2, value)); return this; }
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value = 1) { TorchException.Check(Native.tvr_addcdiv_(this, t1, t2, value)); return this; }
    /// <summary>this + weight * (end - this).</summary>
    public Tensor lerp(Tensor end, double weight) => new(Native.tvr_lerp(this, end, weight));
    public Tensor lerp_(Tensor end, double weight) { TorchException.Check(Native.tvr_lerp_(this, end, weight)); return this; }

    // ---- comparisons and logic ----------------------------------------------------------------------------------
    public Tensor eq(Tensor other) => new(Native.tvr_eq(this, other));
    public Tensor eq(Scalar other) => new(Native.tvr_eq_scalar(this, other.Value, other.Kind));
    public Tensor ne(Tensor other) => new(Native.tvr_ne(this, other));
    public Tensor ne(Scalar other) => new(Native.tvr_ne_scalar(this, other.Value, other.Kind));
    public Tensor lt(Tensor other) => new(Native.tvr_lt(this, other));
    public Tensor lt(Scalar other) => new(Native.tvr_lt_scalar(this, other.Value, other.Kind));
    public Tensor le(Tensor other) => new(Native.tvr_le(this, other));
    public Tensor le(Scalar other) => new(Native.tvr_le_scalar(this, other.Value, other.Kind));
    public Tensor gt(Tensor other) => new(Native.tvr_gt(this, other));
    public Tensor gt(Scalar other) => new(Native.tvr_gt_scalar(this, other.Value, other.Kind));
    public Tensor ge(Tensor other) => new(Native.tvr_ge(this, other));
    public Tensor ge(Scalar other) => new(Native.tvr_ge_scalar(this, other.Value, other.Kind));
    public Tensor logical_and(Tensor other) => new(Native.tvr_logical_and(this, other));
    public Tensor logical_or(Tensor other) => new(Native.tvr_logical_or(this, other));
    public Tensor logical_xor(Tensor other) => new(Native.tvr_logical_xor(this, other));
    public Tensor bitwise_and(Tensor other) => new(Native.tvr_bitwise_and(this, other));
    public Tensor bitwise_or(Tensor other) => new(Native.tvr_bitwise_or(this, other));
    public Tensor bitwise_xor(Tensor other) => new(Native.tvr_bitwise_xor(this, other));

    /// <summary>True when both have the same shape and the same values.</summary>
    public bool equal(Tensor other) => Check(Native.tvr_equal(this, other)) == 1;
    /// <summary>True when |this - other| ≤ atol + rtol·|other| everywhere (shapes broadcast).</summary>
    public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) =>
        Check(Native.tvr_allclose(this, other, rtol, atol, equal_nan)) == 1;
    /// <summary>Elementwise |this - other| ≤ atol + rtol·|other|, as a bool tensor.</summary>
    public Tensor isclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) =>
        new(Native.tvr_isclose(this, other, rtol, atol, equal_nan));

    /// <summary>Tensor.where(condition, other): this where the condition holds, other elsewhere.</summary>
    public Tensor where(Tensor condition, Tensor other) => new(Native.tvr_where(condition, this, other));
    public Tensor where(Tensor condition, Scalar other) => new(Native.tvr_where_scalar_other(condition, this, other.Value, other.Kind));

    // ---- operators ----------------------------------------------------------------------------------------------
    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, Scalar b) => a.add(b);
    public static Tensor operator +(Scalar a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, Scalar b) => a.sub(b);
    public static Tensor operator -(Scalar a, Tensor b) => new(Native.tvr_rsub_scalar(b, a.Value, a.Kind));
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, Scalar b) => a.mul(b);
    public static Tensor operator *(Scalar a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, Scalar b) => a.div(b);
    public static Tensor operator /(Scalar a, Tensor b) => new(Native.tvr_rdiv_scalar(b, a.Value, a.Kind));
    public static Tensor operator %(Tensor a, Tensor b) => a.remainder(b);
    public static Tensor operator %(Tensor a, Scalar b) => a.remainder(b);
    // no C# operator for ** : use a.pow(b), or torch.pow(2, a) for a number raised to a tensor
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
