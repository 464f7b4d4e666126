using TvrLab.Torch;
using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Models.Heads;

/// <summary>
/// What CLIP4Clip (and DRL's <c>agg_video_feat</c>) does to the per-frame CLIP features before pooling: frames
/// [B, T, D] and their mask [B, T] in, contextualised frames [B, T, D] out. Its children carry CLIP4Clip's state names
/// (<c>frame_position_embeddings</c>, <c>transformerClip</c>, <c>lstm_visual</c>); a model that owns one registers
/// those children under its own root, so checkpoints keep the reference names.
/// </summary>
public abstract class TemporalModule : Module
{
    /// <summary>Contextualises frames [B, T, D] given their 0/1 mask [B, T].</summary>
    public abstract Tensor forward(Tensor frames, Tensor mask);

    /// <summary>
    /// CLIP4Clip's initialisation trick (modeling.py from_pretrained): the state this module takes from a CLIP state
    /// dict in OpenAI's names, as (own key, CLIP key) pairs.
    /// </summary>
    public abstract IEnumerable<(string key, string from_clip)> InitialisedFromClip();
}

/// <summary>
/// seqTransf: frame position embeddings, a pre-LN transformer over the frames with padded frames masked as keys
/// (additive -1e6), and a residual to the input frames (ArrowLuo/CLIP4Clip modules/modeling.py, _loose_similarity;
/// foolwood/DRL tvr/models/modeling.py, agg_video_feat):
/// v' = transformerClip(v + P[:T], mask) + v.
/// </summary>
/// <remarks>
/// Its blocks are CLIP's but with LayerNorm eps 1e-12 (module_cross.py uses the TF-style LayerNorm), and at the start
/// they are copies of CLIP's text layers 0..layers-1 and P of CLIP's text positional embedding. Every head of a
/// video gets that video's key mask: DRL repeats the mask with repeat_interleave; CLIP4Clip's
/// <c>attn_mask.repeat(n_head, 1, 1)</c> pairs heads with other videos' masks when a batch mixes lengths (moot when all
/// videos have max_frames frames), which is not reproduced.
/// </remarks>
public sealed class SeqTransf : TemporalModule
{
    public Embedding frame_position_embeddings;
    public Transformer transformerClip;

    /// <param name="width">Frame feature width D (CLIP's embed_dim, which equals its text width in OpenAI's models).</param>
    /// <param name="layers">Blocks (CLIP4Clip's cross_num_hidden_layers, 4).</param>
    /// <param name="heads">Attention heads (CLIP's text heads, width / 64).</param>
    /// <param name="max_frames">Rows of the position table (CLIP's context length, 77).</param>
    public SeqTransf(long width, long layers, long heads, long max_frames)
    {
        frame_position_embeddings = new Embedding(max_frames, width);
        transformerClip = new Transformer(width, layers, heads, eps: 1e-12);
        Clip4ClipInit.InitWeights(this);
    }

    public override Tensor forward(Tensor frames, Tensor mask)
    {
        MeanPooling.CheckMask(frames, mask);
        long T = frames.size(1);
        if (T > frame_position_embeddings.num_embeddings)
            throw new ArgumentException($"seqTransf has positions for {frame_position_embeddings.num_embeddings} frames, got {T}");
        using var scope = NewDisposeScope();
        var x = frames + frame_position_embeddings.weight[..(int)T].to(frames.dtype);   // v + P[:T]
        var key_mask = Transformer.KeyPaddingMask(mask, x.dtype);                        // (1 - mask) * -1e6 on keys
        return scope.MoveToOuter(transformerClip.forward(x, key_mask) + frames);          // transformerClip(...) + v
    }

    public override IEnumerable<(string key, string from_clip)> InitialisedFromClip()
    {
        yield return ("frame_position_embeddings.weight", "positional_embedding");
        foreach (var (key, _) in transformerClip.named_parameters("transformerClip"))
            yield return (key, "transformer." + key["transformerClip.".Length..]);
    }
}

/// <summary>
/// seqLSTM: a one-layer LSTM over the valid frames (packed by length) plus a residual to the input frames
/// (ArrowLuo/CLIP4Clip modules/modeling.py, _loose_similarity): v' = LSTM(v) + v. As in the reference, steps past the
/// batch's longest video take the input frame in place of the LSTM output (so there v' = 2v), padded steps inside it
/// an LSTM output of zero (v' = v); pooling masks both.
/// </summary>
/// <remarks>
/// The mask must mark a prefix of valid frames (as CLIP4Clip's loaders produce), and every video needs at least one.
/// CLIP4Clip also creates <c>frame_position_embeddings</c> for this head without using it; it is kept so that its
/// checkpoints load key for key, and it receives no gradient.
/// </remarks>
public sealed class SeqLSTM : TemporalModule
{
    public Embedding frame_position_embeddings;
    public LSTM lstm_visual;

    public SeqLSTM(long width, long max_frames)
    {
        frame_position_embeddings = new Embedding(max_frames, width);
        lstm_visual = new LSTM(width, width, batch_first: true);
        Clip4ClipInit.InitWeights(this);
    }

    public override Tensor forward(Tensor frames, Tensor mask)
    {
        MeanPooling.CheckMask(frames, mask);
        using var scope = NewDisposeScope();
        var lengths = mask.to(ScalarType.Int64).sum(-1);
        var longest = lengths.max().item<long>();
        var (output, _) = lstm_visual.forward(frames, lengths);          // zeros at padded steps
        // pad_packed_sequence trims to the longest video; CLIP4Clip refills the rest with the input frames.
        var packed = cat([output[.., ..(int)longest], frames[.., (int)longest..]], 1);
        return scope.MoveToOuter(packed + frames);                       // LSTM(v) + v
    }

    public override IEnumerable<(string key, string from_clip)> InitialisedFromClip()
    {
        yield return ("frame_position_embeddings.weight", "positional_embedding");
    }
}
