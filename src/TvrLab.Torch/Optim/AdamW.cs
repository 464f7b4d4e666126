using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// Adam with decoupled weight decay (Loshchilov and Hutter), as torch.optim.AdamW. One native call updates
        /// every parameter of every group: on the CPU one parameter at a time (PyTorch's CPU default, cache-friendly),
        /// on GPUs with the multi-tensor foreach kernels or the fused CUDA kernel (libtorch 2.1+); <c>foreach</c>
        /// overrides the choice as in PyTorch.
        /// With t the parameter's own step count:
        /// p &lt;- p (1 - lr wd); m &lt;- b1 m + (1 - b1) g; v &lt;- b2 v + (1 - b2) g^2;
        /// p &lt;- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
        /// A group with bias_correction false drops the two (1 - b^t) factors, and max_grad_norm &gt; 0 first clips each
        /// parameter's gradient on its own: together that is BertAdam (see <see cref="BertAdam"/>).
        /// </summary>
        public class AdamW : Optimizer
        {
            readonly nn.Parameter[] parameters;
            readonly IntPtr[] rawParameters, rawExpAvg, rawExpAvgSq;
            readonly Tensor?[] exp_avg, exp_avg_sq;
            readonly long[] steps;
            readonly Native.AdamWGroup[] nativeGroups;
            readonly bool? useForeach;
            bool disposed;

            /// <summary>One group of parameters with these settings.</summary>
            public AdamW(IEnumerable<nn.Parameter> @params, double lr = 1e-3, (double beta1, double beta2)? betas = null, double eps = 1e-8,
                         double weight_decay = 1e-2, bool bias_correction = true, double max_grad_norm = 0, bool? @foreach = null)
                : this([new ParamGroup(@params)], lr, betas, eps, weight_decay, bias_correction, max_grad_norm, @foreach) { }

            /// <summary>Several groups; a group's own settings override these defaults.</summary>
            public AdamW(IEnumerable<ParamGroup> param_groups, double lr = 1e-3, (double beta1, double beta2)? betas = null, double eps = 1e-8,
                         double weight_decay = 1e-2, bool bias_correction = true, double max_grad_norm = 0, bool? @foreach = null)
                : base(param_groups)
            {
                useForeach = @foreach;
                foreach (var g in this.param_groups)
                {
                    g.SetDefaults(lr, betas ?? (0.9, 0.999), eps, weight_decay, bias_correction, max_grad_norm);
                    Validate(g);
                }
                parameters = AllParameters.ToArray();
                rawParameters = parameters.Select(p => p.RawHandle).ToArray();
                rawExpAvg = new IntPtr[parameters.Length];
                rawExpAvgSq = new IntPtr[parameters.Length];
                exp_avg = new Tensor?[parameters.Length];
                exp_avg_sq = new Tensor?[parameters.Length];
                steps = new long[parameters.Length];
                nativeGroups = new Native.AdamWGroup[this.param_groups.Count];
            }

            static void Validate(ParamGroup g)
            {
                string where = g.name is null ? "" : $" (group \"{g.name}\")";
                if (g.lr < 0) throw new ArgumentOutOfRangeException(nameof(g.lr), $"invalid learning rate {g.lr}{where}");
                if (g.eps < 0) throw new ArgumentOutOfRangeException(nameof(g.eps), $"invalid eps {g.eps}{where}");
                if (g.betas.beta1 is < 0 or >= 1 || g.betas.beta2 is < 0 or >= 1)
                    throw new ArgumentOutOfRangeException(nameof(g.betas), $"invalid betas ({g.betas.beta1}, {g.betas.beta2}){where}: each must be in [0, 1)");
                if (g.weight_decay < 0) throw new ArgumentOutOfRangeException(nameof(g.weight_decay), $"invalid weight_decay {g.weight_decay}{where}");
            }

            /// <summary>The number of steps taken by the i-th parameter (over all groups in order).</summary>
            public long StepCount(int i) => steps[i];

            public override unsafe void step()
            {
                if (disposed) throw new ObjectDisposedException(GetType().Name);
                for (int i = 0; i < parameters.Length; i++)
                    if (parameters[i].IsDisposed) throw new ObjectDisposedException(GetType().Name, $"parameter {i} of the optimizer was disposed");
                int end = 0;
                for (int k = 0; k < nativeGroups.Length; k++)
                {
                    var g = param_groups[k];
                    end += g.@params.Count;
                    nativeGroups[k] = new Native.AdamWGroup
                    {
                        lr = g.lr, beta1 = g.betas.beta1, beta2 = g.betas.beta2, eps = g.eps, weight_decay = g.weight_decay,
                        max_grad_norm = g.max_grad_norm, bias_correction = g.bias_correction ? 1 : 0,
                        @foreach = useForeach switch { null => 0, true => 1, false => 2 }, end = end,
                    };
                }
                int status;
                fixed (IntPtr* p = rawParameters, m = rawExpAvg, v = rawExpAvgSq)
                fixed (long* s = steps)
                fixed (Native.AdamWGroup* groups = nativeGroups)
                    status = Native.tvr_adamw_step(p, m, v, s, groups, nativeGroups.Length);
                Adopt(rawExpAvg, exp_avg);
                Adopt(rawExpAvgSq, exp_avg_sq);
                GC.KeepAlive(parameters);
                TorchException.Check(status);
            }

            /// <summary>Takes ownership of the moments the native step created on a parameter's first step.</summary>
            static void Adopt(IntPtr[] raw, Tensor?[] owned)
            {
                for (int i = 0; i < raw.Length; i++)
                    if (owned[i] is null && raw[i] != IntPtr.Zero) owned[i] = Tensor.FromRaw(raw[i]).DetachFromDisposeScope();
            }

            public override OptimizerStateDict state_dict()
            {
                var sd = new OptimizerStateDict();
                sd.Set("optimizer", GetType().Name);
                sd.Set("param_groups", param_groups.Count);
                int index = 0;
                for (int k = 0; k < param_groups.Count; k++)
                {
                    var g = param_groups[k];
                    var prefix = $"param_groups.{k}.";
                    sd.Set(prefix + "params", Enumerable.Range(index, g.@params.Count).ToArray());
                    index += g.@params.Count;
                    sd.Set(prefix + "lr", g.lr);
                    sd.Set(prefix + "betas", new[] { g.betas.beta1, g.betas.beta2 });
                    sd.Set(prefix + "eps", g.eps);
                    sd.Set(prefix + "weight_decay", g.weight_decay);
                    sd.Set(prefix + "bias_correction", g.bias_correction);
                    sd.Set(prefix + "max_grad_norm", g.max_grad_norm);
                    if (g.initial_lr is { } initial) sd.Set(prefix + "initial_lr", initial);
                    if (g.name is { } name) sd.Set(prefix + "name", name);
                }
                for (int i = 0; i < parameters.Length; i++)
                {
                    if (exp_avg[i] is null) continue;
                    sd.Tensors[$"state.{i}.step"] = scalar_tensor(steps[i]);
                    sd.Tensors[$"state.{i}.exp_avg"] = exp_avg[i]!.alias();
                    sd.Tensors[$"state.{i}.exp_avg_sq"] = exp_avg_sq[i]!.alias();
                }
                return sd;
            }

            /// <summary>
            /// Restores the group settings (all but the parameters) and, per parameter, its step count and moments
            /// (copied to the parameter's device and dtype). Everything is checked before anything changes: the group
            /// count, each group's size and each moment's shape must match.
            /// </summary>
            public override void load_state_dict(OptimizerStateDict state_dict)
            {
                var groupCount = state_dict.Get<int>("param_groups");
                if (groupCount != param_groups.Count)
                    throw new ArgumentException($"optimizer state_dict has {groupCount} parameter groups, this optimizer has {param_groups.Count}");
                for (int k = 0; k < groupCount; k++)
                {
                    var saved = state_dict.Get<int[]>($"param_groups.{k}.params").Length;
                    if (saved != param_groups[k].@params.Count)
                        throw new ArgumentException($"optimizer state_dict: parameter group {k} has {saved} parameters, this optimizer's has {param_groups[k].@params.Count}");
                }
                for (int i = 0; i < parameters.Length; i++)
                {
                    if (!state_dict.Tensors.ContainsKey($"state.{i}.exp_avg")) continue;
                    foreach (var key in new[] { $"state.{i}.step", $"state.{i}.exp_avg_sq" })
                        if (!state_dict.Tensors.ContainsKey(key)) throw new KeyNotFoundException($"optimizer state_dict: \"{key}\" is missing");
                    foreach (var key in new[] { $"state.{i}.exp_avg", $"state.{i}.exp_avg_sq" })
                        if (!state_dict.Tensors[key].shape.SequenceEqual(parameters[i].shape))
                            throw new ArgumentException($"optimizer state_dict: \"{key}\" has shape {Tensor.ShapeString(state_dict.Tensors[key].shape)}, " +
                                                        $"parameter {i} has shape {Tensor.ShapeString(parameters[i].shape)}");
                }

                for (int k = 0; k < groupCount; k++)
                {
                    var g = param_groups[k];
                    var prefix = $"param_groups.{k}.";
                    g.lr = state_dict.Get<double>(prefix + "lr");
                    var betas = state_dict.Get<double[]>(prefix + "betas");
                    g.betas = (betas[0], betas[1]);
                    g.eps = state_dict.Get<double>(prefix + "eps");
                    g.weight_decay = state_dict.Get<double>(prefix + "weight_decay");
                    g.bias_correction = state_dict.Get<bool>(prefix + "bias_correction");
                    g.max_grad_norm = state_dict.Get<double>(prefix + "max_grad_norm");
                    g.initial_lr = state_dict.Metadata.ContainsKey(prefix + "initial_lr") ? state_dict.Get<double>(prefix + "initial_lr") : null;
                }
                for (int i = 0; i < parameters.Length; i++)
                {
                    exp_avg[i]?.Dispose();
                    exp_avg_sq[i]?.Dispose();
                    (exp_avg[i], exp_avg_sq[i], steps[i]) = (null, null, 0);
                    if (!state_dict.Tensors.TryGetValue($"state.{i}.exp_avg", out var m)) continue;
                    var p = parameters[i];
                    exp_avg[i] = m.to(p.device, p.dtype, copy: true).DetachFromDisposeScope();
                    exp_avg_sq[i] = state_dict.Tensors[$"state.{i}.exp_avg_sq"].to(p.device, p.dtype, copy: true).DetachFromDisposeScope();
                    steps[i] = state_dict.Tensors[$"state.{i}.step"].item<long>();
                }
                for (int i = 0; i < parameters.Length; i++)
                {
                    rawExpAvg[i] = exp_avg[i]?.RawHandle ?? IntPtr.Zero;
                    rawExpAvgSq[i] = exp_avg_sq[i]?.RawHandle ?? IntPtr.Zero;
                }
            }

            /// <summary>Frees the moments (the parameters belong to their module).</summary>
            public override void Dispose()
            {
                if (disposed) return;
                disposed = true;
                foreach (var t in exp_avg.Concat(exp_avg_sq)) t?.Dispose();
                GC.SuppressFinalize(this);
            }
        }

        /// <summary>
        /// BertAdam as CLIP4Clip and DRL use it (modules/optimization.py there): AdamW's step without bias correction,
        /// eps 1e-6, and each parameter's gradient clipped to max_grad_norm (1.0) before its update:
        /// p &lt;- p - lr * (m / (sqrt(v) + eps) + wd * p). Its warmup-cosine schedule is
        /// <see cref="lr_scheduler.get_warmup_cosine_schedule"/>.
        /// </summary>
        public sealed class BertAdam : AdamW
        {
            public BertAdam(IEnumerable<ParamGroup> param_groups, double lr, (double beta1, double beta2)? betas = null, double e = 1e-6,
                            double weight_decay = 0.01, double max_grad_norm = 1.0, bool? @foreach = null)
                : base(param_groups, lr, betas ?? (0.9, 0.999), e, weight_decay, bias_correction: false, max_grad_norm, @foreach) { }
        }
    }
}
