using TvrLab.Data.Cache;
using TvrLab.Data.Loading;
using TvrLab.Data.Synth;
using TvrLab.Models;
using TvrLab.Retrieval;
using TvrLab.Runs;
using TvrLab.Torch;
using TvrLab.Training;
using TvrLab.Video;
using static TvrLab.Torch.torch;

namespace TvrLab.Experiments;

/// <summary>Where an experiment keeps its files and how it reports.</summary>
public sealed record ExperimentOptions
{
    /// <summary>Datasets and frame caches: SynthVTT is generated under DataRoot/synthvtt-PRESET-sSEED, caches under DataRoot/cache.</summary>
    public string DataRoot { get; init; } = "data";
    /// <summary>The run store folder (null: <see cref="RunStore.DefaultFolder"/>); checkpoints go under RunsDir/checkpoints/RUN.</summary>
    public string? RunsDir { get; init; }
    /// <summary>A run name (null: preset-time-seed).</summary>
    public string? RunName { get; init; }
    /// <summary>A "last" checkpoint folder to resume; the preset must match the one it was trained with.</summary>
    public string? Resume { get; init; }
    /// <summary>Progress: data preparation, then every training batch, evaluation and checkpoint.</summary>
    public IProgress<ExperimentProgress>? Progress { get; init; }
    /// <summary>The CLIP BPE vocabulary (null: found where <c>ClipVocabularyFile.Locate</c> looks).</summary>
    public string? Vocabulary { get; init; }
}

/// <summary>One progress report: a stage ("data", "cache", "model", "train", "eval", "done"), a line of text and, while training, the trainer's report.</summary>
public sealed record ExperimentProgress(string Stage, string Message, TrainProgress? Train = null);

/// <summary>What <see cref="Experiment.Train"/> returns.</summary>
/// <param name="Completed">False when cancelled: <see cref="LastCheckpoint"/> resumes it.</param>
public sealed record ExperimentResult(long RunId, string RunName, Preset Preset, bool Completed, IReadOnlyList<EpochMetrics> Epochs,
                                      IReadOnlyDictionary<string, double> FinalMetrics, string? BestCheckpoint, string? LastCheckpoint, double Seconds)
{
    /// <summary>The metric the preset picks the best epoch by, in the last epoch.</summary>
    public double Final(string metric) => FinalMetrics.TryGetValue(metric, out var v) ? v
        : throw new KeyNotFoundException($"no final metric \"{metric}\"; there are {string.Join(", ", FinalMetrics.Keys)}");
}

/// <summary>The data of an experiment, opened: training batches, the evaluation split and (for QB-Norm) the training captions.</summary>
public sealed class ExperimentData : IDisposable
{
    public required FrameCacheLoader Train { get; init; }
    public required CacheEvalData Test { get; init; }
    /// <summary>The training captions as evaluation data (QB-Norm's query bank), when asked for.</summary>
    public CacheEvalData? QueryBank { get; init; }
    public required DataSource TrainSource { get; init; }
    public required DataSource TestSource { get; init; }

    public void Dispose() { Train.Dispose(); Test.Dispose(); QueryBank?.Dispose(); }
}

