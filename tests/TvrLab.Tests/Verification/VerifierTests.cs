using TvrLab.Testing;
using TvrLab.Torch;
using TvrLab.Verification;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Verification;

public class VerifierTests
{
    static readonly string Retrieval = TestPaths.SharedFile("golden", "retrieval");

    [Fact]
    public void EveryCaseOfTheRetrievalGoldenSuitePasses()
    {
        var report = Verifier.RunSuite(Retrieval, KnownGoldenOps.Create());
        Assert.Equal(11, report.Results.Count);
        Assert.All(report.Results, r => Assert.True(r.Passed, $"{r.Case}: {r.Outcome} {r.Detail}"));
        Assert.All(report.Results, r => Assert.InRange(r.WorstToleranceRatio, 0, 0.01));
        Assert.Equal(["dsl.dual_softmax", "qbnorm.dis", "retrieval.metrics", "retrieval.metrics_multi"], report.Results.Select(r => r.Op).Distinct().Order());
    }

    [Fact]
    public void RunsASuiteFolderItHasNeverSeen()
    {
        var folder = new SuiteBuilder()
            .CopyCase(Retrieval, "metrics_t2v_40", "fresh_metrics")
            .CopyCase(Retrieval, "metrics_multi_6x4", "fresh_multi")
            .CopyCase(Retrieval, "dsl_32_t0.01", "fresh_dsl")
            .CopyCase(Retrieval, "qbnorm_120_25_25_b5.0_k3", "fresh_qbnorm")
            .Write("unseen");
        var reports = Verifier.Run(folder, KnownGoldenOps.Create());
        var report = Assert.Single(reports);
        Assert.True(report.Passed);
        Assert.Equal(["fresh_metrics", "fresh_multi", "fresh_dsl", "fresh_qbnorm"], report.Results.Select(r => r.Case));
    }

    [Fact]
    public void AnExpectedValueOffByMoreThanTheToleranceFailsAndSaysWhere()
    {
        using var scope = NewDisposeScope();
        var folder = new SuiteBuilder()
            .CopyCase(Retrieval, "dsl_8_t1000.0", "shifted", (arg, t) => arg == "loss" ? t.index_put_(t[3] + 1e-3, 3) : t)
            .CopyCase(Retrieval, "dsl_8_t1000.0", "within", (arg, t) => arg == "loss" ? t + 5e-9 : t)   // atol 1e-8
            .Write("shifted");
        var results = Verifier.RunSuite(folder, KnownGoldenOps.Create()).Results;
        var shifted = results.Single(r => r.Case == "shifted");
        Assert.Equal(CaseOutcome.Failed, shifted.Outcome);
        Assert.InRange(shifted.WorstDeviation, 0.999e-3, 1.001e-3);
        Assert.StartsWith("loss[3]: actual", shifted.Detail);
        var within = results.Single(r => r.Case == "within");
        Assert.True(within.Passed, within.Detail);
        Assert.InRange(within.WorstDeviation, 4e-9, 6e-9);
    }

    [Fact]
    public void UnknownOpsMissingOutputsAndExceptionsAreFailures()
    {
        using var scope = NewDisposeScope();
        var sim = eye(3, dtype: float64);
        var folder = new SuiteBuilder()
            .Case("future", "clip2tv.vtm", new() { ["sim"] = sim }, new() { ["score"] = zeros(1) })
            .Case("extra_output", "retrieval.metrics", new() { ["sim"] = sim }, new() { ["R1"] = full([1], 100.0, float64), ["R50"] = zeros(1) })
            .Case("bad_param", "qbnorm.dis", new() { ["train_test"] = sim, ["test_test"] = sim }, new() { ["normalized"] = sim }, parameters: new { k = 7 })
            .Case("wrong_param_type", "dsl.dual_softmax", new() { ["sim"] = sim }, new() { ["loss"] = zeros(3) }, parameters: new { temp = "hot" })
            .Write("failures");
        var report = Verifier.RunSuite(folder, KnownGoldenOps.Create());
        Assert.False(report.Passed);
        Assert.Equal(4, report.FailedCount);
        var byName = report.Results.ToDictionary(r => r.Case);
        Assert.Equal(CaseOutcome.UnknownOp, byName["future"].Outcome);
        Assert.Contains("clip2tv.vtm", byName["future"].Detail);
        Assert.Equal(CaseOutcome.Failed, byName["extra_output"].Outcome);
        Assert.Contains("R50: the implementation did not return it", byName["extra_output"].Detail);
        Assert.Equal(CaseOutcome.Error, byName["bad_param"].Outcome);
        Assert.Contains("k must be between 1 and", byName["bad_param"].Detail);
        Assert.Contains("params.temp: expected a number, found \"hot\"", byName["wrong_param_type"].Detail);
    }

