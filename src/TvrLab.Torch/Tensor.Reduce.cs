using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Reductions (over all elements, one dim or several, with keepdim), softmax, sorting and selection (Native/reduce.cpp).
public partial class Tensor
{
    public Tensor sum() => new(Native.tvr_sum(this, default, -1, false));
    public Tensor sum(long dim, bool keepdim = false) => new(Native.tvr_sum(this, [dim], 1, keepdim));
    public Tensor sum(long[] dims, bool keepdim = false) => new(Native.tvr_sum(this, dims, dims.Length, keepdim));
    public Tensor mean() => new(Native.tvr_mean(this, default, -1, false));
    public Tensor mean(long dim, bool keepdim = false) => new(Native.tvr_mean(this, [dim], 1, keepdim));
    public Tensor mean(long[] dims, bool keepdim = false) => new(Native.tvr_mean(this, dims, dims.Length, keepdim));
    public Tensor prod() => new(Native.tvr_prod(this, 0, true, false));
    public Tensor prod(long dim, bool keepdim = false) => new(Native.tvr_prod(this, dim, false, keepdim));

    /// <summary>Standard deviation; unbiased (divide by N-1) by default, as PyTorch.</summary>
    public Tensor std(bool unbiased = true) => new(Native.tvr_std(this, default, -1, unbiased, false));
    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => new(Native.tvr_std(this, [dim], 1, unbiased, keepdim));
    public Tensor std(long[] dims, bool unbiased = true, bool keepdim = false) => new(Native.tvr_std(this, dims, dims.Length, unbiased, keepdim));
    public Tensor var(bool unbiased = true) => new(Native.tvr_var(this, default, -1, unbiased, false));
    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => new(Native.tvr_var(this, [dim], 1, unbiased, keepdim));
    public Tensor var(long[] dims, bool unbiased = true, bool keepdim = false) => new(Native.tvr_var(this, dims, dims.Length, unbiased, keepdim));

    /// <summary>The p-norm over all elements, or over <paramref name="dim"/>.</summary>
    public Tensor norm(double p = 2) => new(Native.tvr_norm(this, p, default, -1, false));
    public Tensor norm(double p, long dim, bool keepdim = false) => new(Native.tvr_norm(this, p, [dim], 1, keepdim));
    public Tensor norm(double p, long[] dims, bool keepdim = false) => new(Native.tvr_norm(this, p, dims, dims.Length, keepdim));
    public Tensor logsumexp(long dim, bool keepdim = false) => new(Native.tvr_logsumexp(this, [dim], 1, keepdim));
    public Tensor logsumexp(long[] dims, bool keepdim = false) => new(Native.tvr_logsumexp(this, dims, dims.Length, keepdim));
    public Tensor amax(long dim, bool keepdim = false) => new(Native.tvr_amax(this, [dim], 1, keepdim));
    public Tensor amax(long[] dims, bool keepdim = false) => new(Native.tvr_amax(this, dims, dims.Length, keepdim));
    public Tensor amin(long dim, bool keepdim = false) => new(Native.tvr_amin(this, [dim], 1, keepdim));
    public Tensor amin(long[] dims, bool keepdim = false) => new(Native.tvr_amin(this, dims, dims.Length, keepdim));

    /// <summary>The largest element.</summary>
    public Tensor max() => new(Native.tvr_max_all(this));
    /// <summary>The largest values along <paramref name="dim"/> and where they are.</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false)
    {
        TorchException.Check(Native.tvr_max_dim(this, dim, keepdim, out var v, out var i));
        return (FromRaw(v), FromRaw(i));
    }
    public Tensor min() => new(Native.tvr_min_all(this));
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false)
    {
        TorchException.Check(Native.tvr_min_dim(this, dim, keepdim, out var v, out var i));
        return (FromRaw(v), FromRaw(i));
    }
    /// <summary>The lower median of all elements (PyTorch's convention for even counts).</summary>
    public Tensor median() => new(Native.tvr_median_all(this));
    public (Tensor values, Tensor indices) median(long dim, bool keepdim = false)
    {
        TorchException.Check(Native.tvr_median_dim(this, dim, keepdim, out var v, out var i));
        return (FromRaw(v), FromRaw(i));
    }
    public Tensor argmax() => new(Native.tvr_argmax(this, 0, true, false));
    public Tensor argmax(long dim, bool keepdim = false) => new(Native.tvr_argmax(this, dim, false, keepdim));
    public Tensor argmin() => new(Native.tvr_argmin(this, 0, true, false));
    public Tensor argmin(long dim, bool keepdim = false) => new(Native.tvr_argmin(this, dim, false, keepdim));

    public (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        TorchException.Check(Native.tvr_topk(this, k, dim, largest, sorted, out var v, out var i));
        return (FromRaw(v), FromRaw(i));
    }
    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false)
    {
        TorchException.Check(Native.tvr_sort(this, dim, descending, stable, out var v, out var i));
        return (FromRaw(v), FromRaw(i));
    }
    public Tensor argsort(long dim = -1, bool descending = false, bool stable = false) =>
        new(Native.tvr_argsort(this, dim, descending, stable));

    public Tensor all() => new(Native.tvr_all(this));
    public Tensor all(long dim, bool keepdim = false) => new(Native.tvr_all_dim(this, dim, keepdim));
    public Tensor any() => new(Native.tvr_any(this));
    public Tensor any(long dim, bool keepdim = false) => new(Native.tvr_any_dim(this, dim, keepdim));
    public Tensor count_nonzero() => new(Native.tvr_count_nonzero(this, 0, true));
    public Tensor count_nonzero(long dim) => new(Native.tvr_count_nonzero(this, dim, false));

    public Tensor cumsum(long dim) => new(Native.tvr_cumsum(this, dim));
    public Tensor cumprod(long dim) => new(Native.tvr_cumprod(this, dim));

    /// <summary>softmax(x)_i = exp(x_i) / Σ_j exp(x_j) along <paramref name="dim"/>; with <paramref name="dtype"/> the input is cast first (e.g. float32 under autocast).</summary>
    public Tensor softmax(long dim, ScalarType? dtype = null) => new(Native.tvr_softmax(this, dim, dtype is { } d ? (int)d : -1));
    /// <summary>log_softmax(x)_i = x_i - log Σ_j exp(x_j) along <paramref name="dim"/>.</summary>
    public Tensor log_softmax(long dim, ScalarType? dtype = null) => new(Native.tvr_log_softmax(this, dim, dtype is { } d ? (int)d : -1));
}
