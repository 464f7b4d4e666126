using TvrLab.Data.Loading;
using TvrLab.Experiments;
using TvrLab.Models;
using TvrLab.Runs;
using TvrLab.Testing;
using TvrLab.Torch;
using TvrLab.Training;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Training;

/// <summary>The trainer on the micro CLIP with random batches: schedule, clamp, divergence. Seconds each.</summary>
[Collection("seeded training")]
public sealed class TrainerTests
{
    static CLIP4Clip Micro() { manual_seed(0); return new CLIP4Clip(new Clip4ClipConfig(ClipConfig.Micro)); }

    static SyntheticBatches Batches(int perEpoch) => new(batchSize: 4, frames: 2, frameSize: 16, maxWords: 8, perEpoch, seed: 1, vocabSize: 1000);

    [Fact]
    public void BertAdam_follows_warmup_cosine_over_the_optimiser_steps_and_the_logit_scale_is_clamped()
    {
        var dir = TestPaths.NewTempDir("trainer-schedule");
        using var model = Micro();
        using (no_grad()) model.clip.logit_scale.fill_(5.0);                     // above ln 100
        var config = new TrainConfig { optimizer = OptimizerKind.BertAdam, lr = 1e-3, coef_lr = 0.1, epochs = 2, batch_size = 4, warmup_proportion = 0.25,
                                       gradient_accumulation_steps = 2, freeze_layer_num = -1, seed = 3 };
        var reports = new List<TrainProgress>();
        using var batches = Batches(5);                                           // 5 batches, accumulation 2: 3 steps per epoch
        var result = Trainer.Fit(model, batches, null, config, new FitOptions { CheckpointDir = dir, Progress = new InlineProgress<TrainProgress>(reports.Add) });
        Assert.True(result.Completed);
        Assert.Equal(6, result.Steps);
        var train = reports.Where(r => r.Phase == "train").ToList();
        Assert.Equal(10, train.Count);
        foreach (var r in train)
            Assert.Equal(1e-3 * optim.lr_scheduler.warmup_cosine(r.Step / 6.0, 0.25), r.Lr, 12);   // lr of the next step
        Assert.Equal([0L, 1, 1, 2, 3, 3, 4, 4, 5, 6], train.Select(r => r.Step));
        Assert.True(model.clip.logit_scale.item<float>() <= Math.Log(100) + 1e-6);
        var state = Checkpoint.ReadState(result.LastCheckpoint!);
        Assert.True(state.completed);
        Assert.Equal(6, state.global_step);
        Assert.Null(result.BestEpoch);                                             // nothing to evaluate on
        Assert.NotNull(result.BestCheckpoint);                                     // without evaluation the last epoch is "best"
        Directory.Delete(dir, true);
    }

    /// <summary>CLIP4Clip whose loss turns NaN from a given call on (a real model; only its loss is poisoned).</summary>
    sealed class DivergingModel(CLIP4Clip model, int poisonFromCall) : nn.Module, IRetrievalModel
    {
        readonly CLIP4Clip inner = model;
        int calls;
        public Tensor loss(VideoTextBatch batch) => ++calls >= poisonFromCall ? inner.loss(batch) * double.NaN : inner.loss(batch);
        public EncodedText encode_text(Tensor input_ids, Tensor text_mask) => ((IRetrievalModel)inner).encode_text(input_ids, text_mask);
        public EncodedVideo encode_video(Tensor video, Tensor video_mask) => ((IRetrievalModel)inner).encode_video(video, video_mask);
        public Tensor similarity(EncodedText text, EncodedVideo video) => ((IRetrievalModel)inner).similarity(text, video);
        public bool is_pretrained(string name) => inner.is_pretrained(name["inner.".Length..]);
        public void after_step() => inner.after_step();
    }

    [Fact]
    public void A_NaN_loss_stops_the_run_naming_epoch_and_step_and_keeps_the_last_good_checkpoint()
    {
        var dir = TestPaths.NewTempDir("trainer-nan");
        var store = RunStore.Open(Path.Combine(dir, "runs"));
        var run = store.Start(new RunStart("nan", "micro", "{}", 0, RunEnvironment.Versions(), null));
        using var model = new DivergingModel(Micro(), poisonFromCall: 5);        // epoch 0: calls 1-3; epoch 1: call 5 is its 2nd batch
        using var batches = Batches(3);
        var config = new TrainConfig { optimizer = OptimizerKind.AdamW, lr = 1e-3, epochs = 3, batch_size = 4, freeze_layer_num = -1 };
        var e = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Fit(model, batches, null, config, new FitOptions { CheckpointDir = Path.Combine(dir, "ckpt"), Run = run }));
        Assert.Equal(1, e.Epoch);
        Assert.Equal(4, e.Step);
        Assert.Contains("epoch 1, step 4", e.Message);
        Assert.Equal(Path.Combine(dir, "ckpt", "last"), e.LastGoodCheckpoint);
        var state = Checkpoint.ReadState(e.LastGoodCheckpoint!);
        Assert.Equal(1, state.epoch);                                              // after epoch 0, before the NaN
        Assert.Equal(3, state.global_step);
        Assert.Single(state.history);
        Assert.True(File.Exists(Path.Combine(e.LastGoodCheckpoint!, Checkpoint.ModelFile)));
        var record = store.FindRun("nan")!;
        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Contains("epoch 1, step 4", record.Error);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Resuming_from_a_best_checkpoint_or_with_another_config_is_refused_with_the_reason()
    {
        var dir = TestPaths.NewTempDir("trainer-refuse");
        var config = new TrainConfig { optimizer = OptimizerKind.AdamW, epochs = 1, batch_size = 4, freeze_layer_num = -1 };
        using (var model = Micro())
        using (var batches = Batches(2))
            Trainer.Fit(model, batches, null, config, new FitOptions { CheckpointDir = dir });
        using (var model = Micro())
        using (var batches = Batches(2))
        {
            var best = Assert.Throws<InvalidDataException>(() => Trainer.Fit(model, batches, null, config, new FitOptions { CheckpointDir = dir, ResumeFrom = Path.Combine(dir, "best") }));
            Assert.Contains("weights only", best.Message);
            var other = Assert.Throws<ArgumentException>(() => Trainer.Fit(model, batches, null, config with { lr = 1 }, new FitOptions { CheckpointDir = dir, ResumeFrom = Path.Combine(dir, "last") }));
            Assert.Contains("another config", other.Message);
            var missing = Assert.Throws<FileNotFoundException>(() => Checkpoint.ReadState(Path.Combine(dir, "nowhere")));
            Assert.Contains("not a checkpoint folder", missing.Message);
        }
        Directory.Delete(dir, true);
    }
}
