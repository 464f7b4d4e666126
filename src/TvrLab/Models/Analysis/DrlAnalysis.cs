using TvrLab.Losses;
using TvrLab.Models.Heads;
using TvrLab.Text;
using TvrLab.Torch;
using TvrLab.Viz;
using static TvrLab.Torch.torch;

namespace TvrLab.Models.Analysis;

/// <summary>
/// One caption-video pair seen through DRL's token-wise interaction: the similarity of every valid word with every
/// valid frame, each word's best frame, each frame's best word, and WTI's weights (null for other interactions).
/// </summary>
/// <param name="Words">The caption's tokens as text, SOT and EOT included (rows).</param>
/// <param name="Similarity">s[t, v] = &lt;t_hat, v_hat&gt;, [words, frames].</param>
/// <param name="BestFrame">argmax_v s[t, v] per word (what t2v sums the max of).</param>
/// <param name="BestWord">argmax_t s[t, v] per frame (what v2t sums the max of).</param>
/// <param name="WordWeights">WTI's softmax weights over the words, or null.</param>
/// <param name="FrameWeights">WTI's softmax weights over the frames, or null.</param>
/// <param name="T2V">sum_t w_t max_v s (w uniform without WTI: TI).</param>
/// <param name="V2T">sum_v w_v max_t s.</param>
public sealed record TokenFrameInteraction(string[] Words, double[,] Similarity, int[] BestFrame, int[] BestWord,
                                           double[]? WordWeights, double[]? FrameWeights, double T2V, double V2T)
{
    /// <summary>S = (t2v + v2t) / 2, the pair's TI or WTI score.</summary>
    public double Score => (T2V + V2T) / 2;

    /// <summary>The pair as a figure (<see cref="Plots.Interaction(double[,], IReadOnlyList{string}, IReadOnlyList{string}?, IReadOnlyList{double}?, IReadOnlyList{double}?, string?)"/>).</summary>
    public Figure Plot(string? title = null) => Plots.Interaction(Similarity, Words, null, WordWeights, FrameWeights, title);
}

/// <summary>
/// How far a batch of encoded captions and videos has collapsed to one point (what kept TI and WTI at chance when
/// trained from scratch on SynthVTT small; see docs/drl.md): mean cosines between different items (1: every item
/// is the same vector) and the spread of the model's caption-video scores.
/// </summary>
/// <param name="CaptionCosine">Mean cosine between the sentence (EOT) vectors of two different captions.</param>
/// <param name="VideoCosine">Mean cosine between the meanP vectors of two different videos.</param>
/// <param name="FrameCosine">Mean cosine between two valid frames of one video, over videos with two or more.</param>
/// <param name="ScoreStd">Standard deviation of the scores s(caption i, video j) over all pairs.</param>
/// <param name="MatchMargin">Mean score of the matching pairs (i, i) minus the mean over all pairs.</param>
public sealed record FeatureCollapse(double CaptionCosine, double VideoCosine, double FrameCosine, double ScoreStd, double MatchMargin);

