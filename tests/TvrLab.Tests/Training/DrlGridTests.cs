using TvrLab.Experiments;
using TvrLab.Models;
using TvrLab.Models.Heads;
using TvrLab.Runs;

namespace TvrLab.Tests.Training;

/// <summary>
/// DRL's ablation grid: its cells and presets, and one cell trained briefly on the SynthVTT tiny data the "tiny
/// training" fixture already generated and cached (so only the DRL training itself is paid for here).
/// </summary>
[Collection("tiny training")]
public sealed class DrlGridTests(TinyTrainingFixture fixture)
{
    [Fact]
    public void TheGridHasFourteenCellsWithAPresetAtEverySize()
    {
        Assert.Equal(14, DrlAblation.Cells.Count);
        Assert.DoesNotContain(DrlAblation.Cells, c => c.interaction == Interaction.xti && c.cdcr);
        foreach (var size in DrlAblation.Sizes)
            foreach (var (cell, preset) in DrlAblation.Grid(size))
            {
                Assert.Equal($"drl-{cell.Name}-{size}", preset.name);
                Assert.Equal("drl", preset.model.kind);
                var config = DrlOptions.Parse(ClipConfig.Tiny, preset.model.options);
                Assert.Equal((cell.interaction, cell.temporal, cell.cdcr), (config.interaction, config.temporal, config.cdcr != 0));
            }
        Assert.Equal("3", Presets.Get("drl-wti-seqtransf-cdcr-tiny").model.options["cdcr"]);   // WTI's reference mode
        Assert.Equal(["wti-none", "wti-none-cdcr", "wti-seqtransf", "wti-seqtransf-cdcr"], DrlAblation.Select(["wti"]).Select(c => c.Name));
        Assert.Equal(["dp-none"], DrlAblation.Select(["dp-none"]).Select(c => c.Name));
        Assert.Contains("no DRL grid cell is called that", Assert.Throws<ArgumentException>(() => DrlAblation.Select(["mlp"])).Message);
        Assert.Contains("expected one of tiny, small, full", Assert.Throws<ArgumentException>(() => DrlAblation.Grid("huge")).Message);
    }

    [Fact]
    public void ACellTrainsEvaluatesAndIsStoredInTheRunStore()
    {
        var runs = Path.Combine(fixture.Dir, "drl-runs");
        var progress = new List<DrlGridProgress>();
        var rows = DrlAblation.RunGrid("tiny", fixture.Options with { RunsDir = runs }, only: ["wti-none-cdcr"],
            progress: new InlineProgress<DrlGridProgress>(progress.Add),
            overrides: ["train.epochs=1", "train.max_batches_per_epoch=12"]);
        var row = Assert.Single(rows);
        Assert.True(row.Completed);
        Assert.Equal("drl-wti-none-cdcr-tiny", row.Preset);
        foreach (var dir in new[] { "t2v", "v2t" })
            foreach (var m in new[] { "R1", "R5", "R10", "MdR", "MnR" })
                Assert.True(double.IsFinite(row[$"{dir}_{m}"]), $"{dir}_{m} missing or not finite");
        Assert.True(double.IsFinite(row["loss"]), "the training loss is not finite (CDCR's guard)");
        Assert.Contains(progress, p => p.Inner?.Train is not null);
        var store = RunStore.Open(runs);
        var run = Assert.Single(store.ListRuns("drl-wti-none-cdcr-tiny"));
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(row["t2v_R1"], store.FinalMetrics(run.Id).Single(m => m.Name == "t2v_R1").Value);
        // the checkpoint rebuilds the DRL model through the registry
        var model = Experiment.LoadModel(store.Checkpoints(run.Id).First(c => c.Kind == "last").Path);
        using var drl = Assert.IsType<DRL>(model);
        Assert.Equal(Interaction.wti, drl.config.interaction);
        Assert.Equal(3, drl.config.cdcr);
    }
}
