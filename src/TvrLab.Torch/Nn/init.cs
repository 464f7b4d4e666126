using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// torch.nn.init: fills a tensor in place (under no_grad, so parameters can be filled) and returns it. The
        /// random ones draw from libtorch's generator exactly as PyTorch's do, so after the same
        /// <see cref="manual_seed"/> a layer starts from the same numbers as in PyTorch.
        /// </summary>
        public static class init
        {
            /// <summary>U(a, b).</summary>
            public static Tensor uniform_(Tensor tensor, double a = 0, double b = 1)
            {
                TorchException.Check(Native.tvr_init_uniform_(tensor.Handle, a, b));
                return tensor;
            }

            /// <summary>N(mean, std^2).</summary>
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1)
            {
                TorchException.Check(Native.tvr_init_normal_(tensor.Handle, mean, std));
                return tensor;
            }

            /// <summary>N(mean, std^2) truncated to [a, b] (ViT-style initialisation).</summary>
            public static Tensor trunc_normal_(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2)
            {
                TorchException.Check(Native.tvr_init_trunc_normal_(tensor.Handle, mean, std, a, b));
                return tensor;
            }

            public static Tensor constant_(Tensor tensor, double val)
            {
                TorchException.Check(Native.tvr_init_constant_(tensor.Handle, val));
                return tensor;
            }

            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>Glorot: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1)
            {
                var (fan_in, fan_out) = calculate_fan_in_and_fan_out(tensor);
                var std = gain * Math.Sqrt(2.0 / (fan_in + fan_out));
                var a = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -a, a);
            }

            /// <summary>Glorot: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1)
            {
                var (fan_in, fan_out) = calculate_fan_in_and_fan_out(tensor);
                var std = gain * Math.Sqrt(2.0 / (fan_in + fan_out));
                return normal_(tensor, 0, std);
            }

            /// <summary>He: U(-b, b) with b = sqrt(3) * gain / sqrt(fan); nn.Linear's default is a = sqrt(5), i.e. b = 1/sqrt(fan_in).</summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                var fan = CorrectFan(tensor, mode);
                var gain = calculate_gain(nonlinearity, a);
                var std = gain / Math.Sqrt(fan);
                var bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound);
            }

            /// <summary>He: N(0, std^2) with std = gain / sqrt(fan).</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                var fan = CorrectFan(tensor, mode);
                var gain = calculate_gain(nonlinearity, a);
                return normal_(tensor, 0, gain / Math.Sqrt(fan));
            }

            /// <summary>The recommended gain for a nonlinearity (PyTorch's table); <paramref name="param"/> is leaky_relu's negative slope.</summary>
            public static double calculate_gain(string nonlinearity, double? param = null) => nonlinearity switch
            {
                "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d" or "sigmoid" => 1,
                "tanh" => 5.0 / 3,
                "relu" => Math.Sqrt(2.0),
                "leaky_relu" => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
                "selu" => 3.0 / 4,
                _ => throw new ArgumentException($"calculate_gain: unsupported nonlinearity \"{nonlinearity}\""),
            };

            /// <summary>fan_in = size(1) * receptive field, fan_out = size(0) * receptive field (receptive field = product of dims 2..).</summary>
            public static (long fan_in, long fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                var shape = tensor.shape;
                if (shape.Length < 2)
                    throw new ArgumentException($"fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape {Tensor.ShapeString(shape)})");
                long receptive = 1;
                for (int i = 2; i < shape.Length; i++) receptive *= shape[i];
                return (shape[1] * receptive, shape[0] * receptive);
            }

            static long CorrectFan(Tensor tensor, string mode)
            {
                var (fan_in, fan_out) = calculate_fan_in_and_fan_out(tensor);
                return mode switch
                {
                    "fan_in" => fan_in,
                    "fan_out" => fan_out,
                    _ => throw new ArgumentException($"mode must be \"fan_in\" or \"fan_out\", not \"{mode}\""),
                };
            }
        }
    }
}
