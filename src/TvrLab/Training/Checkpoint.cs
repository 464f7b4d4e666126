using System.Text.Json;
using System.Text.Json.Serialization;
using TvrLab.Torch;
using TvrLab.Torch.Safetensors;
using static TvrLab.Torch.torch;

namespace TvrLab.Training;

/// <summary>One epoch's metrics as the trainer recorded them (train loss, lr, evaluation metrics, seconds).</summary>
public sealed record EpochMetrics(int Epoch, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Where a run stands, stored as <c>trainer.json</c> in a checkpoint folder: the position (epoch and batch to run
/// next, optimiser steps done), the schedule, torch's RNG state, the partial epoch's loss sums, the best metric so far
/// and every finished epoch's metrics. With model.safetensors and optimizer.safetensors it resumes a run bit for bit.
/// </summary>
public sealed record TrainerState
{
    public const int FormatVersion = 1;
    public int format { get; init; } = FormatVersion;
    /// <summary>"last" (resumable) or "best" (weights only).</summary>
    public string kind { get; init; } = "last";
    /// <summary>The epoch to run next (0-based); equal to the epoch count when the run finished.</summary>
    public int epoch { get; init; }
    /// <summary>The batch of <see cref="epoch"/> to run next.</summary>
    public int batch { get; init; }
    /// <summary>Optimiser steps taken.</summary>
    public long global_step { get; init; }
    /// <summary>The epoch whose weights these are, for "best" (the last finished epoch otherwise).</summary>
    public int? weights_epoch { get; init; }
    public Dictionary<string, string> scheduler { get; init; } = [];
    /// <summary>torch's CPU generator state, base64.</summary>
    public string? cpu_rng_state { get; init; }
    /// <summary>The loss summed over the current epoch's batches so far, and their count.</summary>
    public double epoch_loss_sum { get; init; }
    public int epoch_loss_count { get; init; }
    public string best_metric { get; init; } = "t2v_R1";
    public double? best_value { get; init; }
    public int? best_epoch { get; init; }
    public List<EpochMetrics> history { get; init; } = [];
    public TrainConfig config { get; init; } = new();
    /// <summary>The experiment preset that built the model (JSON), so <c>Experiment.LoadModel</c> can rebuild it.</summary>
    public string? preset { get; init; }
    public bool completed { get; init; }
}

/// <summary>
/// A checkpoint folder: <c>model.safetensors</c> (the model's state_dict), <c>optimizer.safetensors</c> (the
/// optimiser's state, "last" checkpoints only) and <c>trainer.json</c> (<see cref="TrainerState"/>). The folder is
/// written under a temporary name and renamed over the old one, so a crash never leaves half a checkpoint.
/// </summary>
public static class Checkpoint
{
    public const string ModelFile = "model.safetensors", OptimizerFile = "optimizer.safetensors", StateFile = "trainer.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes a checkpoint folder at <paramref name="dir"/> (replacing any there).</summary>
    public static void Save(string dir, nn.Module model, optim.Optimizer? optimizer, TrainerState state)
    {
        dir = Path.GetFullPath(dir);
        var parent = Path.GetDirectoryName(dir)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(dir)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            using (var scope = NewDisposeScope())
            {
                var weights = model.state_dict();
                safetensors.save_file(weights, Path.Combine(temp, ModelFile), new Dictionary<string, string> { ["format"] = "pt" });
            }
            if (optimizer is not null)
            {
                using var sd = optimizer.state_dict();
                safetensors.save_file(sd.Tensors, Path.Combine(temp, OptimizerFile), sd.Metadata);
            }
            File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, Json));
            var old = Path.Combine(parent, $".{Path.GetFileName(dir)}.{Guid.NewGuid():N}.old");
            if (Directory.Exists(dir)) Directory.Move(dir, old);
            Directory.Move(temp, dir);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>Reads <c>trainer.json</c> of a checkpoint folder, with an error naming the file when it is missing or bad.</summary>
    public static TrainerState ReadState(string dir)
    {
        var path = Path.Combine(dir, StateFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{dir}: not a checkpoint folder (no {StateFile}); expected a folder written by the trainer, e.g. runs/checkpoints/NAME/last", path);
        try
        {
            var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty trainer state");
            if (state.format != TrainerState.FormatVersion)
                throw new InvalidDataException($"{path}: trainer state format {state.format}, this version reads {TrainerState.FormatVersion}");
            return state;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid trainer state at {e.Path}: {e.Message}", e);
        }
    }

    /// <summary>Loads the model's weights from a checkpoint folder (strict: every key must match).</summary>
    public static void LoadModel(string dir, nn.Module model)
    {
        var path = Path.Combine(dir, ModelFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{dir}: checkpoint has no {ModelFile}", path);
        using var scope = NewDisposeScope();
        var device = model.parameters().FirstOrDefault()?.device ?? Device.CPU;
        var state = safetensors.load_file(path, device);
        try { model.load_state_dict(state, strict: true); }
        catch (nn.StateDictException e) { throw new InvalidDataException($"{path}: does not fit the model: {e.Message}", e); }
    }

    /// <summary>Loads the optimiser's state from a "last" checkpoint folder.</summary>
    public static void LoadOptimizer(string dir, optim.Optimizer optimizer)
    {
        var path = Path.Combine(dir, OptimizerFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{dir}: checkpoint has no {OptimizerFile} (only \"last\" checkpoints can be resumed)", path);
        using var file = safetensors.safe_open(path);
        using var sd = new optim.OptimizerStateDict();
        foreach (var (k, v) in file.LoadAll()) sd.Tensors[k] = v;
        foreach (var (k, v) in file.Metadata) sd.Metadata[k] = v;
        try { optimizer.load_state_dict(sd); }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or FormatException)
        {
            throw new InvalidDataException($"{path}: does not fit the optimiser: {e.Message}", e);
        }
    }

    /// <summary>torch's CPU RNG state as base64.</summary>
    public static string CpuRngState()
    {
        using var state = get_rng_state();
        return Convert.ToBase64String(state.ToArray<byte>());
    }

    /// <summary>Restores torch's CPU RNG state from <see cref="CpuRngState"/>'s base64.</summary>
    public static void SetCpuRngState(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        using var state = tensor(bytes, [bytes.Length]);
        set_rng_state(state);
    }
}
