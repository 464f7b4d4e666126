using System.Diagnostics;
using TvrLab.Torch;
using TvrLab.Training;
using static TvrLab.Torch.torch;

namespace TvrLab.Experiments;

/// <summary>What <see cref="TrainBench.Run"/> measured: throughput, time per step split by phase, peak memory.</summary>
/// <param name="PeakMemoryBytes">CUDA: max_memory_allocated; CPU: the process's peak working set.</param>
public sealed record TrainBenchResult(string Preset, string Device, int BatchSize, int Steps, double ClipsPerSecond, double MsPerStep,
                                      double ForwardMs, double BackwardMs, double OptimizerMs, long PeakMemoryBytes, int Threads, long Parameters, long Trainable);

/// <summary>
/// The training step of a preset on random batches (<see cref="SyntheticBatches"/>): forward + loss, backward,
/// optimiser step, as <see cref="Trainer"/> runs them (same groups, optimiser, autocast), after warmup steps.
/// </summary>
public static class TrainBench
{
    public static TrainBenchResult Run(Preset preset, int steps = 20, int warmup = 3, IProgress<int>? progress = null)
    {
        var config = preset.train;
        var device = ModelRegistry.ResolveDevice(preset.model.device);
        if (config.num_threads > 0) set_num_threads(config.num_threads);
        manual_seed((ulong)config.seed);
        var model = ModelRegistry.Create(preset.model with { pretrained = null });
        var module = ParameterGroups.AsModule(model);
        try
        {
            module.to(device);
            module.train();
            ParameterGroups.Freeze(model, config.freeze_layer_num);
            var groups = ParameterGroups.Build(model, config);
            using optim.AdamW optimizer = config.optimizer == OptimizerKind.BertAdam
                ? new optim.BertAdam(groups, config.lr, weight_decay: config.weight_decay, max_grad_norm: config.max_grad_norm)
                : new optim.AdamW(groups, config.lr, weight_decay: config.weight_decay);
            var trainable = groups.SelectMany(g => g.@params).ToList();
            using var batches = SyntheticBatches.For(preset, steps + warmup);
            if (device.IsCuda) cuda.reset_peak_memory_stats(device.Index < 0 ? 0 : device.Index);
            double forward = 0, backward = 0, step = 0;
            var total = new Stopwatch();
            int i = 0;
            foreach (var raw in batches.Epoch(0))
            {
                if (i == warmup) total.Start();
                using var batch = raw.to(device);
                var watch = Stopwatch.StartNew();
                using (var scope = NewDisposeScope())
                {
                    Tensor loss;
                    using (autocast(DeviceType.CUDA, ScalarType.BFloat16, enabled: config.bf16 && device.IsCuda)) loss = model.loss(batch);
                    Sync(device);
                    var f = watch.Elapsed.TotalMilliseconds;
                    loss.backward();
                    Sync(device);
                    var b = watch.Elapsed.TotalMilliseconds;
                    if (config.optimizer == OptimizerKind.AdamW && config.max_grad_norm > 0)
                        using (nn.utils.clip_grad_norm_(trainable, config.max_grad_norm)) { }
                    optimizer.step();
                    optimizer.zero_grad();
                    model.after_step();
                    Sync(device);
                    if (i >= warmup) { forward += f; backward += b - f; step += watch.Elapsed.TotalMilliseconds - b; }
                }
                progress?.Report(++i);
            }
            total.Stop();
            long peak = device.IsCuda ? cuda.max_memory_allocated(device.Index < 0 ? 0 : device.Index) : Process.GetCurrentProcess().PeakWorkingSet64;
            var ms = total.Elapsed.TotalMilliseconds / steps;
            return new TrainBenchResult(preset.name, device.ToString(), config.batch_size, steps, config.batch_size * 1000.0 / ms, ms,
                forward / steps, backward / steps, step / steps, peak, get_num_threads(),
                module.parameters().Sum(p => p.numel()), trainable.Sum(p => p.numel()));
        }
        finally { module.Dispose(); }
    }

    static void Sync(Device device) { if (device.IsCuda) cuda.synchronize(); }
}
