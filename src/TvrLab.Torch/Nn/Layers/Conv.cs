namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A convolution over 2 or 3 spatial dims, as torch.nn's _ConvNd: weight [out, in / groups, *kernel_size],
        /// initialised like Linear from fan_in = in / groups * prod(kernel_size).
        /// </summary>
        public abstract class ConvNd : Module<Tensor, Tensor>
        {
            public readonly long in_channels, out_channels, groups;
            public readonly long[] kernel_size, stride, padding, dilation;
            public Parameter weight;
            public Parameter? bias;

            private protected ConvNd(int dims, long in_channels, long out_channels, long[] kernel_size, long[]? stride, long[]? padding,
                                     long[]? dilation, long groups, bool bias, Device? device, ScalarType? dtype)
            {
                if (in_channels % groups != 0 || out_channels % groups != 0)
                    throw new ArgumentException($"in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible by groups ({groups})");
                this.in_channels = in_channels;
                this.out_channels = out_channels;
                this.groups = groups;
                this.kernel_size = Expand(kernel_size, dims, nameof(kernel_size));
                this.stride = Expand(stride ?? [1], dims, nameof(stride));
                this.padding = Expand(padding ?? [0], dims, nameof(padding));
                this.dilation = Expand(dilation ?? [1], dims, nameof(dilation));
                weight = Parameter.Empty([out_channels, in_channels / groups, .. this.kernel_size], dtype, device);
                if (bias) this.bias = Parameter.Empty([out_channels], dtype, device);
                reset_parameters();
            }

            static long[] Expand(long[] v, int dims, string name) =>
                v.Length == 1 ? Enumerable.Repeat(v[0], dims).ToArray() :
                v.Length == dims ? v : throw new ArgumentException($"{name} needs 1 or {dims} values, got {v.Length}");

            public void reset_parameters()
            {
                init.kaiming_uniform_(weight, a: Math.Sqrt(5));
                if (bias is null) return;
                var (fan_in, _) = init.calculate_fan_in_and_fan_out(weight);
                if (fan_in == 0) return;
                var bound = 1 / Math.Sqrt(fan_in);
                init.uniform_(bias, -bound, bound);
            }

            public override string extra_repr() =>
                $"{in_channels}, {out_channels}, kernel_size={Tuple(kernel_size)}, stride={Tuple(stride)}" +
                (padding.Any(p => p != 0) ? $", padding={Tuple(padding)}" : "") +
                (dilation.Any(d => d != 1) ? $", dilation={Tuple(dilation)}" : "") +
                (groups != 1 ? $", groups={groups}" : "") + (bias is null ? ", bias=False" : "");

            static string Tuple(long[] v) => "(" + string.Join(", ", v) + ")";
        }

        /// <summary>2-D convolution over [N, C, H, W], as torch.nn.Conv2d (CLIP's patch embedding <c>conv1</c>).</summary>
        public sealed class Conv2d : ConvNd
        {
            public Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
                          long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
                : base(2, in_channels, out_channels, [kernel_size], [stride], [padding], [dilation], groups, bias, device, dtype) { }

            public Conv2d(long in_channels, long out_channels, long[] kernel_size, long[]? stride = null, long[]? padding = null,
                          long[]? dilation = null, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
                : base(2, in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, device, dtype) { }

            public override Tensor forward(Tensor input) => functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
        }

        /// <summary>3-D convolution over [N, C, T, H, W], as torch.nn.Conv3d (CLIP4Clip's 3-D patch embedding).</summary>
        public sealed class Conv3d : ConvNd
        {
            public Conv3d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
                          long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
                : base(3, in_channels, out_channels, [kernel_size], [stride], [padding], [dilation], groups, bias, device, dtype) { }

            public Conv3d(long in_channels, long out_channels, long[] kernel_size, long[]? stride = null, long[]? padding = null,
                          long[]? dilation = null, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
                : base(3, in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, device, dtype) { }

            public override Tensor forward(Tensor input) => functional.conv3d(input, weight, bias, stride, padding, dilation, groups);
        }
    }
}
