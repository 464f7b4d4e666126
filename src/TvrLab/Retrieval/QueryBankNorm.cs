using TvrLab.Torch;

namespace TvrLab.Retrieval;

/// <summary>
/// QB-Norm with the dynamic inverted softmax (Bogolin et al. CVPR 2022; ioanacroi/qb-norm
/// <c>dynamic_inverted_softmax.py</c>). A query bank (training captions scored against the test videos) measures how
/// much of a "hub" each video is; test queries whose best video is one the bank retrieves get their scores divided by
/// the bank's total for each video; all other rows are left as they are.
/// </summary>
public static class QueryBankNorm
{
    /// <summary>
    /// Normalises <paramref name="sim"/> [test queries, videos] with the query bank <paramref name="bank"/>
    /// [bank queries, videos]. A = the union of each bank query's top-<paramref name="k"/> videos; a test row whose top-1
    /// video is in A becomes exp(β s) / Σ_bank exp(β s_bank) per video; computed as exp(β s − logsumexp_bank(β s_bank)),
    /// so large β·s cannot overflow (the reference exponentiates directly).
    /// </summary>
    public static Tensor DynamicInvertedSoftmax(Tensor bank, Tensor sim, double beta = 20, int k = 1)
    {
        if (bank.dim() != 2 || sim.dim() != 2 || bank.size(1) != sim.size(1))
            throw new ArgumentException($"bank [bank queries, videos] and sim [queries, videos] must score the same videos; got {Tensor.ShapeString(bank.shape)} and {Tensor.ShapeString(sim.shape)}");
        if (k < 1 || k > bank.size(1))
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the number of videos ({bank.size(1)})");
        using var scope = torch.NewDisposeScope();
        var (_, topk) = bank.topk(k, 1);
        var retrieved = torch.zeros([bank.size(1)], ScalarType.Bool, bank.device);   // A: videos some bank query retrieves
        retrieved[topk.flatten()] = torch.ones([topk.numel()], ScalarType.Bool, bank.device);
        var normalise = retrieved[sim.argmax(1)];                                      // rows whose top-1 video is in A
        var logNormaliser = (bank * beta).logsumexp(0);                                // log Σ_bank exp(β s_bank), per video
        var inverted = (sim * beta - logNormaliser).exp();                             // exp(β s) / Σ_bank exp(β s_bank)
        return scope.MoveToOuter(torch.where(normalise.unsqueeze(1), inverted, sim));
    }
}
