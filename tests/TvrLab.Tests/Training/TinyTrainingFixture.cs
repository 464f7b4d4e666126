using TvrLab.Experiments;
using TvrLab.Testing;
using TvrLab.Text;

namespace TvrLab.Tests.Training;

/// <summary>
/// The clip4clip-meanp-tiny preset trained once (SynthVTT tiny generated with real ffmpeg, frame caches built, the
/// tiny CLIP trained on the CPU), shared by every test of the "tiny training" collection.
/// </summary>
public sealed class TinyTrainingFixture : IDisposable
{
    public string Dir { get; } = TestPaths.NewTempDir("tiny-training");
    public ExperimentOptions Options { get; }
    public Preset Preset { get; } = Presets.Get("clip4clip-meanp-tiny");
    public ExperimentResult Result { get; }

    public TinyTrainingFixture()
    {
        Options = new ExperimentOptions
        {
            DataRoot = Path.Combine(Dir, "data"),
            RunsDir = Path.Combine(Dir, "runs"),
            Vocabulary = Vocabulary,
        };
        Result = Experiment.Train(Preset, Options with { RunName = "tiny-fixture" });
    }

    /// <summary>CLIP's BPE vocabulary from ../shared.</summary>
    public static string Vocabulary => TestPaths.SharedFile("data", "clip", ClipVocabularyFile.FileName);

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// Runs alone: model initialisation draws from libtorch's global generator after manual_seed, so a test drawing random
/// numbers on another thread at the same time would change the weights and the bit-identical resume comparison.
/// </summary>
[CollectionDefinition("tiny training", DisableParallelization = true)]
public sealed class TinyTrainingCollection : ICollectionFixture<TinyTrainingFixture>;

/// <summary>Tests that seed libtorch's global generator (manual_seed) and train: run alone, like "tiny training".</summary>
[CollectionDefinition("seeded training", DisableParallelization = true)]
public sealed class SeededTrainingCollection;
