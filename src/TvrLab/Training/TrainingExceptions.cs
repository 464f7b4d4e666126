namespace TvrLab.Training;

/// <summary>The loss became NaN or infinite: the run stopped, and the last good checkpoint (if any) is kept.</summary>
public sealed class TrainingDivergedException(int epoch, long step, double loss, string? lastGoodCheckpoint)
    : Exception($"training diverged: the loss is {loss} at epoch {epoch}, step {step}. " +
                (lastGoodCheckpoint is null ? "No checkpoint was written before it. " : $"The last good checkpoint is kept at {lastGoodCheckpoint}. ") +
                "Try a lower lr, a longer warmup (warmup_proportion) or gradient clipping (max_grad_norm).")
{
    public int Epoch { get; } = epoch;
    public long Step { get; } = step;
    public double Loss { get; } = loss;
    public string? LastGoodCheckpoint { get; } = lastGoodCheckpoint;
}

/// <summary>The device ran out of memory during training.</summary>
public sealed class TrainingOutOfMemoryException(int batchSize, int accumulation, Exception inner)
    : Exception($"out of memory training with batch_size {batchSize} (gradient_accumulation_steps {accumulation}): " +
                $"use a smaller batch (--set train.batch_size={Math.Max(1, batchSize / 2)}) or accumulate gradients over more steps " +
                $"(--set train.batch_size={Math.Max(1, batchSize / 2)} --set train.gradient_accumulation_steps={accumulation * 2} keeps the effective batch; " +
                "note InfoNCE's negatives are per batch). libtorch said: " + inner.Message, inner)
{
    public int BatchSize { get; } = batchSize;
}
