using System.Diagnostics;
using TvrLab.Data.Loading;
using TvrLab.Models;
using TvrLab.Retrieval;
using TvrLab.Runs;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Training;

/// <summary>Where training is, reported after every batch and at each evaluation and checkpoint.</summary>
/// <param name="Phase">"train", "eval", "checkpoint" or "done".</param>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Step">Optimiser steps done in the run.</param>
/// <param name="Loss">The last batch's loss (unscaled by accumulation).</param>
/// <param name="Lr">The new modules' learning rate.</param>
/// <param name="ClipsPerSecond">Training throughput over the epoch so far.</param>
/// <param name="Metrics">The evaluation's metrics, at "eval".</param>
public sealed record TrainProgress(string Phase, int Epoch, int Epochs, int Batch, int BatchesPerEpoch, long Step, long TotalSteps,
                                   double Loss, double Lr, double ClipsPerSecond, IReadOnlyDictionary<string, double>? Metrics = null);

/// <summary>What <see cref="Trainer.Fit"/> needs besides the model, the data and the config.</summary>
public sealed record FitOptions
{
    /// <summary>Checkpoints go to CheckpointDir/last (resumable) and CheckpointDir/best (weights only).</summary>
    public required string CheckpointDir { get; init; }
    /// <summary>The run store entry to log epochs, timings and checkpoints to (finished by Fit).</summary>
    public RunWriter? Run { get; init; }
    public IProgress<TrainProgress>? Progress { get; init; }
    /// <summary>A "last" checkpoint folder to resume from.</summary>
    public string? ResumeFrom { get; init; }
    /// <summary>The experiment preset (JSON) stored in each checkpoint's trainer.json.</summary>
    public string? PresetJson { get; init; }
    public EvalOptions? Eval { get; init; }
    /// <summary>Training captions for QB-Norm's query bank at evaluation.</summary>
    public IEvalData? QueryBank { get; init; }
}

/// <summary>What a finished (or cancelled) run leaves.</summary>
/// <param name="Completed">False when the run was cancelled: <see cref="LastCheckpoint"/> resumes it.</param>
public sealed record FitResult(bool Completed, IReadOnlyList<EpochMetrics> Epochs, IReadOnlyDictionary<string, double> FinalMetrics,
                               string? BestCheckpoint, string? LastCheckpoint, int? BestEpoch, long Steps, double Seconds);

