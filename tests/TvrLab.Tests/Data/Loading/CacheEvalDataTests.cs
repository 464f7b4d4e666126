using TvrLab.Data;
using TvrLab.Data.Loading;
using TvrLab.Torch;

namespace TvrLab.Tests.Data.Loading;

[Collection("SynthVTT cache")]
public sealed class CacheEvalDataTests(SynthCacheFixture data)
{
    [Fact]
    public void One_caption_per_video_pairs_caption_i_with_video_i()
    {
        Assert.Equal(EvaluationMode.OneCaptionPerVideo, data.Test.Evaluation);
        using var eval = new CacheEvalData(data.TestCache, data.Test, SynthCacheFixture.Tokenizer);
        Assert.Equal(4, eval.VideoCount);
        Assert.Equal([0, 1, 2, 3], eval.caption_video);
        for (int i = 0; i < 4; i++)
            Assert.Equal(data.Test.Videos[eval.VideoIndices[eval.caption_video[i]]].Id, data.Test.Captions[eval.Captions[i]].VideoId);

        var texts = eval.Texts(3).ToList();
        Assert.Equal([3, 1], texts.Select(t => t.caption_index.Length));
        Assert.Equal([0, 1, 2, 3], texts.SelectMany(t => t.caption_index));
        var expected = SynthCacheFixture.Tokenizer.EncodeMaxWords(data.Test.Captions[eval.Captions[3]].Text, 32);
        Assert.Equal(expected.Ids.Select(x => (long)x), texts[1].input_ids.ToArray<long>());
        Assert.Equal(expected.Mask.Select(x => (long)x), texts[1].text_mask.ToArray<long>());

        var videos = eval.Videos(3).ToList();
        Assert.Equal([0, 1, 2, 3], videos.SelectMany(v => v.video_index));
        Assert.Equal(new long[] { 1, 4, 3, 32, 32 }, videos[1].video.shape);
        Assert.Equal(ScalarType.Byte, videos[1].video.dtype);
        using var last = data.TestCache.Frames(data.TestCache.RecordOf(data.Test.Videos[3].Id));
        using var row = videos[1].video[0];
        Assert.True(row.equal(last));
        Assert.Equal(new long[] { 1, 1, 0, 0 }, videos[1].video_mask.ToArray<long>());
        foreach (var b in texts) b.Dispose();
        foreach (var b in videos) b.Dispose();
    }

    [Fact]
    public void Many_captions_per_video_keeps_every_caption_pointing_at_its_video()
    {
        Assert.Equal(EvaluationMode.ManyCaptionsPerVideo, data.Train.Evaluation);
        using var eval = new CacheEvalData(data.TrainCache, data.Train, SynthCacheFixture.Tokenizer, maxWords: 20);
        Assert.Equal((8, 40), (eval.VideoCount, eval.caption_video.Length));
        Assert.Equal(Enumerable.Range(0, 40), eval.Captions);   // every caption, in the annotation's order
        for (int i = 0; i < 40; i++)
            Assert.Equal(data.Train.Captions[i].VideoId, data.Train.Videos[eval.VideoIndices[eval.caption_video[i]]].Id);
        Assert.All(Enumerable.Range(0, 8), v => Assert.Equal(5, eval.caption_video.Count(x => x == v)));
        using var first = eval.Texts(64).Single();
        Assert.Equal(new long[] { 40, 20 }, first.input_ids.shape);
    }

    [Fact]
    public void Videos_missing_from_the_cache_are_left_out_with_their_captions()
    {
        var dataset = new VideoTextDataset
        {
            Name = "x", Split = "test", Evaluation = EvaluationMode.OneCaptionPerVideo,
            Videos = [new VideoEntry("gone", null), .. data.Test.Videos],
            Captions = [new Caption("nothing", "gone"), .. data.Test.Captions],
        };
        using var eval = new CacheEvalData(data.TestCache, dataset, SynthCacheFixture.Tokenizer);
        Assert.Equal(["gone"], eval.UncachedVideos);
        Assert.Equal([1, 2, 3, 4], eval.VideoIndices);
        Assert.Equal([1, 2, 3, 4], eval.Captions);
        Assert.Equal([0, 1, 2, 3], eval.caption_video);
    }
}
