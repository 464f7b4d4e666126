using TvrLab.Models;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Models;

/// <summary>Deterministic weights and inputs shared with Reference/heads_reference.py, small models, and value assertions.</summary>
internal static class ModelTestData
{
    /// <summary>sin(0.7 i + phase) / 2 over the flat index i, rounded through float32, as float64: det() in heads_reference.py.</summary>
    public static Tensor Det(long[] shape, double phase)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        using var scope = NewDisposeScope();
        var t = ((arange(0, n, dtype: float64) * 0.7 + phase).sin() * 0.5).@float().@double().reshape(shape);
        return scope.MoveToOuter(t);
    }

    /// <summary>Sets every state tensor to Det(shape, 0.37 i + 0.1), i its key's index in ordinal order (fill() in heads_reference.py).</summary>
    public static T Fill<T>(T module) where T : nn.Module
    {
        using var scope = NewDisposeScope();
        var state = module.state_dict();
        var keys = state.Keys.Order(StringComparer.Ordinal).ToList();
        using (no_grad())
            for (int i = 0; i < keys.Count; i++)
                state[keys[i]].copy_(Det(state[keys[i]].shape, 0.37 * i + 0.1));
        module.eval();
        return module;
    }

    /// <summary>Random token ids [B, L] shaped as CLIP's: SOT, words, EOT (the largest id), zero padding; lengths vary per row.</summary>
    public static Tensor TokenIds(long batch, long length, long vocab, int seed)
    {
        var rng = new Random(seed);
        var ids = new long[batch * length];
        for (long b = 0; b < batch; b++)
        {
            var words = rng.Next(1, (int)length - 1);
            ids[b * length] = vocab - 2;                                  // <|startoftext|>
            for (int i = 1; i <= words; i++) ids[b * length + i] = rng.Next(1, (int)vocab - 2);
            ids[b * length + words + 1] = vocab - 1;                      // <|endoftext|>
        }
        return tensor(ids, [batch, length]);
    }

    /// <summary>A 0/1 float mask [B, T] with the given valid-frame counts.</summary>
    public static Tensor FrameMask(long frames, params int[] lengths)
    {
        var m = new float[lengths.Length * frames];
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < lengths[b]; t++) m[b * frames + t] = 1;
        return tensor(m, [lengths.Length, frames]);
    }

    public static void AssertClose(double[] expected, Tensor actual, double atol = 1e-10, double rtol = 1e-10)
    {
        var have = actual.detach().cpu().@double().ToArray<double>();
        Assert.True(expected.Length == have.Length, $"expected {expected.Length} values, got {have.Length} (shape {Tensor.ShapeString(actual.shape)})");
        for (int i = 0; i < have.Length; i++)
            Assert.True(Math.Abs(expected[i] - have[i]) <= atol + rtol * Math.Abs(expected[i]), $"value {i}: expected {expected[i]:R}, got {have[i]:R}");
    }

    /// <summary>The largest |a - b| (a scalar read back), for comparing two tensors.</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a.detach().cpu().@double() - b.detach().cpu().@double()).abs().max().item<double>();
    }

    /// <summary>The micro CLIP4Clip (CPU, float64) for head and model tests.</summary>
    public static CLIP4Clip MicroClip4Clip(SimHeader head, int seed = 1)
    {
        manual_seed((ulong)seed);
        return new CLIP4Clip(new Clip4ClipConfig(ClipConfig.Micro, head)).to(float64);
    }
}