    [Fact]
    public void OpsRegisteredByOtherAreasAreRun()
    {
        using var scope = NewDisposeScope();
        var a = randn([3, 4], float64);
        var b = randn([4, 2], float64);
        var folder = new SuiteBuilder().Case("mm", "test.matmul", new() { ["a"] = a, ["b"] = b }, new() { ["c"] = a.matmul(b) }).Write("custom");
        var registry = KnownGoldenOps.Create().Register("test.matmul", c => new Dictionary<string, Tensor> { ["c"] = c.Input("a").matmul(c.Input("b")) });
        Assert.True(Verifier.RunSuite(folder, registry).Passed);
        Assert.False(Verifier.RunSuite(folder, KnownGoldenOps.Create()).Passed);
        Assert.Throws<InvalidOperationException>(() => registry.Register("test.matmul", _ => new Dictionary<string, Tensor>()));
    }

    [Fact]
    public void ModuleWeightsStoredAsInputsComeBackAsAStateDict()
    {
        using var scope = NewDisposeScope();
        var folder = new SuiteBuilder().Case("linear", "test.linear",
            new() { ["x"] = ones([2, 3], float64), ["fc.weight"] = full([4, 3], 0.5, float64), ["fc.bias"] = arange(4, float64) },
            new() { ["y"] = full([2, 4], 1.5, float64) + arange(4, float64) }).Write("state-dict");
        var registry = new GoldenOpRegistry().Register("test.linear", c =>
        {
            var state = c.InputsWithPrefix("fc.");
            Assert.Equal(["bias", "weight"], state.Keys.Order());
            return new Dictionary<string, Tensor> { ["y"] = nn.functional.linear(c.Input("x"), state["weight"], state["bias"]) };
        });
        Assert.True(Verifier.RunSuite(folder, registry).Passed);
    }

    [Fact]
    public void AFolderOfSuitesGivesOneReportPerSuiteAndFlagsGoldenFilesNoCheckerUnderstands()
    {
        var parent = TestPaths.NewTempDir("suites");
        new SuiteBuilder().CopyCase(Retrieval, "metrics_t2v_7", "a").Write(folder: Path.Combine(parent, "one"));
        new SuiteBuilder().CopyCase(Retrieval, "metrics_t2v_7", "b").Write(folder: Path.Combine(parent, "two"));
        Directory.CreateDirectory(Path.Combine(parent, "tokenizer"));
        File.WriteAllText(Path.Combine(parent, "tokenizer", "records.jsonl"), "{}\n");
        File.WriteAllText(Path.Combine(parent, "README.md"), "not a golden file");
        var reports = Verifier.Run(parent, KnownGoldenOps.Create());
        Assert.Equal(3, reports.Count);
        Assert.All(reports.Where(r => !r.Path.EndsWith(".jsonl")), r => Assert.True(r.Passed));
        var jsonl = Assert.Single(reports.Single(r => r.Path.EndsWith("records.jsonl")).Results);
        Assert.Equal(CaseOutcome.UnknownOp, jsonl.Outcome);
        Assert.Contains("no checker understands", jsonl.Detail);
    }

    [Fact]
    public void MalformedManifestsNameTheFileAndTheField()
    {
        var folder = new SuiteBuilder().CopyCase(Retrieval, "metrics_t2v_7", "a").Write("malformed");
        var manifest = Path.Combine(folder, "manifest.json");
        var good = File.ReadAllText(manifest);

        void Expect(string text, params string[] phrases)
        {
            File.WriteAllText(manifest, text);
            var ex = Assert.Throws<InvalidDataException>(() => GoldenSuite.Open(folder).Dispose());
            Assert.StartsWith(manifest + ":", ex.Message);
            foreach (var p in phrases) Assert.Contains(p, ex.Message);
        }

        Expect(good.Replace("tvr-golden/1", "tvr-golden/2"), "format", "expected \"tvr-golden/1\"");
        Expect(good.Replace("\"op\":", "\"operation\":"), "cases[0].op: missing");
        Expect(good.Replace("\"atol\": 1E-09", "\"atol\": \"tiny\"").Replace("\"atol\": 1e-09", "\"atol\": \"tiny\""), "cases[0].atol", "non-negative number");
        Expect(good.Replace("a.outputs.R1", "a.outputs.nowhere"), "outputs.R1", "a.outputs.nowhere", "is not in");
        Expect(good.Replace("data.safetensors", "gone.safetensors"), "tensors", "does not exist");
        Expect("{ not json", "not valid JSON");
        Expect("""{"format": "tvr-golden/1", "tensors": "data.safetensors", "cases": []}""", "cases", "no cases");
        Assert.Throws<FileNotFoundException>(() => GoldenSuite.Open(TestPaths.NewTempDir("empty")));
    }
}
