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

[CollectionDefinition("tiny training")]
public sealed class TinyTrainingCollection : ICollectionFixture<TinyTrainingFixture>;
