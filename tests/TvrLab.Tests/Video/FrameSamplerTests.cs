using TvrLab.Video;

namespace TvrLab.Tests.Video;

public class FrameSamplerTests
{
    [Theory]   // expected values printed by numpy 1.24: list(np.linspace(0, n - 1, num=m, dtype=int))
    [InlineData(301, 12, new[] { 0, 27, 54, 81, 109, 136, 163, 190, 218, 245, 272, 300 })]
    [InlineData(100, 12, new[] { 0, 9, 18, 27, 36, 45, 54, 63, 72, 81, 90, 99 })]
    [InlineData(13, 12, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12 })]
    [InlineData(31, 12, new[] { 0, 2, 5, 8, 10, 13, 16, 19, 21, 24, 27, 30 })]
    [InlineData(11, 3, new[] { 0, 5, 10 })]
    public void LinspaceIntMatchesNumpy(int n, int m, int[] expected) =>
        Assert.Equal(expected, Sampling.LinspaceInt(0, n - 1, m));

    [Fact]
    public void LinspaceIntMatchesNumpyFor64Frames()
    {
        // np.linspace(0, 199, num=64, dtype=int) and np.linspace(3, 296, 12).astype(int)
        Assert.Equal(new[] { 0, 3, 6, 9, 12, 15, 18, 22, 25, 28, 31, 34, 37, 41, 44, 47, 50, 53, 56, 60, 63, 66, 69, 72, 75, 78, 82,
            85, 88, 91, 94, 97, 101, 104, 107, 110, 113, 116, 120, 123, 126, 129, 132, 135, 138, 142, 145, 148, 151, 154, 157, 161,
            164, 167, 170, 173, 176, 180, 183, 186, 189, 192, 195, 199 }, Sampling.LinspaceInt(0, 199, 64));
        Assert.Equal(new[] { 3, 29, 56, 82, 109, 136, 162, 189, 216, 242, 269, 296 }, Sampling.LinspaceInt(3, 296, 12));
    }

    [Fact]
    public void Clip4ClipTakesOneFramePerSecondAndPadsShortVideos()
    {
        var s = new Clip4ClipSampler(12).Sample(VideoTimeline.Constant(75, 25));    // 3 s at 25 fps
        Assert.Equal([0, 25, 50], s.FrameIndices);
        Assert.Equal([0.0, 1.0, 2.0], s.Times);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i < 3), s.Mask);
    }

    [Fact]
    public void Clip4ClipIncludesTheLastPartialSecond()
    {
        // 310 frames at 30 fps (10.33 s): seconds 0..ceil(310/30)=11 inclusive, stopping at index 330 >= 310.
        var s = new Clip4ClipSampler(12).Sample(VideoTimeline.Constant(310, 30));
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i * 30), s.FrameIndices);
    }

    [Fact]
    public void Clip4ClipTruncatesTheFrameRateLikeOpenCvIndexing()
    {
        // 29.97 fps → int(fps) = 29: second s starts at frame 29 s.
        var s = new Clip4ClipSampler(12).Sample(VideoTimeline.Constant(120, 30000.0 / 1001));
        Assert.Equal([0, 29, 58, 87, 116], s.FrameIndices);
    }

    [Fact]
    public void Clip4ClipSlicesLongVideosUniformly()
    {
        // 300 s at 30 fps: 300 one-per-second frames (second 300 would be frame 9000, past the end), then
        // np.linspace(0, 299, num=12, dtype=int) of them.
        var s = new Clip4ClipSampler(12).Sample(VideoTimeline.Constant(9000, 30));
        Assert.Equal(new[] { 0, 27, 54, 81, 108, 135, 163, 190, 217, 244, 271, 299 }.Select(i => i * 30), s.FrameIndices);
        Assert.All(s.Mask, Assert.True);

        var head = new Clip4ClipSampler(3, Slice: SlicePosition.Head).Sample(VideoTimeline.Constant(300, 30));
        var tail = new Clip4ClipSampler(3, Slice: SlicePosition.Tail).Sample(VideoTimeline.Constant(300, 30));
        Assert.Equal([0, 30, 60], head.FrameIndices);
        Assert.Equal([210, 240, 270], tail.FrameIndices);
        Assert.Equal(64, new Clip4ClipSampler(64).Sample(VideoTimeline.Constant(9000, 30)).ValidCount);
    }

    [Fact]
    public void WindowSamplesWholeSecondsInside()
    {
        var video = VideoTimeline.Constant(750, 25);                                 // 30 s
        Assert.Equal([50, 75, 100, 125], new Clip4ClipSampler(12, Start: 2.7, End: 5.2).Sample(video).FrameIndices);
        Assert.Equal([125, 150], new Clip4ClipSampler(12, Start: 5, End: 5).Sample(video).FrameIndices);   // equal → end + 1
        Assert.Equal([50, 75, 100, 125], new Clip4ClipSampler(12, Start: 5, End: 2).Sample(video).FrameIndices); // swapped
        Assert.Equal([700, 725], new Clip4ClipSampler(12, Start: 28, End: 40).Sample(video).FrameIndices);   // clipped at the end
        Assert.Equal(0, new Clip4ClipSampler(12, Start: 31, End: 40).Sample(video).ValidCount);
    }

    [Fact]
    public void Clip4ClipSamplesVariableFrameRateByTime()
    {
        // 20 frames at 10 fps, then 100 at 30 fps: the frames on screen at 0, 1, ..., 5 s.
        var times = Enumerable.Range(0, 20).Select(i => i / 10.0).Concat(Enumerable.Range(0, 100).Select(i => 2 + i / 30.0)).ToArray();
        var video = new VideoTimeline(times, 30, times[^1] + 1 / 30.0, true);
        var s = new Clip4ClipSampler(12).Sample(video);
        Assert.Equal([0, 10, 20, 50, 80, 110], s.FrameIndices);
        Assert.Equal([0, 1, 2, 3, 4, 5], s.Times.Select(t => Math.Round(t, 6)));
    }

    [Fact]
    public void UniformAtTestTimeIsLinspaceOverAllFrames()
    {
        var s = new UniformSampler(12).Sample(VideoTimeline.Constant(100, 30));
        Assert.Equal(Sampling.LinspaceInt(0, 99, 12), s.FrameIndices);
        var shortVideo = new UniformSampler(12).Sample(VideoTimeline.Constant(4, 30));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3], shortVideo.FrameIndices);   // repeats, all valid
        Assert.All(shortVideo.Mask, Assert.True);
    }

    [Fact]
    public void UniformJitterMovesTheEndsWithinOneInterval()
    {
        var video = VideoTimeline.Constant(300, 30);
        var sampler = new UniformSampler(12, Jitter: true);
        int interval = 300 / 11;                                                       // 27
        var firsts = new HashSet<int>();
        var lasts = new HashSet<int>();
        for (int seed = 0; seed < 200; seed++)
        {
            var s = sampler.Sample(video, new Random(seed));
            Assert.InRange(s.FrameIndices[0], 0, interval);
            Assert.InRange(s.FrameIndices[^1], 299 - interval, 299);
            Assert.Equal(s.FrameIndices.Order(), s.FrameIndices);
            Assert.Equal(Sampling.LinspaceInt(s.FrameIndices[0], s.FrameIndices[^1], 12), s.FrameIndices);
            firsts.Add(s.FrameIndices[0]);
            lasts.Add(s.FrameIndices[^1]);
        }
        Assert.True(firsts.Count > 20 && lasts.Count > 20, "jitter should reach most offsets");
        Assert.Equal(sampler.Sample(video, new Random(7)).FrameIndices, sampler.Sample(video, new Random(7)).FrameIndices);
        Assert.Throws<ArgumentNullException>(() => sampler.Sample(video));
    }

    [Fact]
    public void MiddleFrameIsHalfTheCount()
    {
        Assert.Equal([37], new MiddleFrameSampler().Sample(VideoTimeline.Constant(75, 25)).FrameIndices);
        Assert.Equal([2], new MiddleFrameSampler().Sample(VideoTimeline.Constant(4, 25)).FrameIndices);
    }
}
