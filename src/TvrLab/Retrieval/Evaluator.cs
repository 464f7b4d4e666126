using TvrLab.Data.Loading;
using TvrLab.Models;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Retrieval;

/// <summary>How an evaluation runs and which inference-time re-scorings it adds.</summary>
public sealed record EvalOptions
{
    /// <summary>Captions encoded at once.</summary>
    public int TextBatch { get; init; } = 256;
    /// <summary>Videos encoded at once.</summary>
    public int VideoBatch { get; init; } = 64;
    /// <summary>Similarity blocks of at most SimilarityBlock × SimilarityBlock pairs (token-wise heads need small blocks).</summary>
    public int SimilarityBlock { get; init; } = 1024;
    /// <summary>Also score with the dual softmax (CAMoE's DSL) over the query axis.</summary>
    public bool Dsl { get; init; }
    /// <summary>DSL's temperature: S ⊙ softmax(S / T) over queries; 0.01 on cosine similarities (CLIP4Clip's logits are already × 100, so 1 here).</summary>
    public double DslTemperature { get; init; } = 1;
    /// <summary>Also score text-to-video with QB-Norm (needs a query bank of training captions).</summary>
    public bool QbNorm { get; init; }
    /// <summary>QB-Norm's β (on CLIP4Clip's logits, which are × 100: 0.2 there is β = 20 on cosines).</summary>
    public double QbNormBeta { get; init; } = 0.2;
    /// <summary>QB-Norm's k: bank queries' top-k videos make the activation set.</summary>
    public int QbNormK { get; init; } = 1;
    /// <summary>The most query-bank captions used (the first ones of the bank split).</summary>
    public int QueryBankSize { get; init; } = 5000;
    /// <summary>Keep the raw similarity matrix in the result (for plots).</summary>
    public bool KeepSimilarity { get; init; }
}

/// <summary>Both directions' metrics of one scoring (raw, DSL or QB-Norm).</summary>
/// <param name="Scoring">"raw", "dsl" or "qbnorm".</param>
public sealed record ScoredMetrics(string Scoring, RetrievalMetrics TextToVideo, RetrievalMetrics? VideoToText)
{
    /// <summary>t2v_R1, t2v_R5, t2v_R10, t2v_MdR, t2v_MnR, the same for v2t, and rsum (prefixed "dsl_"/"qbnorm_" when re-scored).</summary>
    public Dictionary<string, double> ToDictionary()
    {
        var prefix = Scoring == "raw" ? "" : Scoring + "_";
        var d = new Dictionary<string, double>();
        void Add(string dir, RetrievalMetrics m)
        {
            d[$"{prefix}{dir}_R1"] = m.R1; d[$"{prefix}{dir}_R5"] = m.R5; d[$"{prefix}{dir}_R10"] = m.R10;
            d[$"{prefix}{dir}_MdR"] = m.MedianR; d[$"{prefix}{dir}_MnR"] = m.MeanR;
        }
        Add("t2v", TextToVideo);
        if (VideoToText is not null) Add("v2t", VideoToText);
        d[$"{prefix}rsum"] = TextToVideo.R1 + TextToVideo.R5 + TextToVideo.R10 + (VideoToText is null ? 0 : VideoToText.R1 + VideoToText.R5 + VideoToText.R10);
        return d;
    }
}

/// <summary>
/// An evaluation's result: the raw metrics and any re-scored ones, over how many captions and videos, and whether
/// it was scored multi-sentence (many captions per video, CLIP4Clip's tensor_text_to_video_metrics).
/// </summary>
public sealed record EvalResult(int Captions, int Videos, bool MultiSentence, ScoredMetrics Raw, ScoredMetrics? Dsl, ScoredMetrics? QbNorm, double Seconds)
{
    /// <summary>The raw similarity matrix [captions, videos] on the CPU, when <see cref="EvalOptions.KeepSimilarity"/> asked for it.</summary>
    public Tensor? Similarity { get; init; }
    /// <summary>Each caption's ground-truth video.</summary>
    public int[] CaptionVideo { get; init; } = [];

    public RetrievalMetrics TextToVideo => Raw.TextToVideo;
    public RetrievalMetrics? VideoToText => Raw.VideoToText;

    /// <summary>Every metric by name (raw, then dsl_*, qbnorm_*), ready for the run store or a table.</summary>
    public Dictionary<string, double> ToDictionary()
    {
        var d = Raw.ToDictionary();
        foreach (var extra in new[] { Dsl, QbNorm })
            if (extra is not null) foreach (var (k, v) in extra.ToDictionary()) d[k] = v;
        return d;
    }

