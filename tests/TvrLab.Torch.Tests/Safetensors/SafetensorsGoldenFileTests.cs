using System.Text.Json;
using TvrLab.Testing;
using TvrLab.Torch.Safetensors;
using static TvrLab.Torch.torch;

namespace TvrLab.Torch.Tests.Safetensors;

/// <summary>The reference files in ../shared/golden were written by the Python safetensors package: read them, and write them back byte for byte.</summary>
public class SafetensorsGoldenFileTests
{
    public static TheoryData<string> GoldenFiles() =>
    [
        "golden/retrieval/tensors.safetensors", "golden/drl/tensors.safetensors", "golden/clip/tensors.safetensors",
        "golden/clip/clip_tiny_hf.safetensors", "golden/clip/clip_tiny_openai.safetensors",
    ];

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void ReadsAndRewritesTheReferenceFileByteForByte(string relative)
    {
        using var scope = NewDisposeScope();
        var path = TestPaths.SharedFile(relative.Split('/'));
        Dictionary<string, Tensor> all;
        using (var file = SafetensorsFile.Open(path))
        {
            all = file.LoadAll();
            Assert.Equal(file.Keys.Count, all.Count);
            foreach (var info in file.Entries)
            {
                Assert.Equal(info.Shape, all[info.Name].shape);
                Assert.Equal(info.Dtype, all[info.Name].dtype);
            }
        }
        // Same ordering rule, same compact JSON, same padding: our writer reproduces the reference writer's file.
        var copy = Path.Combine(TestPaths.NewTempDir("golden-copy"), "copy.safetensors");
        safetensors.save_file(all, copy);
        Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"rewriting {relative} changed its bytes");
    }

    [Theory]
    [InlineData("retrieval")]
    [InlineData("drl")]
    [InlineData("clip")]
    public void EveryTensorTheManifestNamesIsInTheFile(string suite)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(TestPaths.SharedFile("golden", suite, "manifest.json")));
        using var file = SafetensorsFile.Open(TestPaths.SharedFile("golden", suite, "tensors.safetensors"));
        var named = manifest.RootElement.GetProperty("cases").EnumerateArray()
            .SelectMany(c => c.GetProperty("inputs").EnumerateObject().Concat(c.GetProperty("outputs").EnumerateObject()))
            .Select(p => p.Value.GetString()!).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, key => Assert.True(file.Contains(key), $"{suite}: {key} missing"));
    }

    [Fact]
    public void ValuesMatchWhatNumpyReadsFromTheRetrievalSuite()
    {
        using var scope = NewDisposeScope();
        using var file = SafetensorsFile.Open(TestPaths.SharedFile("golden", "retrieval", "tensors.safetensors"));
        // Read independently with numpy.frombuffer: the first DSL loss and the integer ranks of the 7-query case.
        Assert.Equal(6.886949341212827, file.Load("dsl_8_t1000.0/loss").ToArray<double>()[0]);
        Assert.Equal(new long[7], file.Load("metrics_t2v_7/ranks").ToArray<long>());
        Assert.Equal(26.865671157836914, file.Load("metrics_multi_30x9/t2v_R1").item<double>());
        var sim = file.Load("metrics_multi_30x9/sim_tensor");
        Assert.Equal(new long[] { 30, 9, 30 }, sim.shape);
        Assert.Equal(4080, sim.isinf().sum().item<long>());
    }

    [Fact]
    public void TheTwoClipWeightFilesHoldTheSameWeightsUnderTheirTwoNamings()
    {
        using var scope = NewDisposeScope();
        using var openai = SafetensorsFile.Open(TestPaths.SharedFile("golden", "clip", "clip_tiny_openai.safetensors"));
        using var hf = SafetensorsFile.Open(TestPaths.SharedFile("golden", "clip", "clip_tiny_hf.safetensors"));
        Assert.True(openai.Load("token_embedding.weight").equal(hf.Load("text_model.embeddings.token_embedding.weight")));
        Assert.True(openai.Load("visual.proj").t().equal(hf.Load("visual_projection.weight")));
        Assert.True(openai.Load("text_projection").t().equal(hf.Load("text_projection.weight")));
        Assert.True(openai.Load("visual.conv1.weight").equal(hf.Load("vision_model.embeddings.patch_embedding.weight")));
        // q, k, v stacked on dim 0 of in_proj_weight.
        var qkv = openai.Load("visual.transformer.resblocks.0.attn.in_proj_weight").chunk(3);
        Assert.True(qkv[0].equal(hf.Load("vision_model.encoder.layers.0.self_attn.q_proj.weight")));
        Assert.True(qkv[2].equal(hf.Load("vision_model.encoder.layers.0.self_attn.v_proj.weight")));
        Assert.Equal(hf.Load("logit_scale").item<float>(), openai.Load("logit_scale").item<float>());
        Assert.Equal(ScalarType.Float32, openai.Info("visual.proj").Dtype);
    }
}
