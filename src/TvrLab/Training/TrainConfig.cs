namespace TvrLab.Training;

/// <summary>The optimiser of a run.</summary>
public enum OptimizerKind
{
    /// <summary>CLIP4Clip's and DRL's BertAdam: no bias correction, eps 1e-6, each gradient clipped to max_grad_norm on its own.</summary>
    BertAdam,
    /// <summary>torch.optim.AdamW (bias correction, eps 1e-8), with the gradients clipped by their global norm.</summary>
    AdamW,
}

/// <summary>The learning-rate schedule over the run's optimiser steps.</summary>
public enum ScheduleKind
{
    /// <summary>CLIP4Clip's warmup_cosine: linear warmup over warmup_proportion of the run, then 0.5 (1 + cos(pi x)) of the whole run's progress x.</summary>
    cosine,
    /// <summary>Linear warmup, then constant.</summary>
    constant,
}

/// <summary>
/// How a model is trained: the settings of CLIP4Clip's <c>main_task_retrieval.py</c> (lr, coef_lr, warmup_proportion,
/// epochs, batch_size, gradient_accumulation_steps, freeze_layer_num, seed) plus the optimiser, weight decay and
/// clipping it hard-codes. Names are the reference's command-line flags where it has one.
/// </summary>
/// <remarks>
/// Mixed precision: <see cref="bf16"/> autocasts the forward pass to bfloat16 on CUDA (fp32 master weights, fp32
/// optimiser state); on the CPU it is ignored. The reference code instead keeps CLIP's weights in fp16 (its
/// <c>convert_weights</c>) and steps them with lr × coef_lr ≈ 1e-7: an fp16 weight near 0.02 has a spacing of about
/// 1.5e-5, so most of those updates round away and most CLIP matrices are effectively frozen. fp32 master weights
/// make those updates land; expect CLIP to move a little more than in the reference.
/// </remarks>
public sealed record TrainConfig
{
    /// <summary>Learning rate of the new modules (heads); CLIP4Clip: 1e-4.</summary>
    public double lr { get; init; } = 1e-4;
    /// <summary>Pretrained (CLIP) weights train at lr × coef_lr; CLIP4Clip: 1e-3.</summary>
    public double coef_lr { get; init; } = 1e-3;
    public OptimizerKind optimizer { get; init; } = OptimizerKind.BertAdam;
    /// <summary>Decoupled weight decay; CLIP4Clip: 0.2.</summary>
    public double weight_decay { get; init; } = 0.2;
    /// <summary>Biases and LayerNorm weights get no weight decay (CLIP4Clip's no_decay list).</summary>
    public bool no_decay_bias_and_norm { get; init; } = true;
    /// <summary>Share of the optimiser steps spent warming up; CLIP4Clip: 0.1.</summary>
    public double warmup_proportion { get; init; } = 0.1;
    public ScheduleKind schedule { get; init; } = ScheduleKind.cosine;
    /// <summary>Gradient clipping (BertAdam: per parameter, as the reference; AdamW: global norm); 0 turns it off.</summary>
    public double max_grad_norm { get; init; } = 1.0;
    /// <summary>Batches whose gradients add up before one optimiser step (the loss is divided by it, as in CLIP4Clip).</summary>
    public int gradient_accumulation_steps { get; init; } = 1;
    public int epochs { get; init; } = 5;
    /// <summary>Pairs per batch (the loader's batch size).</summary>
    public int batch_size { get; init; } = 128;
    /// <summary>Seeds model initialisation, the loader's shuffle and torch's RNG.</summary>
    public int seed { get; init; } = 42;
    /// <summary>
    /// CLIP4Clip's freeze_layer_num: CLIP's embeddings and residual blocks below this index are frozen (the final
    /// LayerNorms, projections and logit scale always train). 0 (the reference's default) freezes only the embeddings;
    /// -1 freezes nothing.
    /// </summary>
    public int freeze_layer_num { get; init; } = 0;
    /// <summary>bfloat16 autocast of the forward pass on CUDA (ignored on the CPU).</summary>
    public bool bf16 { get; init; } = true;
    /// <summary>Optimiser steps per epoch at most (0: the whole epoch); for smoke tests and benchmarks.</summary>
    public int max_batches_per_epoch { get; init; } = 0;
    /// <summary>Evaluate after every this many epochs (and always after the last).</summary>
    public int eval_every { get; init; } = 1;
    /// <summary>The evaluation metric that picks the best checkpoint (higher is better): t2v_R1, t2v_R5, t2v_R10, v2t_R1, rsum, ...</summary>
    public string best_metric { get; init; } = "t2v_R1";
    /// <summary>Intra-op CPU threads (0: leave libtorch's default).</summary>
    public int num_threads { get; init; } = 0;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message) { if (!ok) throw new ArgumentException($"train.{message}"); }
        Check(lr > 0 && double.IsFinite(lr), $"lr = {lr}: expected a positive number");
        Check(coef_lr >= 0 && double.IsFinite(coef_lr), $"coef_lr = {coef_lr}: expected 0 or more");
        Check(weight_decay >= 0, $"weight_decay = {weight_decay}: expected 0 or more");
        Check(warmup_proportion is >= 0 and < 1, $"warmup_proportion = {warmup_proportion}: expected 0 to 1 (exclusive)");
        Check(max_grad_norm >= 0, $"max_grad_norm = {max_grad_norm}: expected 0 (off) or more");
        Check(gradient_accumulation_steps >= 1, $"gradient_accumulation_steps = {gradient_accumulation_steps}: expected at least 1");
        Check(epochs >= 1, $"epochs = {epochs}: expected at least 1");
        Check(batch_size >= 1, $"batch_size = {batch_size}: expected at least 1");
        Check(freeze_layer_num >= -1, $"freeze_layer_num = {freeze_layer_num}: expected -1 (nothing frozen) or more");
        Check(max_batches_per_epoch >= 0, $"max_batches_per_epoch = {max_batches_per_epoch}: expected 0 (all) or more");
        Check(eval_every >= 1, $"eval_every = {eval_every}: expected at least 1");
        Check(num_threads >= 0, $"num_threads = {num_threads}: expected 0 (default) or more");
    }
}
