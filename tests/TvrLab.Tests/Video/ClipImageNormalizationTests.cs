using TvrLab.Torch;
using TvrLab.Video;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Video;

public sealed class ClipImageNormalizationTests
{
    [Fact]
    public void Every_value_is_x_over_255_minus_mean_over_std_and_padded_slots_are_zero()
    {
        // [B=2, T=3, 3, 2, 2] covering 0..255; batch 1 has one padded slot.
        var bytes = Enumerable.Range(0, 2 * 3 * 3 * 2 * 2).Select(i => (byte)(i * 37 % 256)).ToArray();
        using var video = tensor(bytes, [2, 3, 3, 2, 2]);
        using var mask = tensor(new long[] { 1, 1, 1, 1, 1, 0 }, [2, 3]);
        using var normalized = ClipImageNormalization.Apply(video, mask);
        Assert.Equal(ScalarType.Float32, normalized.dtype);
        Assert.Equal(video.shape, normalized.shape);
        var values = normalized.ToArray<float>();
        double[] mean = [0.48145466, 0.4578275, 0.40821073], std = [0.26862954, 0.26130258, 0.27577711];
        for (int i = 0; i < bytes.Length; i++)
        {
            int channel = i / 4 % 3, slot = i / 12;
            double expected = slot == 5 ? 0 : (bytes[i] / 255.0 - mean[channel]) / std[channel];
            Assert.True(Math.Abs(values[i] - expected) < 1e-5, $"element {i}: {values[i]} vs {expected}");
        }
        // Without a mask it is FramePreprocessing.Normalize, the step-by-step form.
        using var unmasked = ClipImageNormalization.Apply(video);
        using var reference = FramePreprocessing.Normalize(video);
        Assert.True(unmasked.allclose(reference, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Wrong_inputs_are_refused()
    {
        using var floats = zeros([1, 2, 3, 4, 4]);
        Assert.Contains("expected uint8 frames", Assert.Throws<ArgumentException>(() => ClipImageNormalization.Apply(floats)).Message);
        using var video = zeros([1, 2, 3, 4, 4], dtype: uint8);
        using var mask = ones([1, 3], dtype: int64);
        Assert.Contains("does not match", Assert.Throws<ArgumentException>(() => ClipImageNormalization.Apply(video, mask)).Message);
    }
}
