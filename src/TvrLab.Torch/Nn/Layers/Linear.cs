namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>y = x W^T + b, as torch.nn.Linear (weight [out_features, in_features]).</summary>
        public sealed class Linear : Module<Tensor, Tensor>
        {
            public readonly long in_features, out_features;
            public Parameter weight;
            public Parameter? bias;

            public Linear(long in_features, long out_features, bool bias = true, Device? device = null, ScalarType? dtype = null)
            {
                this.in_features = in_features;
                this.out_features = out_features;
                weight = Parameter.Empty([out_features, in_features], dtype, device);
                if (bias) this.bias = Parameter.Empty([out_features], dtype, device);
                reset_parameters();
            }

            /// <summary>PyTorch's default: W ~ kaiming_uniform(a = sqrt 5), i.e. U(-1/sqrt(in), 1/sqrt(in)); b ~ U(-1/sqrt(in), 1/sqrt(in)).</summary>
            public void reset_parameters()
            {
                init.kaiming_uniform_(weight, a: Math.Sqrt(5));
                if (bias is null) return;
                var (fan_in, _) = init.calculate_fan_in_and_fan_out(weight);
                var bound = fan_in > 0 ? 1 / Math.Sqrt(fan_in) : 0;
                init.uniform_(bias, -bound, bound);
            }

            public override Tensor forward(Tensor input) => functional.linear(input, weight, bias);

            public override string extra_repr() => $"in_features={in_features}, out_features={out_features}, bias={(bias is not null ? "True" : "False")}";
        }
    }
}