/// <summary>
/// The one-call facade the notebooks, the CLI and the demo use:
/// <code>
/// var result = Experiment.Train(Presets.Get("clip4clip-meanp-tiny"), new ExperimentOptions { Progress = progress });
/// var eval = Experiment.Evaluate(result.BestCheckpoint!, dsl: true);
/// using var model = Experiment.LoadModel(result.BestCheckpoint!);
/// </code>
/// It generates SynthVTT (or opens a real dataset) under the data folder, builds the frame caches, the model and the
/// loaders, trains with <see cref="Trainer"/>, and records the run in the run store.
/// </summary>
public static class Experiment
{
    /// <summary>Trains <paramref name="preset"/> (after any <see cref="Overrides"/>) and returns the run's metrics and checkpoints.</summary>
    public static ExperimentResult Train(Preset preset, ExperimentOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ExperimentOptions();
        preset.train.Validate();
        if (options.Resume is { } resume)
        {
            var saved = Checkpoint.ReadState(resume);
            if (saved.preset is { } json && Preset.FromJson(json, Path.Combine(resume, Checkpoint.StateFile)) is var trained && trained.ToJson() != preset.ToJson())
                throw new ArgumentException($"{resume}: the checkpoint was trained with another preset ({trained.name}); resume with the same preset and --set overrides");
        }
        var device = ModelRegistry.ResolveDevice(preset.model.device);
        using var data = OpenData(preset, options, queryBank: preset.eval.qbnorm);
        options.Progress?.Report(new ExperimentProgress("model", $"building {preset.model.kind} ({preset.model.sim_header}, CLIP {preset.model.clip}) on {device}"));
        manual_seed((ulong)preset.train.seed);
        var model = ModelRegistry.Create(preset.model);
        var module = ParameterGroups.AsModule(model);
        try
        {
            CheckResolution(model, preset);
            module.to(device);
            var store = RunStore.Open(options.RunsDir);
            var run = store.Start(new RunStart(options.RunName ?? (options.Resume is null ? null : Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(options.Resume))) + "-resumed"),
                preset.name, preset.ToJson(), preset.train.seed, RunEnvironment.Versions(), RunEnvironment.GitRevision()));
            var checkpoints = options.Resume is { } r ? Path.GetDirectoryName(Path.GetFullPath(r))! : Path.Combine(store.Folder, "checkpoints", run.Name);
            var progress = options.Progress is { } p ? new InlineProgress<TrainProgress>(t => p.Report(new ExperimentProgress(t.Phase, Describe(t), t))) : null;
            var fit = Trainer.Fit(model, data.Train, data.Test, preset.train, new FitOptions
            {
                CheckpointDir = checkpoints, Run = run, Progress = progress, ResumeFrom = options.Resume, PresetJson = preset.ToJson(),
                Eval = preset.eval.ToOptions(), QueryBank = data.QueryBank,
            }, ct);
            return new ExperimentResult(run.Id, run.Name, preset, fit.Completed, fit.Epochs, fit.FinalMetrics, fit.BestCheckpoint, fit.LastCheckpoint, fit.Seconds);
        }
        finally { module.Dispose(); }
    }

    /// <summary>Evaluates a checkpoint on its preset's test split, with DSL and/or QB-Norm when asked.</summary>
    public static EvalResult Evaluate(string checkpoint, bool dsl = false, bool qbnorm = false, ExperimentOptions? options = null,
                                      IProgress<double>? progress = null, CancellationToken ct = default)
    {
        options ??= new ExperimentOptions();
        var preset = PresetOf(checkpoint);
        preset = preset with { eval = preset.eval with { dsl = dsl || preset.eval.dsl, qbnorm = qbnorm || preset.eval.qbnorm } };
        using var data = OpenData(preset, options, queryBank: preset.eval.qbnorm);
        var model = LoadModel(checkpoint);
        try { return Evaluator.Evaluate(model, data.Test, preset.eval.ToOptions(), data.QueryBank, progress, ct); }
        finally { ParameterGroups.AsModule(model).Dispose(); }
    }

    /// <summary>Rebuilds a checkpoint's model from its preset and loads its weights (on the preset's device unless given). Dispose it (it is a Module).</summary>
    public static IRetrievalModel LoadModel(string checkpoint, Device? device = null)
    {
        var preset = PresetOf(checkpoint);
        var section = preset.model.pretrained is { } p && !File.Exists(p) ? preset.model with { pretrained = null } : preset.model;
        var model = ModelRegistry.Create(section);
        var module = ParameterGroups.AsModule(model);
        try
        {
            module.to(device ?? ModelRegistry.ResolveDevice(preset.model.device));
            Checkpoint.LoadModel(checkpoint, module);
            module.eval();
            return model;
        }
        catch { module.Dispose(); throw; }
    }

    /// <summary>The preset a checkpoint was trained with.</summary>
    public static Preset PresetOf(string checkpoint)
    {
        var state = Checkpoint.ReadState(checkpoint);
        return Preset.FromJson(state.preset ?? throw new InvalidDataException($"{Path.Combine(checkpoint, Checkpoint.StateFile)}: no preset recorded (written by Trainer.Fit without one)"),
                               Path.Combine(checkpoint, Checkpoint.StateFile));
    }

    /// <summary>
    /// Opens a preset's data: SynthVTT is generated first when its folder is not complete; the frame caches are built
    /// when missing (data.max_frames slots of data.frame_size px, CLIP4Clip sampling).
    /// </summary>
    public static ExperimentData OpenData(Preset preset, ExperimentOptions options, bool queryBank = false)
    {
        var (train, test) = Sources(preset.data, options);
        var report = options.Progress is { } p ? (Action<FrameCacheProgress>)(c => p.Report(new ExperimentProgress("cache", $"frame cache {c.Done}/{c.Total}"))) : null;
        var loader = VideoTextData.OpenTrain(train, new LoaderOptions
        {
            BatchSize = preset.train.batch_size, Seed = preset.train.seed, MaxWords = preset.data.max_words, Workers = preset.data.workers,
            PinMemory = ModelRegistry.ResolveDevice(preset.model.device).IsCuda,
        }, report);
        CacheEvalData? evalData = null, bank = null;
        try
        {
            evalData = VideoTextData.OpenEval(test, preset.data.max_words, report);
            if (queryBank) bank = VideoTextData.OpenEval(train, preset.data.max_words, report);
            return new ExperimentData { Train = loader, Test = evalData, QueryBank = bank, TrainSource = train, TestSource = test };
        }
        catch { loader.Dispose(); evalData?.Dispose(); bank?.Dispose(); throw; }
    }

    /// <summary>The training and test <see cref="DataSource"/>s of a data section, generating SynthVTT when needed.</summary>
    public static (DataSource Train, DataSource Test) Sources(DataSection data, ExperimentOptions options)
    {
        // Decoding is mostly waiting on ffmpeg processes: one per core.
        var cache = new FrameCacheOptions { MaxFrames = data.max_frames, Preprocessing = new FramePreprocessing(data.frame_size), Workers = Environment.ProcessorCount };
        if (data.dataset.Equals("synthvtt", StringComparison.OrdinalIgnoreCase))
        {
            var synth = SynthOptions.FromPreset(data.synth_preset) with { Seed = data.synth_seed };
            if (data.synth_videos > 0) synth = synth with { Videos = data.synth_videos };
            if (data.synth_test_videos > 0) synth = synth with { TestVideos = data.synth_test_videos };
            var basis = SynthOptions.FromPreset(data.synth_preset);
            var name = $"synthvtt-{data.synth_preset}" + (synth.Videos != basis.Videos || synth.TestVideos != basis.TestVideos ? $"-v{synth.Videos}t{synth.TestVideos}" : "") + $"-s{data.synth_seed}";
            var dir = Path.GetFullPath(Path.Combine(options.DataRoot, name));
            EnsureSynth(synth, dir, options.Progress);
            var cacheDir = Path.Combine(Path.GetFullPath(options.DataRoot), "cache", $"{name}-{data.max_frames}f{data.frame_size}px");
            var videos = Path.Combine(dir, SynthFiles.VideoFolder);
            var testAnnotations = data.test_captions switch
            {
                "one" => dir,
                "all" => Path.Combine(dir, "MSRVTT_data.json"),
                _ => throw new ArgumentException($"data.test_captions = \"{data.test_captions}\": expected one (a query per video) or all (every caption)"),
            };
            return (new DataSource("msrvtt", dir, data.train_split, cacheDir) { VideosDir = videos, Cache = cache, Vocabulary = options.Vocabulary, ExpandCaptions = data.expand_captions },
                    new DataSource("msrvtt", testAnnotations, data.test_split, cacheDir) { VideosDir = videos, Cache = cache, Vocabulary = options.Vocabulary });
        }
        var annotations = data.annotations ?? throw new ArgumentException($"data.dataset = \"{data.dataset}\" needs data.annotations (the annotation file or folder)");
        var realCache = Path.Combine(Path.GetFullPath(options.DataRoot), "cache", $"{data.dataset}-{data.max_frames}f{data.frame_size}px");
        return (new DataSource(data.dataset, annotations, data.train_split, realCache) { VideosDir = data.videos, Cache = cache, Vocabulary = options.Vocabulary, ExpandCaptions = data.expand_captions },
                new DataSource(data.dataset, annotations, data.test_split, realCache) { VideosDir = data.videos, Cache = cache, Vocabulary = options.Vocabulary });
    }

    static readonly Lock synthGate = new();

    /// <summary>Generates SynthVTT into <paramref name="dir"/> unless a complete dataset (its manifest) is there.</summary>
    static void EnsureSynth(SynthOptions synth, string dir, IProgress<ExperimentProgress>? progress)
    {
        lock (synthGate)
        {
            if (File.Exists(Path.Combine(dir, SynthFiles.Manifest))) return;
            progress?.Report(new ExperimentProgress("data", $"generating SynthVTT {synth.Preset} (seed {synth.Seed}) in {dir}"));
            var report = SynthGenerator.GenerateAsync(synth, dir, new InlineProgress<SynthProgress>(s =>
                progress?.Report(new ExperimentProgress("data", $"SynthVTT {s.Stage} {s.Done}/{s.Total}")))).GetAwaiter().GetResult();
            if (!report.Complete)
                throw new InvalidOperationException($"{dir}: {report.Failures.Count} SynthVTT videos failed ({report.Failures[0].VideoId}: {report.Failures[0].Error}); run again to retry them");
        }
    }

    static void CheckResolution(IRetrievalModel model, Preset preset)
    {
        if (model is CLIP4Clip c && c.config.clip.image_resolution != preset.data.frame_size)
            throw new ArgumentException($"data.frame_size = {preset.data.frame_size} but the model's CLIP takes {c.config.clip.image_resolution} px images; " +
                                        $"set data.frame_size={c.config.clip.image_resolution} or model.image_resolution={preset.data.frame_size}");
    }

    static string Describe(TrainProgress t) => t.Phase switch
    {
        "train" => $"epoch {t.Epoch + 1}/{t.Epochs} batch {t.Batch}/{t.BatchesPerEpoch} loss {t.Loss:0.0000} lr {t.Lr:0.##e+0} {t.ClipsPerSecond:0} clips/s",
        "eval" when t.Metrics is { } m => $"epoch {t.Epoch + 1}: " + string.Join(" ", m.Where(kv => kv.Key.StartsWith("t2v_R") || kv.Key == "v2t_R1" || kv.Key == "loss").Select(kv => $"{kv.Key} {kv.Value:0.##}")),
        "eval" => $"epoch {t.Epoch + 1}: evaluating",
        "checkpoint" => $"epoch {t.Epoch + 1}: writing checkpoints",
        _ => "done",
    };
}

/// <summary>IProgress that reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
