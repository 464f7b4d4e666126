using System.Text.Json;

namespace TvrLab.Torch;

public static partial class torch
{
    /// <summary>torch.optim: optimizers and learning-rate schedules.</summary>
    public static partial class optim
    {
        /// <summary>
        /// Parameters that share hyperparameters, as one entry of PyTorch's param_groups. Settings left null take the
        /// optimizer's defaults when the optimizer is built; after that every setting has a value and may be changed
        /// (schedulers set <see cref="lr"/> each step). CLIP4Clip's groups:
        /// <c>new ParamGroup(clipDecay, lr: 1e-7, weight_decay: 0.2)</c>, <c>new ParamGroup(clipNoDecay, lr: 1e-7, weight_decay: 0)</c>, ...
        /// </summary>
        public sealed class ParamGroup(IEnumerable<nn.Parameter> @params, double? lr = null, double? weight_decay = null,
                                       (double beta1, double beta2)? betas = null, double? eps = null, bool? bias_correction = null,
                                       double? max_grad_norm = null, string? name = null)
        {
            double? _lr = lr, _weight_decay = weight_decay, _eps = eps, _max_grad_norm = max_grad_norm;
            (double beta1, double beta2)? _betas = betas;
            bool? _bias_correction = bias_correction;

            public IReadOnlyList<nn.Parameter> @params { get; } = @params.ToList();
            /// <summary>A label for logs and state_dicts, e.g. "clip" or "new modules".</summary>
            public string? name { get; } = name;

            public double lr { get => _lr ?? throw Unset(); set => _lr = value; }
            public double weight_decay { get => _weight_decay ?? throw Unset(); set => _weight_decay = value; }
            public (double beta1, double beta2) betas { get => _betas ?? throw Unset(); set => _betas = value; }
            public double eps { get => _eps ?? throw Unset(); set => _eps = value; }
            /// <summary>Adam's bias correction of the moments (AdamW: true; BertAdam: false).</summary>
            public bool bias_correction { get => _bias_correction ?? throw Unset(); set => _bias_correction = value; }
            /// <summary>When &gt; 0, each parameter's gradient is first clipped to this norm on its own (BertAdam's max_grad_norm); 0 is off.</summary>
            public double max_grad_norm { get => _max_grad_norm ?? throw Unset(); set => _max_grad_norm = value; }
            /// <summary>The learning rate a scheduler scales (set by the first scheduler attached, as PyTorch's initial_lr).</summary>
            public double? initial_lr { get; set; }

            internal void SetDefaults(double lr, (double, double) betas, double eps, double weight_decay, bool bias_correction, double max_grad_norm)
            {
                _lr ??= lr;
                _betas ??= betas;
                _eps ??= eps;
                _weight_decay ??= weight_decay;
                _bias_correction ??= bias_correction;
                _max_grad_norm ??= max_grad_norm;
            }

            InvalidOperationException Unset() => new($"parameter group {name ?? ""} is not attached to an optimizer yet, so its settings have no values");
        }

        /// <summary>
        /// An optimizer's state as named tensors plus string metadata (JSON values), so that a checkpoint can store it
        /// (e.g. as safetensors with __metadata__) and a run can resume bit for bit. Names mirror PyTorch's
        /// optimizer state_dict: tensors "state.{i}.step", "state.{i}.exp_avg", "state.{i}.exp_avg_sq" for the i-th
        /// parameter over all groups in order; metadata "optimizer", "param_groups" (the count) and
        /// "param_groups.{k}.params" (the indices), ".lr", ".betas", ".eps", ".weight_decay", ... per group.
        /// Disposing it frees the tensor handles (not the optimizer's state).
        /// </summary>
        public sealed class OptimizerStateDict : IDisposable
        {
            public OrderedDictionary<string, Tensor> Tensors { get; } = new();
            public OrderedDictionary<string, string> Metadata { get; } = new();

            internal void Set<T>(string key, T value) => Metadata[key] = JsonSerializer.Serialize(value);

            internal T Get<T>(string key)
            {
                if (!Metadata.TryGetValue(key, out var json))
                    throw new KeyNotFoundException($"optimizer state_dict: metadata \"{key}\" is missing");
                try { return JsonSerializer.Deserialize<T>(json)!; }
                catch (JsonException e)
                {
                    throw new FormatException($"optimizer state_dict: metadata \"{key}\" = {json} is not a valid {typeof(T).Name}: {e.Message}");
                }
            }

            public void Dispose()
            {
                foreach (var t in Tensors.Values) t.Dispose();
            }
        }

        /// <summary>The base of optimizers: parameter groups, zero_grad, step and a state_dict for resuming.</summary>
        public abstract class Optimizer : IDisposable
        {
            readonly List<ParamGroup> groups;

            protected Optimizer(IEnumerable<ParamGroup> param_groups)
            {
                groups = param_groups.ToList();
                if (groups.Count == 0 || groups.All(g => g.@params.Count == 0))
                    throw new ArgumentException("the optimizer got an empty parameter list");
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var p in groups.SelectMany(g => g.@params))
                    if (!seen.Add(p)) throw new ArgumentException("some parameters appear in more than one parameter group (or twice in one)");
            }

            public IReadOnlyList<ParamGroup> param_groups => groups;

            /// <summary>Every parameter, group by group: index i is the i in the state_dict's "state.{i}" names.</summary>
            protected IEnumerable<nn.Parameter> AllParameters => groups.SelectMany(g => g.@params);

            /// <summary>Clears the gradients of every parameter: to none (the default, as PyTorch 2) or to zeros.</summary>
            public void zero_grad(bool set_to_none = true)
            {
                foreach (var p in AllParameters) p.zero_grad(set_to_none);
            }

            /// <summary>Updates every parameter that has a gradient.</summary>
            public abstract void step();

            public abstract OptimizerStateDict state_dict();

            /// <summary>Restores state and group settings saved by <see cref="state_dict"/> from an optimizer over parameters of the same shapes.</summary>
            public abstract void load_state_dict(OptimizerStateDict state_dict);

            public abstract void Dispose();
        }
    }
}
