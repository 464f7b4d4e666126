using TvrLab.Retrieval;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Retrieval;

public class SimilarityMatrixTests
{
    [Fact]
    public void BlocksAssembleTheFullDotProductMatrix()
    {
        using var scope = NewDisposeScope();
        var texts = randn(7, 16);
        var videos = randn(5, 16);
        var fractions = new List<double>();
        var sim = SimilarityMatrix.Compute(7, 5, (t, v) => texts[t].matmul(videos[v].t()), textBlock: 3, videoBlock: 2,
            progress: new SyncProgress(fractions));
        Assert.True(sim.allclose(texts.matmul(videos.t()), atol: 1e-6));
        Assert.Equal(9, fractions.Count);                      // 3 text blocks × 3 video blocks
        Assert.Equal(1.0, fractions[^1]);
    }

    [Fact]
    public void ATokenWiseHeadComputedInBlocksEqualsTheWholeComputation()
    {
        using var scope = NewDisposeScope();
        var words = randn([6, 4, 8], float64);                   // [texts, tokens, D]
        var frames = randn([5, 3, 8], float64);                  // [videos, frames, D]
        // Token-wise interaction, text to video: mean over tokens of the best frame, s[a, b] = mean_t max_f <w_at, f_bf>.
        Tensor Head(Tensor w, Tensor f) => einsum("atd,bfd->abtf", w, f).amax(3).mean(2);
        var blocked = SimilarityMatrix.Compute(6, 5, (t, v) => Head(words[t], frames[v]), textBlock: 4, videoBlock: 4, dtype: float64);
        Assert.Equal(ScalarType.Float64, blocked.dtype);
        Assert.True(blocked.allclose(Head(words, frames), rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void ABlockOfTheWrongShapeIsReported()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<InvalidOperationException>(() => SimilarityMatrix.Compute(4, 4, (t, v) => zeros(1, 1), textBlock: 2, videoBlock: 2));
        Assert.Contains("[1, 1]", ex.Message);
        Assert.Contains("[2, 2]", ex.Message);
    }

    [Fact]
    public void RunsWithoutGradients()
    {
        using var scope = NewDisposeScope();
        var w = randn([3, 4], requires_grad: true);
        var sim = SimilarityMatrix.Compute(3, 3, (t, v) => w[t].matmul(w[v].t()));
        Assert.False(sim.requires_grad);
    }

    /// <summary>Progress<T> posts to the thread pool; this records synchronously.</summary>
    sealed class SyncProgress(List<double> values) : IProgress<double>
    {
        public void Report(double value) => values.Add(value);
    }
}
