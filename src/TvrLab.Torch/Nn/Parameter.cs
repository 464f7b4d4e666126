using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A tensor that is a module's learnable state, as torch.nn.Parameter: a leaf that requires grad (unless told
        /// otherwise), sharing storage with the data it was made from. A parameter lives as long as its module: it is
        /// never owned by a dispose scope, and <see cref="Module.Dispose"/> frees it.
        /// </summary>
        public sealed class Parameter : Tensor
        {
            /// <summary>Wraps <paramref name="data"/> (same storage, cut from any graph); the caller still owns <paramref name="data"/>.</summary>
            public Parameter(Tensor data, bool requires_grad = true) : base(Native.tvr_detach(data.Handle))
            {
                DetachFromDisposeScope();
                this.requires_grad = requires_grad;
            }

            /// <summary>An uninitialised parameter of the given shape (fill it with <see cref="init"/>).</summary>
            internal static Parameter Empty(long[] shape, ScalarType? dtype, Device? device)
            {
                using var data = empty(shape, dtype, device);
                return new Parameter(data);
            }

            public override string ToString() => "Parameter containing " + base.ToString();
        }
    }
}
