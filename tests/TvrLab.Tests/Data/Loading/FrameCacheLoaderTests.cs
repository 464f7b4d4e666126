using TvrLab.Data;
using TvrLab.Data.Loading;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Tests.Data.Loading;

[Collection("SynthVTT cache")]
public sealed class FrameCacheLoaderTests(SynthCacheFixture data)
{
    FrameCacheLoader Loader(LoaderOptions? options = null) => new(data.TrainCache, data.Train, SynthCacheFixture.Tokenizer, options);

    static int[][] CaptionOrder(IEnumerable<VideoTextBatch> batches) => batches.Select(b => { using (b) return b.caption_index; }).ToArray();

    [Fact]
    public void A_batch_holds_the_cached_frames_masks_and_tokens_of_its_samples()
    {
        using var loader = Loader(new LoaderOptions { BatchSize = 6, MaxWords = 16 });
        Assert.Equal(CaptionSampling.EveryCaption, loader.Sampling);
        Assert.Equal(40, loader.SamplesPerEpoch);      // 8 videos x 5 captions
        Assert.Equal(6, loader.BatchesPerEpoch);       // 40 / 6, the last partial batch dropped
        using var batch = loader.Epoch(0).First();

        Assert.Equal(new long[] { 6, 16 }, batch.input_ids.shape);
        Assert.Equal(ScalarType.Int64, batch.input_ids.dtype);
        Assert.Equal(new long[] { 6, 16 }, batch.text_mask.shape);
        Assert.Equal(ScalarType.Int64, batch.text_mask.dtype);
        Assert.Equal(new long[] { 6, 4, 3, 32, 32 }, batch.video.shape);
        Assert.Equal(ScalarType.Byte, batch.video.dtype);
        Assert.Equal(new long[] { 6, 4 }, batch.video_mask.shape);
        Assert.Equal(ScalarType.Int64, batch.video_mask.dtype);
        var ids = batch.input_ids.ToArray<long>();
        var textMask = batch.text_mask.ToArray<long>();
        var videoMask = batch.video_mask.ToArray<long>();
        for (int i = 0; i < batch.Count; i++)
        {
            var caption = data.Train.Captions[batch.caption_index[i]];
            var video = data.Train.Videos[batch.video_index[i]];
            Assert.Equal(caption.VideoId, video.Id);
            var expected = SynthCacheFixture.Tokenizer.EncodeMaxWords(caption.Text, 16);
            Assert.Equal(expected.Ids.Select(x => (long)x), ids[(i * 16)..((i + 1) * 16)]);
            Assert.Equal(expected.Mask.Select(x => (long)x), textMask[(i * 16)..((i + 1) * 16)]);
            int record = data.TrainCache.RecordOf(video.Id);
            using var frames = data.TrainCache.Frames(record);
            using var row = batch.video[i];
            Assert.True(row.equal(frames), $"row {i}: frames differ from cache record {record}");
            Assert.Equal(new long[] { 1, 1, 0, 0 }, videoMask[(i * 4)..((i + 1) * 4)]);  // 2 s at 1 fps: 2 frames, 2 padded slots
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_batches_and_each_epoch_another_order_of_every_caption()
    {
        var options = new LoaderOptions { BatchSize = 4, Seed = 7 };
        using var a = Loader(options);
        using var b = Loader(options);
        var epoch0 = CaptionOrder(a.Epoch(0));
        Assert.Equal(epoch0, CaptionOrder(b.Epoch(0)));
        Assert.Equal(epoch0, CaptionOrder(a.Epoch(0)));                 // asking again changes nothing
        var epoch1 = CaptionOrder(a.Epoch(1));
        Assert.NotEqual(epoch0.SelectMany(x => x), epoch1.SelectMany(x => x));
        // 40 captions in batches of 4: every caption exactly once per epoch.
        Assert.Equal(Enumerable.Range(0, 40), epoch0.SelectMany(x => x).Order());
        Assert.Equal(Enumerable.Range(0, 40), epoch1.SelectMany(x => x).Order());
        using var other = Loader(options with { Seed = 8 });
        Assert.NotEqual(epoch0.SelectMany(x => x), CaptionOrder(other.Epoch(0)).SelectMany(x => x));
    }

    [Fact]
    public void Resuming_at_batch_k_gives_the_tail_of_the_full_epoch()
    {
        using var loader = Loader(new LoaderOptions { BatchSize = 3, Seed = 1, Workers = 3, Prefetch = 2 });
        var full = loader.Epoch(2).ToList();
        var tail = loader.Epoch(2, start: 9).ToList();
        Assert.Equal(loader.BatchesPerEpoch - 9, tail.Count);
        for (int i = 0; i < tail.Count; i++)
        {
            Assert.Equal(full[9 + i].caption_index, tail[i].caption_index);
            Assert.True(full[9 + i].video.equal(tail[i].video));
            Assert.True(full[9 + i].input_ids.equal(tail[i].input_ids));
        }
        Assert.Empty(loader.Epoch(2, start: loader.BatchesPerEpoch));
        Assert.Throws<ArgumentOutOfRangeException>(() => loader.Epoch(2, start: loader.BatchesPerEpoch + 1));
        foreach (var batch in full.Concat(tail)) batch.Dispose();
    }

    [Fact]
    public void One_random_caption_per_video_shows_each_video_once_with_a_caption_drawn_per_epoch()
    {
        using var loader = Loader(new LoaderOptions { BatchSize = 2, Seed = 3, Sampling = CaptionSampling.OneRandomCaptionPerVideo });
        Assert.Equal((8, 4), (loader.SamplesPerEpoch, loader.BatchesPerEpoch));
        var picks = new List<Dictionary<int, int>>();
        for (int epoch = 0; epoch < 4; epoch++)
        {
            var pairs = loader.Epoch(epoch).SelectMany(b => { using (b) return b.video_index.Zip(b.caption_index); }).ToList();
            Assert.Equal(Enumerable.Range(0, 8), pairs.Select(p => p.First).Order());   // every video once
            foreach (var (v, c) in pairs) Assert.Equal(data.Train.Videos[v].Id, data.Train.Captions[c].VideoId);
            picks.Add(pairs.ToDictionary(p => p.First, p => p.Second));
        }
        Assert.True(picks.Skip(1).Any(p => !p.OrderBy(x => x.Key).SequenceEqual(picks[0].OrderBy(x => x.Key))), "the caption draw never changed between epochs");
        using var again = Loader(new LoaderOptions { BatchSize = 2, Seed = 3, Sampling = CaptionSampling.OneRandomCaptionPerVideo });
        Assert.Equal(loader.Samples(3), again.Samples(3));
    }

    [Fact]
    public void Captions_of_videos_missing_from_the_cache_are_left_out_and_counted()
    {
        var extra = new VideoEntry("not-cached", null);
        var dataset = new VideoTextDataset
        {
            Name = data.Train.Name, Split = data.Train.Split, Evaluation = data.Train.Evaluation,
            Videos = [.. data.Train.Videos, extra], Captions = [.. data.Train.Captions, new Caption("a lost video", "not-cached"), new Caption("another", "not-cached")],
        };
        using var loader = new FrameCacheLoader(data.TrainCache, dataset, SynthCacheFixture.Tokenizer, new LoaderOptions { BatchSize = 5 });
        Assert.Equal((40, 2), (loader.SamplesPerEpoch, loader.SkippedCaptions));
        Assert.Equal(["not-cached"], loader.UncachedVideos);
        Assert.DoesNotContain(loader.Epoch(0).SelectMany(b => { using (b) return b.video_index; }), v => v == 8);
        Assert.Throws<ArgumentException>(() => new FrameCacheLoader(data.TrainCache, dataset, SynthCacheFixture.Tokenizer, new LoaderOptions { BatchSize = 41 }));
    }

    [Fact]
    public void A_record_that_fails_reaches_the_consumer_and_leaving_early_stops_the_threads()
    {
        using var cache = TvrLab.Data.Cache.FrameCache.Open(data.CacheDir, "train");
        using var loader = new FrameCacheLoader(cache, data.Train, SynthCacheFixture.Tokenizer, new LoaderOptions { BatchSize = 2, Prefetch = 2 });
        // Leaving the loop early stops the prefetch threads of that epoch.
        foreach (var batch in loader.Epoch(0)) { batch.Dispose(); break; }
        Assert.Equal(0, loader.ActiveEpochs);

        // Closing the cache under a running epoch: the next records cannot be read, and the consumer gets that error.
        int seen = 0;
        var error = Assert.Throws<ObjectDisposedException>(() =>
        {
            foreach (var batch in loader.Epoch(1))
            {
                batch.Dispose();
                if (++seen == 1) cache.Dispose();
            }
        });
        Assert.InRange(seen, 1, 1 + 2 + 2);   // at most the batches already made (prefetch depth + one per worker in flight)
        Assert.Contains("FrameCache", error.ObjectName ?? error.Message);
        Assert.Equal(0, loader.ActiveEpochs);
    }

    [Fact]
    public void Disposing_the_loader_cancels_a_running_epoch()
    {
        var loader = Loader(new LoaderOptions { BatchSize = 2 });
        using var epoch = loader.Epoch(0).GetEnumerator();
        Assert.True(epoch.MoveNext());
        epoch.Current.Dispose();
        Assert.Equal(1, loader.ActiveEpochs);
        loader.Dispose();
        Assert.ThrowsAny<OperationCanceledException>(() => { while (epoch.MoveNext()) epoch.Current.Dispose(); });
        Assert.Throws<ObjectDisposedException>(() => loader.Epoch(1));
    }

    [Fact]
    public void Pinned_memory_without_cuda_is_a_no_op()
    {
        using var plain = Loader(new LoaderOptions { BatchSize = 4, Seed = 2 });
        using var pinned = Loader(new LoaderOptions { BatchSize = 4, Seed = 2, PinMemory = true });
        using var a = plain.Epoch(0).First();
        using var b = pinned.Epoch(0).First();
        Assert.True(a.video.equal(b.video));
        Assert.Equal(cuda.is_available(), FrameCacheLoader.PinsMemory);
    }

    [Fact]
    public void Bad_options_are_refused_with_the_setting_named()
    {
        var e = Assert.Throws<ArgumentException>(() => Loader(new LoaderOptions { BatchSize = 0 }));
        Assert.Contains("BatchSize = 0", e.Message);
        Assert.Contains("MaxWords = 1", Assert.Throws<ArgumentException>(() => Loader(new LoaderOptions { MaxWords = 1 })).Message);
    }
}
