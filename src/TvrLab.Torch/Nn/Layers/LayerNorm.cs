namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// (x - mean) / sqrt(var + eps) * weight + bias over the last dims, as torch.nn.LayerNorm (weight ones, bias
        /// zeros at the start).
        /// </summary>
        public sealed class LayerNorm : Module<Tensor, Tensor>
        {
            public readonly long[] normalized_shape;
            public readonly double eps;
            public Parameter? weight, bias;

            public LayerNorm(long normalized_shape, double eps = 1e-5, bool elementwise_affine = true, Device? device = null, ScalarType? dtype = null)
                : this([normalized_shape], eps, elementwise_affine, device, dtype) { }

            public LayerNorm(long[] normalized_shape, double eps = 1e-5, bool elementwise_affine = true, Device? device = null, ScalarType? dtype = null)
            {
                this.normalized_shape = normalized_shape;
                this.eps = eps;
                if (!elementwise_affine) return;
                weight = Parameter.Empty(normalized_shape, dtype, device);
                bias = Parameter.Empty(normalized_shape, dtype, device);
                init.ones_(weight);
                init.zeros_(bias);
            }

            public override Tensor forward(Tensor input) => functional.layer_norm(input, normalized_shape, weight, bias, eps);

            public override string extra_repr() =>
                $"({string.Join(", ", normalized_shape)},), eps={Py(eps)}, elementwise_affine={(weight is not null ? "True" : "False")}";
        }
    }
}
