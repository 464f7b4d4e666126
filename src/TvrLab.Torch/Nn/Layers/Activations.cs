namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Zeroes each element with probability p in training and scales the rest by 1 / (1 - p); the identity in eval mode.</summary>
        public sealed class Dropout : Module<Tensor, Tensor>
        {
            public readonly double p;

            public Dropout(double p = 0.5) =>
                this.p = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability must be in [0, 1], got {p}");

            public override Tensor forward(Tensor input) => functional.dropout(input, p, training);
            public override string extra_repr() => $"p={Py(p)}";
        }

        /// <summary>CLIP's activation: x * sigmoid(1.702 x).</summary>
        public sealed class QuickGELU : Module<Tensor, Tensor>
        {
            public override Tensor forward(Tensor input) => functional.quick_gelu(input);
        }

        /// <summary>x * Phi(x) (exact, with erf), or its tanh approximation with approximate "tanh".</summary>
        public sealed class GELU : Module<Tensor, Tensor>
        {
            public readonly string approximate;

            public GELU(string approximate = "none") =>
                this.approximate = approximate is "none" or "tanh" ? approximate : throw new ArgumentException($"GELU approximate must be \"none\" or \"tanh\", not \"{approximate}\"");

            public override Tensor forward(Tensor input) => functional.gelu(input, approximate);
            public override string extra_repr() => approximate == "none" ? "" : $"approximate='{approximate}'";
        }

        /// <summary>max(x, 0).</summary>
        public sealed class ReLU : Module<Tensor, Tensor>
        {
            public override Tensor forward(Tensor input) => input.relu();
        }

        /// <summary>Returns its input (a placeholder layer, e.g. a projection that an ablation switches off).</summary>
        public sealed class Identity : Module<Tensor, Tensor>
        {
            public override Tensor forward(Tensor input) => input.alias();
        }
    }
}