    /// <summary>One row per scoring: scoring, R@1, R@5, R@10, MdR, MnR each way.</summary>
    public IReadOnlyList<ScoredMetrics> Rows => new[] { Raw, Dsl, QbNorm }.Where(r => r is not null).ToList()!;
}

/// <summary>
/// CLIP4Clip's eval_epoch for any <see cref="IRetrievalModel"/>: every caption and every video encoded once, the
/// similarity matrix built block by block through the model's own <see cref="IRetrievalModel.similarity"/> (so
/// token-wise heads work), then text-to-video and video-to-text metrics exactly as <see cref="Metrics"/>. With one
/// caption per video the matrix is scored as <c>compute_metrics</c>; with many (MSR-VTT's full test, MSVD) as
/// <c>tensor_text_to_video_metrics</c> and <c>tensor_video_to_text_sim</c>.
/// </summary>
public static class Evaluator
{
    /// <summary>Encodes, scores and measures; optional DSL and QB-Norm (QB-Norm needs <paramref name="queryBank"/>, e.g. the training split).</summary>
    public static EvalResult Evaluate(IRetrievalModel model, IEvalData data, EvalOptions? options = null, IEvalData? queryBank = null,
                                      IProgress<double>? progress = null, CancellationToken ct = default)
    {
        options ??= new EvalOptions();
        if (options.QbNorm && queryBank is null)
            throw new ArgumentException("QB-Norm needs a query bank: pass the training split's captions as queryBank");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var module = Training.ParameterGroups.AsModule(model);
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var device = module.parameters().FirstOrDefault()?.device ?? Device.CPU;
            var videos = EncodeVideos(model, data, options, device, ct);
            progress?.Report(0.4);
            var texts = EncodeTexts(model, data.Texts(options.TextBatch), device, int.MaxValue, ct);
            progress?.Report(0.5);
            var sim = Similarity(model, texts, videos, options, new Progress<double>(f => progress?.Report(0.5 + 0.4 * f)));
            var captionVideo = data.caption_video;
            var raw = Score("raw", sim, captionVideo, data.VideoCount);
            ScoredMetrics? dsl = null, qb = null;
            if (options.Dsl)
            {
                using var t2v = DualSoftmax.Revise(sim, options.DslTemperature);
                using var simT = sim.t().contiguous();
                using var v2tT = DualSoftmax.Revise(simT, options.DslTemperature);
                using var v2t = v2tT.t().contiguous();
                dsl = new ScoredMetrics("dsl", Score("dsl", t2v, captionVideo, data.VideoCount).TextToVideo,
                                        Score("dsl", v2t, captionVideo, data.VideoCount).VideoToText);
            }
            if (options.QbNorm)
            {
                var bankTexts = EncodeTexts(model, queryBank!.Texts(options.TextBatch), device, options.QueryBankSize, ct);
                var bank = Similarity(model, bankTexts, videos, options, null);
                using var normalised = QueryBankNorm.DynamicInvertedSoftmax(bank, sim, options.QbNormBeta, options.QbNormK);
                qb = new ScoredMetrics("qbnorm", Score("qbnorm", normalised, captionVideo, data.VideoCount).TextToVideo, null);
            }
            progress?.Report(1);
            var result = new EvalResult(captionVideo.Length, data.VideoCount, IsMultiSentence(captionVideo, data.VideoCount), raw, dsl, qb, started.Elapsed.TotalSeconds)
            {
                CaptionVideo = captionVideo,
                Similarity = options.KeepSimilarity ? scope.MoveToOuter(sim) : null,
            };
            return result;
        }
        finally { module.train(wasTraining); }
    }

    /// <summary>Every video of <paramref name="data"/> encoded once (uint8 frames normalised by the model), concatenated on <paramref name="device"/>.</summary>
    public static EncodedVideo EncodeVideos(IRetrievalModel model, IEvalData data, EvalOptions options, Device device, CancellationToken ct = default)
    {
        var frames = new List<Tensor>();
        var masks = new List<Tensor>();
        foreach (var batch in data.Videos(options.VideoBatch))
        {
            ct.ThrowIfCancellationRequested();
            using var b = batch;
            using var video = b.video.to(device);
            using var mask = b.video_mask.to(device);
            var encoded = model.encode_video(video, mask);
            frames.Add(encoded.frames);
            masks.Add(encoded.video_mask);
        }
        return new EncodedVideo(Concat(frames), Concat(masks));
    }

    /// <summary>Captions encoded once (at most <paramref name="limit"/>), concatenated on <paramref name="device"/>.</summary>
    public static EncodedText EncodeTexts(IRetrievalModel model, IEnumerable<TextBatch> batches, Device device, int limit = int.MaxValue, CancellationToken ct = default)
    {
        var sentences = new List<Tensor>();
        var tokens = new List<Tensor>();
        var masks = new List<Tensor>();
        long count = 0;
        foreach (var batch in batches)
        {
            ct.ThrowIfCancellationRequested();
            using var b = batch;
            if (count >= limit) break;
            var take = (int)Math.Min(b.input_ids.size(0), limit - count);
            using var ids = b.input_ids[..take].to(device);
            using var mask = b.text_mask[..take].to(device);
            var encoded = model.encode_text(ids, mask);
            sentences.Add(encoded.sentence);
            tokens.Add(encoded.tokens);
            masks.Add(encoded.text_mask);
            count += take;
        }
        return new EncodedText(Concat(sentences), Concat(tokens), Concat(masks));
    }

    /// <summary>The [captions, videos] similarity matrix on the CPU (float32), block by block through the model's head.</summary>
    public static Tensor Similarity(IRetrievalModel model, EncodedText texts, EncodedVideo videos, EvalOptions? options = null, IProgress<double>? progress = null)
    {
        options ??= new EvalOptions();
        return SimilarityMatrix.Compute(texts.sentence.size(0), videos.frames.size(0), (t, v) =>
        {
            var text = new EncodedText(texts.sentence[t], texts.tokens[t], texts.text_mask[t]);
            var video = new EncodedVideo(videos.frames[v], videos.video_mask[v]);
            return model.similarity(text, video).to(ScalarType.Float32);
        }, options.SimilarityBlock, options.SimilarityBlock, progress: progress);
    }

    /// <summary>Whether a split has other than exactly one caption per video (then scored multi-sentence).</summary>
    public static bool IsMultiSentence(int[] captionVideo, int videoCount) =>
        captionVideo.Length != videoCount || captionVideo.Distinct().Count() != videoCount;

    /// <summary>
    /// The metrics of a [captions, videos] score matrix whose caption i belongs to video <paramref name="captionVideo"/>[i]:
    /// one caption per video → compute_metrics on the matrix with rows in video order, and on its transpose; many →
    /// CLIP4Clip's multi-sentence [videos, max captions, videos] tensor padded with -inf.
    /// </summary>
    public static ScoredMetrics Score(string scoring, Tensor sim, int[] captionVideo, int videoCount)
    {
        if (sim.dim() != 2 || sim.size(0) != captionVideo.Length || sim.size(1) != videoCount)
            throw new ArgumentException($"sim {Tensor.ShapeString(sim.shape)} does not match {captionVideo.Length} captions × {videoCount} videos");
        using var scope = NewDisposeScope();
        if (!IsMultiSentence(captionVideo, videoCount))
        {
            var order = new long[videoCount];
            for (int c = 0; c < captionVideo.Length; c++) order[captionVideo[c]] = c;           // row v: the caption of video v
            var rows = sim.index_select(0, tensor(order, [videoCount]));
            var (t2v, v2t) = Metrics.Evaluate(rows);
            return new ScoredMetrics(scoring, t2v, v2t);
        }
        var cube = MultiSentenceTensor(sim, captionVideo, videoCount);
        var (mt2v, mv2t) = Metrics.Evaluate(cube);
        return new ScoredMetrics(scoring, mt2v, mv2t);
    }

    /// <summary>CLIP4Clip's sim_tensor: [v, c, w] = score of video v's c-th caption against video w, -inf where v has fewer captions.</summary>
    public static Tensor MultiSentenceTensor(Tensor sim, int[] captionVideo, int videoCount)
    {
        var perVideo = new List<int>[videoCount];
        for (int v = 0; v < videoCount; v++) perVideo[v] = [];
        for (int c = 0; c < captionVideo.Length; c++) perVideo[captionVideo[c]].Add(c);
        int maxCaptions = perVideo.Max(l => l.Count);
        var x = sim.to(Device.CPU, ScalarType.Float32).contiguous();
        var values = x.ToArray<float>();
        x.Dispose();
        var cube = new float[videoCount * maxCaptions * videoCount];
        Array.Fill(cube, float.NegativeInfinity);
        for (int v = 0; v < videoCount; v++)
            for (int k = 0; k < perVideo[v].Count; k++)
                Array.Copy(values, (long)perVideo[v][k] * videoCount, cube, ((long)v * maxCaptions + k) * videoCount, videoCount);
        return tensor(cube, [videoCount, maxCaptions, videoCount]);
    }

    static Tensor Concat(List<Tensor> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("the evaluation split is empty");
        if (parts.Count == 1) return parts[0];
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }
}
