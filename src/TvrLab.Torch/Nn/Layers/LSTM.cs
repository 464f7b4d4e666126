using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A one-layer LSTM with PyTorch's parameter names (weight_ih_l0 [4H, I], weight_hh_l0 [4H, H], bias_ih_l0,
        /// bias_hh_l0; gates i, f, g, o), as torch.nn.LSTM(num_layers=1) and CLIP4Clip's seqLSTM head:
        /// i, f, o = sigmoid(W x + U h + b), g = tanh(W_g x + U_g h + b_g), c' = f * c + i * g, h' = o * tanh(c').
        /// </summary>
        public sealed class LSTM : Module
        {
            public readonly long input_size, hidden_size;
            public readonly bool batch_first;
            public Parameter weight_ih_l0, weight_hh_l0;
            public Parameter? bias_ih_l0, bias_hh_l0;

            public LSTM(long input_size, long hidden_size, bool bias = true, bool batch_first = false, Device? device = null, ScalarType? dtype = null)
            {
                this.input_size = input_size;
                this.hidden_size = hidden_size;
                this.batch_first = batch_first;
                weight_ih_l0 = Parameter.Empty([4 * hidden_size, input_size], dtype, device);
                weight_hh_l0 = Parameter.Empty([4 * hidden_size, hidden_size], dtype, device);
                if (bias)
                {
                    bias_ih_l0 = Parameter.Empty([4 * hidden_size], dtype, device);
                    bias_hh_l0 = Parameter.Empty([4 * hidden_size], dtype, device);
                }
                reset_parameters();
            }

            /// <summary>PyTorch's default: every weight and bias ~ U(-1/sqrt(H), 1/sqrt(H)).</summary>
            public void reset_parameters()
            {
                var stdv = 1.0 / Math.Sqrt(hidden_size);
                foreach (var p in parameters()) init.uniform_(p, -stdv, stdv);
            }

            /// <summary>
            /// Runs the sequence: input (N, T, I) with batch_first, else (T, N, I). With <paramref name="lengths"/>
            /// (one valid length per sequence, 1..T) it behaves as PyTorch's pack_padded_sequence(enforce_sorted=False)
            /// -> LSTM -> pad_packed_sequence(total_length=T): outputs at padded steps are zeros and (h_n, c_n) are the
            /// states after each sequence's last valid step. Note that pad_packed_sequence without total_length (as
            /// CLIP4Clip calls it) trims the time axis to max(lengths); slice the output for that. <paramref name="hx"/>
            /// holds optional initial states (1, N, H) each.
            /// </summary>
            public (Tensor output, (Tensor h_n, Tensor c_n) state) forward(Tensor input, Tensor? lengths = null, (Tensor h0, Tensor c0)? hx = null)
            {
                static TensorHandle H(Tensor? t) => t?.Handle ?? TensorHandle.Null;
                var status = Native.tvr_lstm(input.Handle, H(lengths), H(hx?.h0), H(hx?.c0), weight_ih_l0.Handle, weight_hh_l0.Handle,
                                             H(bias_ih_l0), H(bias_hh_l0), batch_first, training, out var output, out var h_n, out var c_n);
                TorchException.Check(status);
                return (Tensor.FromRaw(output), (Tensor.FromRaw(h_n), Tensor.FromRaw(c_n)));
            }

            public override string extra_repr() => $"{input_size}, {hidden_size}" + (bias_ih_l0 is null ? ", bias=False" : "") + (batch_first ? ", batch_first=True" : "");
        }
    }
}
