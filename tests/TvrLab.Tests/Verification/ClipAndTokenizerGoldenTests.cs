using TvrLab.Testing;
using TvrLab.Torch;
using TvrLab.Torch.Safetensors;
using TvrLab.Verification;

namespace TvrLab.Tests.Verification;

/// <summary><c>tvrlab verify</c>'s CLIP op and tokenizer checker against ../shared/golden/clip and tokenizer/clip_bpe.jsonl.</summary>
public class ClipAndTokenizerGoldenTests
{
    static readonly string Clip = TestPaths.SharedFile("golden", "clip");

    [Fact]
    public void ClipForwardReproducesTransformersFromBothWeightFiles()
    {
        var report = Verifier.RunSuite(Clip, KnownGoldenOps.Create());
        var result = Assert.Single(report.Results);
        Assert.True(result.Passed, $"{result.Outcome}: {result.Detail}");
        Assert.Equal("clip.forward", result.Op);
        Assert.InRange(result.WorstDeviation, 0, 1e-10);   // float64 throughout: far inside atol 1e-5
    }

    [Fact]
    public void AHuggingFaceWeightFileThatDisagreesWithOpenAIsIsAnError()
    {
        var dir = Directory.CreateTempSubdirectory("tvrlab-clip-golden-").FullName;
        try
        {
            foreach (var f in new[] { "manifest.json", "tensors.safetensors", "clip_tiny_config.json", "clip_tiny_openai.safetensors" })
                File.Copy(Path.Combine(Clip, f), Path.Combine(dir, f));
            using (var scope = torch.NewDisposeScope())
            {
                var hf = safetensors.load_file(Path.Combine(Clip, "clip_tiny_hf.safetensors"));
                var key = hf.Keys.First(k => k.EndsWith("self_attn.q_proj.weight", StringComparison.Ordinal));
                hf[key] = hf[key] * 1.01;
                safetensors.save_file(hf, Path.Combine(dir, "clip_tiny_hf.safetensors"));
            }
            var result = Assert.Single(Verifier.RunSuite(dir, KnownGoldenOps.Create()).Results);
            Assert.Equal(CaseOutcome.Error, result.Outcome);
            Assert.Contains("Hugging Face weight file", result.Detail);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void TokenizerGoldenFileIsCheckedLineByLine()
    {
        var report = Verifier.Run(TestPaths.SharedFile("golden", "tokenizer", "clip_bpe.jsonl"), KnownGoldenOps.Create()).Single();
        Assert.Equal(912, report.Results.Count);
        Assert.True(report.Passed, string.Join("\n", report.Results.Where(r => !r.Passed).Take(5).Select(r => $"{r.Case}: {r.Detail}")));
    }
}
