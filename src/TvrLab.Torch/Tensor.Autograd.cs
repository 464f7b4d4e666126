using System.Runtime.InteropServices;
using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Autograd (Native/autograd.cpp).
public partial class Tensor
{
    public bool requires_grad
    {
        get => Check(Native.tvr_requires_grad(this)) == 1;
        set => TorchException.Check(Native.tvr_set_requires_grad(this, value));
    }

    public Tensor requires_grad_(bool requires_grad = true) { this.requires_grad = requires_grad; return this; }

    public bool is_leaf => Check(Native.tvr_is_leaf(this)) == 1;

    /// <summary>
    /// The accumulated gradient, or null before the first backward. Each read returns a new handle to the same
    /// gradient tensor: dispose it or read it inside a dispose scope.
    /// </summary>
    public Tensor? grad
    {
        get
        {
            TorchException.Check(Native.tvr_grad(this, out var g));
            return FromRawOrNull(g);
        }
        set => TorchException.Check(Native.tvr_set_grad(this, value));
    }

    /// <summary>Computes gradients of this tensor (a scalar, or with <paramref name="gradient"/>) into the leaves' .grad.</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
        TorchException.Check(Native.tvr_backward(this, gradient, retain_graph, create_graph));

    /// <summary>Clears the gradient: to none (the default, as PyTorch 2) or to zeros.</summary>
    public void zero_grad(bool set_to_none = true) => TorchException.Check(Native.tvr_zero_grad(this, set_to_none));

    /// <summary>The same data, cut from the autograd graph.</summary>
    public Tensor detach() => new(Native.tvr_detach(this));
    public Tensor detach_() { TorchException.Check(Native.tvr_detach_(this)); return this; }
    /// <summary>Keeps .grad for a non-leaf tensor after backward.</summary>
    public void retain_grad() => TorchException.Check(Native.tvr_retain_grad(this));
    public bool is_inference() => Check(Native.tvr_is_inference(this)) == 1;

    /// <summary>
    /// The name of the autograd node that made this tensor ("AddBackward0", "MmBackward0", ...), or null for a leaf or a
    /// tensor made without grad: Python's <c>x.grad_fn.name()</c>, for inspecting graphs in notebooks.
    /// </summary>
    public string? grad_fn
    {
        get
        {
            var p = Native.tvr_grad_fn_name(this);
            if (p == IntPtr.Zero) throw TorchException.FromNative();
            var name = Marshal.PtrToStringUTF8(p);
            return string.IsNullOrEmpty(name) ? null : name;
        }
    }
}
