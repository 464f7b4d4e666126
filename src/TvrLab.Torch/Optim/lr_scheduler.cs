using System.Text.Json;

namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// torch.optim.lr_scheduler: per-step learning-rate schedules. Call <c>scheduler.step()</c> after each
        /// <c>optimizer.step()</c>; step s trains with lr = initial_lr * f(s), s = 0, 1, ...
        /// </summary>
        public static class lr_scheduler
        {
            /// <summary>lr = initial_lr * lr_lambda(step) for every group, as torch.optim.lr_scheduler.LambdaLR.</summary>
            public class LambdaLR
            {
                readonly Optimizer optimizer;
                readonly Func<long, double> lr_lambda;
                double[] base_lrs;
                double[] last_lr = [];

                /// <summary>The number of <see cref="step"/> calls so far (0 right after construction).</summary>
                public long last_epoch { get; private set; }

                public LambdaLR(Optimizer optimizer, Func<long, double> lr_lambda)
                {
                    this.optimizer = optimizer;
                    this.lr_lambda = lr_lambda;
                    foreach (var g in optimizer.param_groups) g.initial_lr ??= g.lr;
                    base_lrs = optimizer.param_groups.Select(g => g.initial_lr!.Value).ToArray();
                    last_epoch = -1;
                    step();
                }

                /// <summary>Moves to the next step and sets each group's lr.</summary>
                public void step()
                {
                    last_epoch++;
                    Apply();
                }

                void Apply()
                {
                    var factor = lr_lambda(last_epoch);
                    for (int k = 0; k < base_lrs.Length; k++) optimizer.param_groups[k].lr = base_lrs[k] * factor;
                    last_lr = optimizer.param_groups.Select(g => g.lr).ToArray();
                }

                /// <summary>The learning rate of each group as last set.</summary>
                public IReadOnlyList<double> get_last_lr() => last_lr;

                /// <summary>The schedule's position, as metadata strings (JSON values) for a checkpoint.</summary>
                public Dictionary<string, string> state_dict() => new()
                {
                    ["last_epoch"] = JsonSerializer.Serialize(last_epoch),
                    ["base_lrs"] = JsonSerializer.Serialize(base_lrs),
                };

                /// <summary>Returns to a saved position and sets each group's lr for it.</summary>
                public void load_state_dict(IReadOnlyDictionary<string, string> state)
                {
                    var lrs = JsonSerializer.Deserialize<double[]>(state["base_lrs"])!;
                    if (lrs.Length != base_lrs.Length)
                        throw new ArgumentException($"scheduler state has {lrs.Length} groups, the optimizer has {base_lrs.Length}");
                    base_lrs = lrs;
                    last_epoch = JsonSerializer.Deserialize<long>(state["last_epoch"]);
                    Apply();
                }
            }

            // ---- schedule shapes ---------------------------------------------------------------------------------------
            // BertAdam's schedules (CLIP4Clip modules/optimization.py): x = step / t_total is the progress through the
            // run and warmup the warmup proportion.

            /// <summary>x / warmup during warmup, then 0.5 (1 + cos(pi x)): the cosine runs over the whole run's progress x (CLIP4Clip).</summary>
            public static double warmup_cosine(double x, double warmup = 0.002) => x < warmup ? x / warmup : 0.5 * (1.0 + Math.Cos(Math.PI * x));

            /// <summary>x / warmup during warmup, then 1.</summary>
            public static double warmup_constant(double x, double warmup = 0.002) => x < warmup ? x / warmup : 1.0;

            /// <summary>x / warmup during warmup, then linear to 0 at x = 1: max((x - 1) / (warmup - 1), 0).</summary>
            public static double warmup_linear(double x, double warmup = 0.002) => x < warmup ? x / warmup : Math.Max((x - 1.0) / (warmup - 1.0), 0);

            // ---- schedulers --------------------------------------------------------------------------------------------

            /// <summary>CLIP4Clip's schedule: f(s) = <see cref="warmup_cosine"/>(s / total_steps, warmup_proportion), 10 % warmup by default.</summary>
            public static LambdaLR get_warmup_cosine_schedule(Optimizer optimizer, long total_steps, double warmup_proportion = 0.1)
            {
                if (total_steps <= 0) throw new ArgumentOutOfRangeException(nameof(total_steps), $"total_steps must be positive, got {total_steps}");
                return new LambdaLR(optimizer, s => warmup_cosine((double)s / total_steps, warmup_proportion));
            }

            /// <summary>
            /// Linear warmup over warmup_steps, then a half cosine over the remaining steps to 0:
            /// f(s) = 0.5 (1 + cos(pi (s - W) / (T - W))) (Hugging Face's get_cosine_schedule_with_warmup; CLIP-ViP's
            /// warmup_cosine with W = int(ratio * T)).
            /// </summary>
            public static LambdaLR get_cosine_schedule_with_warmup(Optimizer optimizer, long warmup_steps, long total_steps) =>
                new(optimizer, s =>
                {
                    if (s < warmup_steps) return (double)s / Math.Max(1, warmup_steps);
                    var progress = (double)(s - warmup_steps) / Math.Max(1, total_steps - warmup_steps);
                    return Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * progress)));
                });

            /// <summary>f(s) = 1.</summary>
            public static LambdaLR get_constant_schedule(Optimizer optimizer) => new(optimizer, _ => 1.0);

            /// <summary>f(s) = s / warmup_steps during warmup, then 1.</summary>
            public static LambdaLR get_constant_schedule_with_warmup(Optimizer optimizer, long warmup_steps) =>
                new(optimizer, s => s < warmup_steps ? (double)s / Math.Max(1, warmup_steps) : 1.0);
        }
    }
}