/// <summary>
/// CLIP4Clip's training loop (ArrowLuo/CLIP4Clip main_task_retrieval.py train_epoch/eval_epoch) for any
/// <see cref="IRetrievalModel"/>: the four parameter groups, BertAdam or AdamW, warmup-cosine over the optimiser steps,
/// clipping, gradient accumulation, bf16 autocast on CUDA, the logit-scale clamp after each step, evaluation every
/// epoch, and "best" and "last" checkpoints. A cancelled run writes "last" at the step it reached; resuming from it
/// gives the same final metrics, bit for bit, as a run that was never stopped.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> (already on its device) on <paramref name="train"/>, evaluating on <paramref name="eval"/>.</summary>
    public static FitResult Fit(IRetrievalModel model, ITrainBatches train, IEvalData? eval, TrainConfig config, FitOptions options,
                                CancellationToken ct = default)
    {
        config.Validate();
        var module = ParameterGroups.AsModule(model);
        var device = module.parameters().FirstOrDefault()?.device ?? Device.CPU;
        if (config.num_threads > 0) set_num_threads(config.num_threads);
        var run = options.Run;
        var clock = Stopwatch.StartNew();
        var lastDir = Path.Combine(options.CheckpointDir, "last");
        var bestDir = Path.Combine(options.CheckpointDir, "best");

        ParameterGroups.Freeze(model, config.freeze_layer_num);
        var groups = ParameterGroups.Build(model, config);
        var trainable = groups.SelectMany(g => g.@params).ToList();
        using optim.AdamW optimizer = config.optimizer == OptimizerKind.BertAdam
            ? new optim.BertAdam(groups, config.lr, weight_decay: config.weight_decay, max_grad_norm: config.max_grad_norm)
            : new optim.AdamW(groups, config.lr, weight_decay: config.weight_decay);
        int batches = config.max_batches_per_epoch > 0 ? Math.Min(config.max_batches_per_epoch, train.BatchesPerEpoch) : train.BatchesPerEpoch;
        int accumulation = config.gradient_accumulation_steps;
        long stepsPerEpoch = (batches + accumulation - 1) / accumulation;
        long totalSteps = stepsPerEpoch * config.epochs;
        var scheduler = config.schedule == ScheduleKind.cosine
            ? optim.lr_scheduler.get_warmup_cosine_schedule(optimizer, totalSteps, config.warmup_proportion)
            : new optim.lr_scheduler.LambdaLR(optimizer, s => optim.lr_scheduler.warmup_constant((double)s / totalSteps, config.warmup_proportion));

        // The new modules' lr now: config.lr times the schedule's factor (read off any group with a nonzero base lr).
        double CurrentLr() => optimizer.param_groups.FirstOrDefault(g => g.initial_lr is > 0) is { } g ? config.lr * g.lr / g.initial_lr!.Value : 0;

        var state = new TrainerState { config = config, best_metric = config.best_metric, preset = options.PresetJson };
        if (options.ResumeFrom is { } resume)
        {
            state = Checkpoint.ReadState(resume);
            if (state.kind != "last") throw new InvalidDataException($"{resume}: a \"{state.kind}\" checkpoint holds weights only; resume from a \"last\" checkpoint");
            if (state.config with { num_threads = 0 } != config with { num_threads = 0 })
                throw new ArgumentException($"{resume}: the checkpoint was trained with another config; resume with the same settings (checkpoint: {System.Text.Json.JsonSerializer.Serialize(state.config, Checkpoint.Json)})");
            Checkpoint.LoadModel(resume, module);
            Checkpoint.LoadOptimizer(resume, optimizer);
            scheduler.load_state_dict(state.scheduler);
            if (state.cpu_rng_state is { } rng) Checkpoint.SetCpuRngState(rng);
            state = state with { preset = options.PresetJson ?? state.preset };
            foreach (var e in state.history) run?.LogEpoch(e.Epoch, e.Metrics);
        }
        else
        {
            manual_seed((ulong)config.seed);
            if (device.IsCuda) cuda.manual_seed_all((ulong)config.seed);
        }

        string? lastGood = options.ResumeFrom is not null ? lastDir : null;
        if (options.ResumeFrom is not null && Path.GetFullPath(options.ResumeFrom) != Path.GetFullPath(lastDir))
            lastGood = options.ResumeFrom;
        var history = new List<EpochMetrics>(state.history);
        long step = state.global_step;
        double lossSum = state.epoch_loss_sum;
        int lossCount = state.epoch_loss_count;
        double? bestValue = state.best_value;
        int? bestEpoch = state.best_epoch;
        string? bestPath = bestEpoch is null ? null : bestDir;
        IReadOnlyDictionary<string, double> finalMetrics = history.LastOrDefault()?.Metrics ?? new Dictionary<string, double>();

        TrainerState Snapshot(int epoch, int batch, string kind, int? weightsEpoch, bool completed) => state with
        {
            kind = kind, epoch = epoch, batch = batch, global_step = step, weights_epoch = weightsEpoch,
            scheduler = scheduler.state_dict(), cpu_rng_state = Checkpoint.CpuRngState(),
            epoch_loss_sum = lossSum, epoch_loss_count = lossCount, best_value = bestValue, best_epoch = bestEpoch,
            history = [.. history], completed = completed,
        };

        module.train();
        try
        {
            for (int epoch = state.epoch; epoch < config.epochs; epoch++)
            {
                int start = epoch == state.epoch ? state.batch : 0;
                if (start == 0) (lossSum, lossCount) = (0, 0);
                var epochClock = Stopwatch.StartNew();
                int clips = 0, b = start;
                double lastLoss = double.NaN;
                optimizer.zero_grad();
                foreach (var raw in train.Epoch(epoch, start))
                {
                    if (b >= batches) { raw.Dispose(); break; }
                    using var batch = raw.to(device, non_blocking: true);
                    double loss;
                    using (var scope = NewDisposeScope())
                    using (autocast(DeviceType.CUDA, ScalarType.BFloat16, enabled: config.bf16 && device.IsCuda))
                    {
                        var l = model.loss(batch);
                        loss = l.item<float>();
                        if (!double.IsFinite(loss))
                            throw new TrainingDivergedException(epoch, step, loss, lastGood);
                        (accumulation > 1 ? l / accumulation : l).backward();
                    }
                    lossSum += loss;
                    lossCount++;
                    lastLoss = loss;
                    clips += batch.Count;
                    b++;
                    if (b % accumulation == 0 || b == batches)
                    {
                        if (config.optimizer == OptimizerKind.AdamW && config.max_grad_norm > 0)
                            using (nn.utils.clip_grad_norm_(trainable, config.max_grad_norm)) { }
                        optimizer.step();
                        scheduler.step();
                        optimizer.zero_grad();
                        model.after_step();
                        step++;
                    }
                    options.Progress?.Report(new TrainProgress("train", epoch, config.epochs, b, batches, step, totalSteps, loss,
                        CurrentLr(), clips / Math.Max(1e-9, epochClock.Elapsed.TotalSeconds)));
                    if (ct.IsCancellationRequested && b % accumulation == 0 && b < batches)
                    {
                        Checkpoint.Save(lastDir, module, optimizer, Snapshot(epoch, b, "last", history.LastOrDefault()?.Epoch, false));
                        run?.RecordCheckpoint("last", lastDir, epoch);
                        run?.Interrupt();
                        return new FitResult(false, history, finalMetrics, bestPath, lastDir, bestEpoch, step, clock.Elapsed.TotalSeconds);
                    }
                }
                if (b < batches) throw new InvalidOperationException($"the loader gave {b} batches in epoch {epoch}, expected {batches}");

                var metrics = new Dictionary<string, double>
                {
                    ["loss"] = lossSum / Math.Max(1, lossCount),
                    ["lr"] = CurrentLr(),
                    ["train_seconds"] = epochClock.Elapsed.TotalSeconds,
                };
                run?.RecordTiming($"epoch_{epoch}", epochClock.Elapsed.TotalSeconds);
                bool last = epoch == config.epochs - 1;
                bool improved = false;
                if (eval is not null && ((epoch + 1) % config.eval_every == 0 || last))
                {
                    options.Progress?.Report(new TrainProgress("eval", epoch, config.epochs, b, batches, step, totalSteps, lastLoss, CurrentLr(), 0));
                    var result = Evaluator.Evaluate(model, eval, options.Eval, options.QueryBank, ct: CancellationToken.None);
                    foreach (var (k, v) in result.ToDictionary()) metrics[k] = v;
                    metrics["eval_seconds"] = result.Seconds;
                    if (!metrics.TryGetValue(config.best_metric, out var value))
                        throw new ArgumentException($"train.best_metric = \"{config.best_metric}\" is not an evaluation metric; expected one of {string.Join(", ", result.ToDictionary().Keys)}");
                    if (bestValue is null || value > bestValue) (bestValue, bestEpoch, improved) = (value, epoch, true);
                    options.Progress?.Report(new TrainProgress("eval", epoch, config.epochs, b, batches, step, totalSteps, lastLoss, CurrentLr(), 0, metrics));
                }
                history.Add(new EpochMetrics(epoch, metrics));
                finalMetrics = metrics;
                run?.LogEpoch(epoch, metrics);
                (lossSum, lossCount) = (0, 0);

                options.Progress?.Report(new TrainProgress("checkpoint", epoch, config.epochs, b, batches, step, totalSteps, lastLoss, CurrentLr(), 0));
                if (improved || (eval is null && last))
                {
                    Checkpoint.Save(bestDir, module, null, Snapshot(epoch + 1, 0, "best", epoch, last));
                    bestPath = bestDir;
                    run?.RecordCheckpoint("best", bestDir, epoch);
                }
                Checkpoint.Save(lastDir, module, optimizer, Snapshot(epoch + 1, 0, "last", epoch, last));
                lastGood = lastDir;
                run?.RecordCheckpoint("last", lastDir, epoch);
                if (ct.IsCancellationRequested && !last)
                {
                    run?.Interrupt();
                    return new FitResult(false, history, finalMetrics, bestPath, lastDir, bestEpoch, step, clock.Elapsed.TotalSeconds);
                }
            }
        }
        catch (TrainingDivergedException e)
        {
            run?.Fail(e.Message, finalMetrics);
            throw;
        }
        catch (TorchOutOfMemoryException e)
        {
            var oom = new TrainingOutOfMemoryException(config.batch_size, accumulation, e);
            run?.Fail(oom.Message, finalMetrics);
            throw oom;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run?.Fail(e.Message, finalMetrics);
            throw;
        }

        var final = new Dictionary<string, double>(finalMetrics);
        if (bestValue is { } bv) { final["best_" + config.best_metric] = bv; final["best_epoch"] = bestEpoch!.Value; }
        run?.RecordTiming("train", clock.Elapsed.TotalSeconds);
        run?.Complete(final);
        options.Progress?.Report(new TrainProgress("done", config.epochs - 1, config.epochs, batches, batches, step, totalSteps, double.NaN, CurrentLr(), 0, final));
        return new FitResult(true, history, final, bestPath, lastDir, bestEpoch, step, clock.Elapsed.TotalSeconds);
    }
}
