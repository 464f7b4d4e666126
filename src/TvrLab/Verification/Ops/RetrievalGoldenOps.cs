using TvrLab.Retrieval;
using TvrLab.Torch;

namespace TvrLab.Verification.Ops;

/// <summary>Golden ops of the evaluation stage (suite ../shared/golden/retrieval): metrics, dual softmax, QB-Norm.</summary>
public static class RetrievalGoldenOps
{
    public static void Register(GoldenOpRegistry registry) => registry
        .Register("retrieval.metrics", MetricsOp)
        .Register("retrieval.metrics_multi", MetricsMultiOp)
        .Register("dsl.dual_softmax", DualSoftmaxOp)
        .Register("qbnorm.dis", QbNormOp);

    /// <summary>compute_metrics(sim): R1 R5 R10 MedianR MeanR, and the ranks.</summary>
    static IReadOnlyDictionary<string, Tensor> MetricsOp(GoldenCaseContext c)
    {
        var m = Metrics.FromSimilarity(c.Input("sim"));
        return With(m, "", new() { ["ranks"] = torch.tensor(m.Ranks) });
    }

    /// <summary>tensor_text_to_video_metrics, and compute_metrics of tensor_video_to_text_sim.</summary>
    static IReadOnlyDictionary<string, Tensor> MetricsMultiOp(GoldenCaseContext c)
    {
        var simTensor = c.Input("sim_tensor");
        var v2tSim = Metrics.VideoToTextSimilarity(simTensor);
        var outputs = With(Metrics.TextToVideoMulti(simTensor), "t2v_", new() { ["v2t_sim"] = v2tSim });
        return With(Metrics.FromSimilarity(v2tSim), "v2t_", outputs);
    }

    static IReadOnlyDictionary<string, Tensor> DualSoftmaxOp(GoldenCaseContext c)
    {
        var sim = c.Input("sim");
        var temperature = c.Double("temp", 1000);
        return new Dictionary<string, Tensor>
        {
            ["revised"] = DualSoftmax.Revise(sim, temperature),
            ["loss"] = DualSoftmax.Loss(sim, temperature),
        };
    }

    static IReadOnlyDictionary<string, Tensor> QbNormOp(GoldenCaseContext c) => new Dictionary<string, Tensor>
    {
        ["normalized"] = QueryBankNorm.DynamicInvertedSoftmax(c.Input("train_test"), c.Input("test_test"),
            c.Double("beta", 20), (int)c.Long("k", 1)),
    };

    /// <summary>Adds the five numbers of a metrics record, prefixed, as one-element tensors.</summary>
    static Dictionary<string, Tensor> With(RetrievalMetrics m, string prefix, Dictionary<string, Tensor> outputs)
    {
        foreach (var (name, value) in new[] { ("R1", m.R1), ("R5", m.R5), ("R10", m.R10), ("MedianR", m.MedianR), ("MeanR", m.MeanR) })
            outputs[prefix + name] = torch.tensor(new[] { value });
        return outputs;
    }
}
