using TvrLab.Data.Loading;
using TvrLab.Models;
using TvrLab.Retrieval;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Retrieval;

[Collection("seeded training")]
public sealed class EvaluatorTests
{
    [Fact]
    public void One_caption_per_video_in_any_order_scores_as_compute_metrics_on_the_video_ordered_matrix()
    {
        // captions 0..3 belong to videos 2, 0, 3, 1
        using var sim = tensor(new float[]
        {
            0.1f, 0.2f, 0.9f, 0.3f,   // caption 0 -> video 2: rank 0
            0.5f, 0.1f, 0.2f, 0.3f,   // caption 1 -> video 0: rank 0
            0.4f, 0.6f, 0.7f, 0.5f,   // caption 2 -> video 3: rank 2
            0.2f, 0.3f, 0.1f, 0.8f,   // caption 3 -> video 1: rank 1
        }, [4, 4]);
        var scored = Evaluator.Score("raw", sim, [2, 0, 3, 1], 4);
        Assert.Equal([0L, 1, 0, 2], scored.TextToVideo.Ranks);                   // in video order
        Assert.Equal(50, scored.TextToVideo.R1);
        Assert.Equal(100, scored.TextToVideo.R5);
        using var ordered = sim.index_select(0, tensor(new long[] { 1, 3, 0, 2 }, [4]));
        var (t2v, v2t) = Metrics.Evaluate(ordered);
        Assert.Equal(t2v, scored.TextToVideo with { Ranks = t2v.Ranks }, new MetricsComparer());
        Assert.Equal(v2t.Ranks, scored.VideoToText!.Ranks);
        Assert.Equal(v2t.MedianR, scored.VideoToText.MedianR);
        Assert.Equal(v2t.R1, scored.ToDictionary()["v2t_R1"]);
    }

    sealed class MetricsComparer : IEqualityComparer<RetrievalMetrics>
    {
        public bool Equals(RetrievalMetrics? a, RetrievalMetrics? b) =>
            a!.R1 == b!.R1 && a.R5 == b.R5 && a.R10 == b.R10 && a.MedianR == b.MedianR && a.MeanR == b.MeanR && a.Ranks.SequenceEqual(b.Ranks);
        public int GetHashCode(RetrievalMetrics m) => 0;
    }

    [Fact]
    public void Many_captions_per_video_score_multi_sentence_as_clip4clip()
    {
        // 3 videos; captions 0, 1 of video 0; caption 2 of video 1; captions 3, 4, 5 of video 2
        int[] captionVideo = [0, 0, 1, 2, 2, 2];
        manual_seed(4);
        using var sim = randn([6, 3]);
        var scored = Evaluator.Score("raw", sim, captionVideo, 3);
        // CLIP4Clip's sim_tensor by hand: [video, caption slot, video], -inf padding
        var s = sim.ToArray<float>();
        var cube = Enumerable.Repeat(float.NegativeInfinity, 3 * 3 * 3).ToArray();
        void Put(int v, int slot, int caption) { for (int w = 0; w < 3; w++) cube[(v * 3 + slot) * 3 + w] = s[caption * 3 + w]; }
        Put(0, 0, 0); Put(0, 1, 1); Put(1, 0, 2); Put(2, 0, 3); Put(2, 1, 4); Put(2, 2, 5);
        using var expectedCube = tensor(cube, [3, 3, 3]);
        var (t2v, v2t) = Metrics.Evaluate(expectedCube);
        Assert.Equal(t2v.Ranks, scored.TextToVideo.Ranks);
        Assert.Equal(6, scored.TextToVideo.Count);
        Assert.Equal((t2v.R1, t2v.R5, t2v.MedianR, t2v.MeanR), (scored.TextToVideo.R1, scored.TextToVideo.R5, scored.TextToVideo.MedianR, scored.TextToVideo.MeanR));
        Assert.Equal(v2t.Ranks, scored.VideoToText!.Ranks);
        Assert.True(Evaluator.IsMultiSentence(captionVideo, 3));
        Assert.Throws<ArgumentException>(() => Evaluator.Score("raw", sim, [0, 1, 2], 3));
    }

    [Fact]
    public void Evaluate_encodes_once_scores_with_the_models_head_and_rescoring_matches_the_retrieval_ops()
    {
        manual_seed(7);
        using var model = new CLIP4Clip(new Clip4ClipConfig(ClipConfig.Micro, SimHeader.seqTransf, cross_num_hidden_layers: 1));
        model.eval();
        int videos = 5;
        int[] captionVideo = [3, 0, 1, 4, 2, 0, 2];                              // 7 captions: many per video
        using var ids = randint(1, 998, [7, 8]);
        ids[.., 7] = full([7], 999L);                                              // EOT, the largest id
        using var mask = ones([7, 8], ScalarType.Int64);
        using var video = randint(0, 256, [videos, 3, 3, 16, 16], ScalarType.Byte);
        using var videoMask = tensor(new long[] { 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0 }, [videos, 3]);
        using var data = new TensorEvalData(ids, mask, video, videoMask, captionVideo);

        var result = Evaluator.Evaluate(model, data, new EvalOptions { TextBatch = 3, VideoBatch = 2, SimilarityBlock = 4, KeepSimilarity = true, Dsl = true, QbNorm = true }, queryBank: data);
        Tensor expected;
        using (no_grad()) expected = ExpectedSimilarity(model, ids, video, videoMask);
        Assert.True(allclose(result.Similarity!, expected, rtol: 1e-5, atol: 1e-5), "the chunked similarity differs from the model's forward");
        expected.Dispose();
        Assert.True(result.MultiSentence);
        Assert.Equal((7, 5), (result.Captions, result.Videos));
        var raw = Evaluator.Score("raw", result.Similarity!, captionVideo, videos);
        Assert.Equal(raw.TextToVideo.Ranks, result.TextToVideo.Ranks);
        using var dsl = DualSoftmax.Revise(result.Similarity!, 1);
        Assert.Equal(Evaluator.Score("dsl", dsl, captionVideo, videos).TextToVideo.Ranks, result.Dsl!.TextToVideo.Ranks);
        using var qb = QueryBankNorm.DynamicInvertedSoftmax(result.Similarity!, result.Similarity!, 0.2, 1);
        Assert.Equal(Evaluator.Score("qbnorm", qb, captionVideo, videos).TextToVideo.Ranks, result.QbNorm!.TextToVideo.Ranks);
        Assert.Null(result.QbNorm.VideoToText);
        Assert.Contains("dsl_t2v_R1", result.ToDictionary().Keys);
        Assert.Contains("qbnorm_t2v_R1", result.ToDictionary().Keys);
        Assert.False(model.training);
        result.Similarity!.Dispose();
        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(model, data, new EvalOptions { QbNorm = true }));
    }

    static Tensor ExpectedSimilarity(CLIP4Clip model, Tensor ids, Tensor video, Tensor videoMask)
    {
        using var frames = CLIP4Clip.NormalizedFrames(video, videoMask);
        return model.forward(ids, frames, videoMask);
    }
}
