namespace TvrLab.Runs;

/// <summary>
/// The handle a trainer keeps for the run it is recording: every call is one short write to the <see cref="RunStore"/>.
/// </summary>
public sealed class RunWriter
{
    readonly RunStore store;

    public long Id { get; }

    /// <summary>The run's unique name (the requested one, or one with a numeric suffix if it was taken).</summary>
    public string Name { get; }

    public DateTimeOffset StartedAt { get; }

    internal RunWriter(RunStore store, long id, string name, DateTimeOffset startedAt)
    {
        this.store = store;
        Id = id;
        Name = name;
        StartedAt = startedAt;
    }

    public void LogEpoch(int epoch, IReadOnlyDictionary<string, double> metrics) => store.LogEpoch(Id, epoch, metrics);

    public void RecordTiming(string name, double seconds) => store.RecordTiming(Id, name, seconds);

    public void RecordCheckpoint(string kind, string path, int? epoch = null) => store.RecordCheckpoint(Id, kind, path, epoch);

    public void Complete(IReadOnlyDictionary<string, double> finalMetrics) => store.Finish(Id, RunStatus.Completed, finalMetrics);

    public void Fail(string error, IReadOnlyDictionary<string, double>? metricsSoFar = null) => store.Finish(Id, RunStatus.Failed, metricsSoFar, error);

    public void Interrupt() => store.Finish(Id, RunStatus.Interrupted);
}
