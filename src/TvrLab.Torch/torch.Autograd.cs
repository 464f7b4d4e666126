using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

public static partial class torch
{
    /// <summary>torch.autograd: gradients of chosen outputs with respect to chosen inputs, and the gradient check.</summary>
    public static partial class autograd
    {
        /// <summary>
        /// Σ_j grad_outputs[j] · ∂outputs[j]/∂inputs[i] for every input i, without touching any .grad (torch.autograd.grad).
        /// A grad_output may be null for a scalar output. With <paramref name="create_graph"/> the gradients are part of
        /// the graph (for gradient penalties, second derivatives). retain_graph defaults to create_graph. An input the
        /// outputs do not depend on raises, unless <paramref name="allow_unused"/>: then its gradient is null.
        /// </summary>
        public static unsafe Tensor?[] grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? grad_outputs = null,
                                            bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
        {
            if (grad_outputs is not null && grad_outputs.Count != outputs.Count)
                throw new ArgumentException($"autograd.grad: {outputs.Count} outputs but {grad_outputs.Count} grad_outputs");
            var outs = Tensor.Raw(outputs);
            var ins = Tensor.Raw(inputs);
            var gos = new IntPtr[outputs.Count];
            for (int i = 0; grad_outputs is not null && i < gos.Length; i++) gos[i] = grad_outputs[i]?.RawHandle ?? IntPtr.Zero;
            var results = new IntPtr[inputs.Count];
            int status;
            fixed (IntPtr* o = outs) fixed (IntPtr* g = gos) fixed (IntPtr* x = ins) fixed (IntPtr* r = results)
                status = Native.tvr_autograd_grad(o, outs.Length, g, x, ins.Length, retain_graph ?? create_graph, create_graph, allow_unused, r);
            GC.KeepAlive(outputs);
            GC.KeepAlive(inputs);
            GC.KeepAlive(grad_outputs);
            TorchException.Check(status);
            var grads = new Tensor?[results.Length];
            for (int i = 0; i < grads.Length; i++) grads[i] = Tensor.FromRawOrNull(results[i]);
            return grads;
        }

        /// <summary>∂output/∂inputs[i] of one output (a scalar, or weighted by <paramref name="grad_output"/>).</summary>
        public static Tensor?[] grad(Tensor output, IReadOnlyList<Tensor> inputs, Tensor? grad_output = null,
                                     bool? retain_graph = null, bool create_graph = false, bool allow_unused = false) =>
            grad([output], inputs, [grad_output], retain_graph, create_graph, allow_unused);
    }
}
