namespace TvrLab.Runs;

/// <summary>Where a run stands. A run killed without finishing stays <see cref="Running"/>.</summary>
public enum RunStatus { Running, Completed, Failed, Interrupted }

/// <summary>What a run records when it starts: what was run, with what, on what.</summary>
/// <param name="Name">A unique name; null makes one from the preset, the start time and the seed.</param>
/// <param name="Config">The full configuration as JSON (the preset after every --set override).</param>
/// <param name="Versions">Versions of what the run ran on (.NET, libtorch, TvrLab, ...); see <see cref="RunEnvironment"/>.</param>
/// <param name="GitRevision">The repository's commit, with "+dirty" when it had uncommitted changes; null outside git.</param>
public sealed record RunStart(string? Name, string Preset, string Config, long Seed,
    IReadOnlyDictionary<string, string> Versions, string? GitRevision);

/// <summary>One run as stored.</summary>
public sealed record RunRecord(
    long Id, string Name, string Preset, string Config, long Seed,
    IReadOnlyDictionary<string, string> Versions, string? GitRevision, RunStatus Status,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double? DurationSeconds, string? Error);

/// <summary>One metric of one epoch (loss, lr, t2v_R1, ...).</summary>
public sealed record EpochMetric(long RunId, int Epoch, string Name, double Value);

/// <summary>One final metric of a run (e.g. the best epoch's t2v_R1).</summary>
public sealed record FinalMetric(long RunId, string Name, double Value);

/// <summary>A named duration of a run (e.g. "train", "eval", "epoch_3"), in seconds.</summary>
public sealed record RunTiming(long RunId, string Name, double Seconds);

/// <summary>A checkpoint file of a run ("best", "last", ...), with the epoch it was written after.</summary>
public sealed record CheckpointRecord(long RunId, string Kind, string Path, int? Epoch, DateTimeOffset WrittenAt);

/// <summary>The metrics of one epoch side by side, for tables and learning curves.</summary>
public sealed record EpochRow(int Epoch, IReadOnlyDictionary<string, double> Metrics);
