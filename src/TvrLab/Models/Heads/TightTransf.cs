using TvrLab.Torch;
using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Models.Heads;

/// <summary>CLIP4Clip's cross embeddings: position embeddings added, then dropout (no token-type embeddings, no LayerNorm).</summary>
public sealed class CrossEmbeddings : Module
{
    public Embedding position_embeddings;
    public Dropout dropout;

    public CrossEmbeddings(long max_positions, long width, double hidden_dropout_prob = 0.1)
    {
        position_embeddings = new Embedding(max_positions, width);
        dropout = new Dropout(hidden_dropout_prob);
    }

    /// <summary>dropout(x + P[:L]) for x [N, L, width].</summary>
    public Tensor forward(Tensor x)
    {
        long L = x.size(1);
        if (L > position_embeddings.num_embeddings)
            throw new ArgumentException($"the cross encoder has {position_embeddings.num_embeddings} positions, the sequence has {L} (1 text token + frames)");
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(dropout.forward(x + position_embeddings.weight[..(int)L].to(x.dtype)));
    }
}

/// <summary>CLIP4Clip's pooler: ln_pool over the sequence, the first position, dense, QuickGELU.</summary>
public sealed class CrossPooler : Module
{
    public LayerNorm ln_pool;
    public Linear dense;
    public QuickGELU activation;

    public CrossPooler(long width)
    {
        ln_pool = new LayerNorm(width, eps: 1e-12);
        dense = new Linear(width, width);
        activation = new QuickGELU();
    }

    /// <summary>QuickGELU(dense(ln_pool(h)[:, 0])).</summary>
    public Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var first = Precision.layer_norm(ln_pool, hidden)[.., 0];
        return scope.MoveToOuter(activation.forward(dense.forward(first)));
    }
}

/// <summary>
/// CLIP4Clip's cross encoder (ArrowLuo/CLIP4Clip modules/module_cross.py CrossModel): embeddings, a pre-LN transformer
/// with CLIP's block names (LayerNorm eps 1e-12) under a key padding mask of (1 - mask) * -1e6, and the pooler.
/// </summary>
public sealed class CrossModel : Module
{
    public CrossEmbeddings embeddings;
    public Transformer transformer;
    public CrossPooler pooler;

    public CrossModel(long width, long layers, long heads, long max_positions, double hidden_dropout_prob = 0.1)
    {
        embeddings = new CrossEmbeddings(max_positions, width, hidden_dropout_prob);
        transformer = new Transformer(width, layers, heads, eps: 1e-12);
        pooler = new CrossPooler(width);
    }

    /// <summary>The pooled first position [N, width] of the sequences x [N, L, width] with their 0/1 mask [N, L].</summary>
    public Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var hidden = transformer.forward(embeddings.forward(x), Transformer.KeyPaddingMask(mask, x.dtype));
        return scope.MoveToOuter(pooler.forward(hidden));
    }
}

/// <summary>
/// tightTransf: for every text-video pair, the text's EOT vector followed by the video's frames goes through the cross
/// encoder, and the pooled first position is scored by <c>similarity_dense</c>, Linear(width, 1)
/// (ArrowLuo/CLIP4Clip modules/modeling.py, _cross_similarity). The score of a pair depends on that pair only.
/// </summary>
public sealed class TightTransf : Module
{
    public CrossModel cross;
    public Linear similarity_dense;

    /// <param name="width">Feature width (CLIP's embed_dim, equal to its text width in OpenAI's models).</param>
    /// <param name="layers">Cross encoder blocks (cross_num_hidden_layers, 4).</param>
    /// <param name="heads">Attention heads (8 for ViT-B).</param>
    /// <param name="max_positions">Position table rows (CLIP's context length, 77): 1 + frames at most.</param>
    /// <param name="hidden_dropout_prob">Dropout on the embeddings in training (cross-base config: 0.1).</param>
    public TightTransf(long width, long layers, long heads, long max_positions, double hidden_dropout_prob = 0.1)
    {
        cross = new CrossModel(width, layers, heads, max_positions, hidden_dropout_prob);
        similarity_dense = new Linear(width, 1);
        Clip4ClipInit.InitWeights(this);
    }

    /// <summary>
    /// Scores [B_text, B_video] for text vectors [B_text, D] against videos [B_video, T, D] with masks [B_video, T],
    /// <paramref name="text_chunk"/> texts at a time (all at once by default, as CLIP4Clip; smaller saves memory).
    /// </summary>
    public Tensor forward(Tensor text, Tensor frames, Tensor mask, long text_chunk = 0)
    {
        MeanPooling.CheckMask(frames, mask);
        if (text.dim() != 2 || text.size(1) != frames.size(2))
            throw new ArgumentException($"text vectors must be [B, {frames.size(2)}], got {Tensor.ShapeString(text.shape)}");
        long Bt = text.size(0), Bv = frames.size(0), T = frames.size(1), D = frames.size(2);
        var step = text_chunk > 0 ? text_chunk : Math.Max(Bt, 1);
        using var scope = NewDisposeScope();
        var rows = new List<Tensor>();
        var video_mask = mask.to(frames.dtype);
        for (long start = 0; start < Bt; start += step)
        {
            long n = Math.Min(step, Bt - start);
            var t = text[(int)start..(int)(start + n)].to(frames.dtype).view(n, 1, 1, D).expand(n, Bv, 1, D);
            var v = frames.unsqueeze(0).expand(n, Bv, T, D);
            var sequence = cat([t, v], 2).reshape(n * Bv, 1 + T, D);                                  // [EOT, frame_1 .. frame_T]
            var sequence_mask = cat([ones([n, Bv, 1], frames.dtype, frames.device), video_mask.unsqueeze(0).expand(n, Bv, T)], 2).reshape(n * Bv, 1 + T);
            var pooled = cross.forward(sequence, sequence_mask);
            rows.Add(similarity_dense.forward(pooled).view(n, Bv));
        }
        return scope.MoveToOuter(cat(rows, 0));
    }

    /// <summary>CLIP4Clip's initialisation trick: cross position embeddings and blocks from CLIP's text tower.</summary>
    public IEnumerable<(string key, string from_clip)> InitialisedFromClip()
    {
        yield return ("cross.embeddings.position_embeddings.weight", "positional_embedding");
        foreach (var (key, _) in cross.transformer.named_parameters("cross.transformer"))
            yield return (key, "transformer." + key["cross.transformer.".Length..]);
    }
}
