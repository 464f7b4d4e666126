using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

// Autograd (Native/autograd.cpp).
public partial class Tensor
{
    public bool requires_grad
    {
        get => Check(Native.tvr_requires_grad(Handle)) == 1;
        set => TorchException.Check(Native.tvr_set_requires_grad(Handle, value));
    }

    public Tensor requires_grad_(bool requires_grad = true) { this.requires_grad = requires_grad; return this; }

    public bool is_leaf => Check(Native.tvr_is_leaf(Handle)) == 1;

    /// <summary>
    /// The accumulated gradient, or null before the first backward. Each read returns a new handle to the same
    /// gradient tensor: dispose it or read it inside a dispose scope.
    /// </summary>
    public Tensor? grad
    {
        get
        {
            TorchException.Check(Native.tvr_grad(Handle, out var g));
            return FromRawOrNull(g);
        }
        set => TorchException.Check(Native.tvr_set_grad(Handle, value?.Handle ?? TensorHandle.Null));
    }

    /// <summary>Computes gradients of this tensor (a scalar, or with <paramref name="gradient"/>) into the leaves' .grad.</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
        TorchException.Check(Native.tvr_backward(Handle, gradient?.Handle ?? TensorHandle.Null, retain_graph, create_graph));

    /// <summary>Clears the gradient: to none (the default, as PyTorch 2) or to zeros.</summary>
    public void zero_grad(bool set_to_none = true) => TorchException.Check(Native.tvr_zero_grad(Handle, set_to_none));

    /// <summary>The same data, cut from the autograd graph.</summary>
    public Tensor detach() => new(Native.tvr_detach(Handle));
    public Tensor detach_() { TorchException.Check(Native.tvr_detach_(Handle)); return this; }
    /// <summary>Keeps .grad for a non-leaf tensor after backward.</summary>
    public void retain_grad() => TorchException.Check(Native.tvr_retain_grad(Handle));
    public bool is_inference() => Check(Native.tvr_is_inference(Handle)) == 1;
}
