using TvrLab.Torch;

namespace TvrLab.Retrieval;

/// <summary>
/// Dual softmax (CAMoE, Cheng et al. 2021; starmemda/CAMoW <c>DSL.py</c>): each score is re-weighted by a prior, the
/// softmax of its column over the query axis, so a candidate that many queries match strongly is discounted.
/// Inference-time use is transductive: it needs the scores of all test queries at once. For video-to-text, apply it
/// to the transposed matrix.
/// </summary>
public static class DualSoftmax
{
    /// <summary>
    /// S' = n · S ⊙ softmax(S / T, dim 0), for S [queries, candidates] and n = queries. The reference's loss uses T = 1000;
    /// for ranking cosine similarities the usual choice is T = 0.01 (S ⊙ softmax(100 S)); n does not change rankings.
    /// </summary>
    public static Tensor Revise(Tensor sim, double temperature = 1000)
    {
        if (sim.dim() != 2) throw new ArgumentException($"sim must be a [queries, candidates] matrix, not {Tensor.ShapeString(sim.shape)}");
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be positive");
        using var scope = torch.NewDisposeScope();
        var prior = (sim / temperature).softmax(0);                 // softmax over the query axis
        return scope.MoveToOuter(sim * prior * sim.size(0));        // S ⊙ prior · n, in the reference's order
    }

    /// <summary>The dual softmax loss per query: −diag(log_softmax(S', dim 1)), with S' from <see cref="Revise"/>.</summary>
    public static Tensor Loss(Tensor sim, double temperature = 1000)
    {
        using var scope = torch.NewDisposeScope();
        var logpt = Revise(sim, temperature).log_softmax(1);
        return scope.MoveToOuter(-logpt.diagonal());
    }
}