/// <summary>
/// What the DRL notebook shows: for one pair, the token-by-frame matrix with its argmaxes and WTI's weights; for a batch,
/// the channel cross-correlation that CDCR regularises (compare it before and after training); over a caption, which
/// words WTI weighs. Everything runs without gradients, in the model's current mode (call <c>model.eval()</c> first).
/// </summary>
public static class DrlAnalysis
{
    /// <summary>
    /// The interaction of caption <paramref name="text_index"/> of <paramref name="text"/> with video
    /// <paramref name="video_index"/> of <paramref name="video"/> (features from <see cref="DRL.encode_text"/> and
    /// <see cref="DRL.encode_video"/>), restricted to the valid words and frames. <paramref name="words"/> labels the
    /// valid tokens (SOT and EOT included); positions are used when null.
    /// </summary>
    public static TokenFrameInteraction Pair(DRL model, EncodedText text, int text_index, EncodedVideo video, int video_index, IReadOnlyList<string>? words = null)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var tokens = text.tokens[text_index..(text_index + 1)];
        var t_mask = text.text_mask[text_index..(text_index + 1)];
        var frames = video.frames[video_index..(video_index + 1)];
        var v_mask = video.video_mask[video_index..(video_index + 1)];
        TokenSimilarity.CheckMask(tokens, t_mask, "text");
        TokenSimilarity.CheckMask(frames, v_mask, "video");
        var tm = t_mask[0].ne(0);
        var vm = v_mask[0].ne(0);
        var t = MeanPooling.normalize(tokens[0]).index_select(0, tm.nonzero().view(-1));     // valid words [nt, D]
        var v = MeanPooling.normalize(frames[0]).index_select(0, vm.nonzero().view(-1));     // valid frames [nv, D]
        var s = t.matmul(v.t()).@double();                                                   // s[t, v] = <t_hat, v_hat>
        int nt = (int)s.size(0), nv = (int)s.size(1);
        double[]? wt = null, wv = null;
        if (model.head.interaction == Interaction.wti)
        {
            var (tw, vw) = model.head.weights(tokens, t_mask, frames, v_mask);
            wt = tw[0].masked_select(tm).@double().ToArray<double>();
            wv = vw[0].masked_select(vm).@double().ToArray<double>();
        }
        var best_frame = s.argmax(1).to(ScalarType.Int32).ToArray<int>();                  // argmax_v s[t, v]
        var best_word = s.argmax(0).to(ScalarType.Int32).ToArray<int>();                   // argmax_t s[t, v]
        var uniform_t = Enumerable.Repeat(1.0 / nt, nt).ToArray();
        var uniform_v = Enumerable.Repeat(1.0 / nv, nv).ToArray();
        var max_v = s.amax(1).ToArray<double>();
        var max_t = s.amax(0).ToArray<double>();
        double t2v = max_v.Select((m, i) => m * (wt ?? uniform_t)[i]).Sum();                // t2v = sum_t w_t max_v s
        double v2t = max_t.Select((m, i) => m * (wv ?? uniform_v)[i]).Sum();                // v2t = sum_v w_v max_t s
        var labels = words?.ToArray() ?? Enumerable.Range(0, nt).Select(i => $"token {i}").ToArray();
        if (labels.Length != nt) throw new ArgumentException($"{labels.Length} word labels for {nt} valid tokens");
        return new TokenFrameInteraction(labels, s.ToArray2D<double>(), best_frame, best_word, wt, wv, t2v, v2t);
    }

    /// <summary>
    /// The interaction of a caption with one video [T, 3, H, W] (uint8 as cached or normalised float) and its frame mask
    /// [T]: the caption is tokenized as CLIP4Clip does (<paramref name="max_words"/>), both are encoded, and the rows are
    /// labelled with the caption's tokens.
    /// </summary>
    public static TokenFrameInteraction Pair(DRL model, ClipTokenizer tokenizer, string caption, Tensor video, Tensor video_mask, int max_words = 32)
    {
        if (video.dim() != 4) throw new ArgumentException($"one video is [T, 3, H, W], got {Tensor.ShapeString(video.shape)}");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (ids, mask, words) = Tokenize(model, tokenizer, caption, max_words);
        var text = model.encode_text(ids, mask);
        var encoded = model.encode_video(video.unsqueeze(0), video_mask.view(1, -1));
        return Pair(model, text, 0, encoded, 0, words);
    }

    /// <summary>WTI's learned weight of each token of a caption (SOT and EOT included): which words matter.</summary>
    public static IReadOnlyList<(string word, double weight)> WordWeights(DRL model, ClipTokenizer tokenizer, string caption, int max_words = 32)
    {
        if (model.head.text_weight_fc is null) throw new InvalidOperationException($"only WTI learns word weights; this model's interaction is {model.config.interaction}");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (ids, mask, words) = Tokenize(model, tokenizer, caption, max_words);
        var tokens = model.encode_text(ids, mask).tokens;
        var w = WeightBranch.Weights(model.head.text_weight_fc, tokens, mask)[0].masked_select(mask[0].ne(0)).@double().ToArray<double>();
        return words.Zip(w, (word, weight) => (word, weight)).ToList();
    }

    /// <summary>
    /// The D x D channel cross-correlation that CDCR regularises, over a batch of matching pairs (caption i with video
    /// i): DP and XTI on the EOT vectors against meanP of the frames; TI and WTI on the rows of <paramref name="mode"/>
    /// (default 2: every token with its argmax frame and every frame with its argmax word; 3 needs WTI). Plot it with
    /// <see cref="Plots.ChannelCorrelation(Tensor, string?)"/>, or two of them (before and after training).
    /// </summary>
    public static Tensor ChannelCorrelation(DRL model, EncodedText text, EncodedVideo video, int mode = 2)
    {
        if (text.tokens.size(0) != video.frames.size(0))
            throw new ArgumentException($"the channel correlation pairs caption i with video i: {text.tokens.size(0)} captions, {video.frames.size(0)} videos");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Tensor? c;
        if (model.head.interaction is Interaction.dp or Interaction.xti)
        {
            var t = MeanPooling.normalize(TokenSimilarity.SentenceToken(text.tokens, text.text_mask));
            var v = MeanPooling.meanP(video.frames, video.video_mask);
            c = t.size(0) < 2 ? null : ChannelDecorrelation.PooledCorrelation(t, v);
        }
        else
        {
            Tensor? wt = null, wv = null;
            if (mode == 3) (wt, wv) = model.head.weights(text.tokens, text.text_mask, video.frames, video.video_mask);
            c = ChannelDecorrelation.TokenCorrelation(MeanPooling.normalize(text.tokens), text.text_mask,
                                                      MeanPooling.normalize(video.frames), video.video_mask, mode, wt, wv);
        }
        if (c is null) throw new ArgumentException("the channel correlation needs at least two rows (pairs, tokens or frames)");
        return scope.MoveToOuter(c.@double());
    }

    /// <summary>
    /// Collapse diagnostics of a batch where caption i belongs to video i (<see cref="FeatureCollapse"/>), from
    /// <see cref="DRL.encode_text"/>, <see cref="DRL.encode_video"/> and the model's [B, B] <paramref name="scores"/>
    /// (<see cref="DRL.similarity"/>). A healthy model keeps different items apart (cosines well below 1) and its
    /// matching pairs above the rest (a positive margin).
    /// </summary>
    public static FeatureCollapse Collapse(EncodedText text, EncodedVideo video, Tensor scores)
    {
        long n = text.sentence.size(0);
        if (n < 2 || video.frames.size(0) != n || scores.dim() != 2 || scores.size(0) != n || scores.size(1) != n)
            throw new ArgumentException($"Collapse pairs caption i with video i: expected two or more of each and [B, B] scores, got {n} captions, " +
                                        $"{video.frames.size(0)} videos and scores {Tensor.ShapeString(scores.shape)}");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        static double MeanOffDiagonalCosine(Tensor unit)                                 // mean_{i != j} <u_i, u_j>
        {
            var gram = unit.matmul(unit.t());
            long k = unit.size(0);
            return ((gram.sum() - gram.diagonal().sum()) / (k * (k - 1))).item<double>();
        }
        var captions = MeanPooling.normalize(text.sentence.@double());
        var videos = MeanPooling.meanP(video.frames.@double(), video.video_mask);
        var frames = MeanPooling.normalize(video.frames.@double());                     // [B, T, D]
        var valid = video.video_mask.ne(0).@double();                                    // [B, T]
        var pairMask = valid.unsqueeze(2) * valid.unsqueeze(1);                          // both frames valid
        pairMask = pairMask * (1 - eye(valid.size(1), dtype: ScalarType.Float64, device: valid.device));   // and different
        var pairs = pairMask.sum([1, 2]);                                                // [B]
        var cos = (frames.matmul(frames.transpose(1, 2)) * pairMask).sum([1, 2]);        // sum over frame pairs of <f_a, f_b>
        var withPairs = pairs.gt(0);
        double frameCosine = withPairs.any().item<bool>() ? (cos.masked_select(withPairs) / pairs.masked_select(withPairs)).mean().item<double>() : double.NaN;
        var s = scores.@double();
        return new FeatureCollapse(MeanOffDiagonalCosine(captions), MeanOffDiagonalCosine(videos), frameCosine,
                                   s.std().item<double>(), (s.diagonal().mean() - s.mean()).item<double>());
    }

    /// <summary>A caption as CLIP4Clip feeds it ([1, max_words] ids and mask) and its valid tokens as text.</summary>
    static (Tensor ids, Tensor mask, string[] words) Tokenize(DRL model, ClipTokenizer tokenizer, string caption, int max_words)
    {
        var encoded = tokenizer.EncodeMaxWords(caption, max_words);
        var device = model.clip.logit_scale.device;
        var ids = tensor(encoded.Ids.Select(i => (long)i).ToArray(), [1, max_words], device: device);
        var mask = tensor(encoded.Mask.Select(i => (long)i).ToArray(), [1, max_words], device: device);
        var words = encoded.Ids.Take(encoded.Length).Select(id => Word(tokenizer, id)).ToArray();
        return (ids, mask, words);
    }

    /// <summary>A token id as a readable word: [SOT], [EOT], or its text without the end-of-word mark.</summary>
    public static string Word(ClipTokenizer tokenizer, int id) =>
        id == tokenizer.SotId ? "[SOT]" : id == tokenizer.EotId ? "[EOT]" : tokenizer.Decode([id]).Trim();
}
