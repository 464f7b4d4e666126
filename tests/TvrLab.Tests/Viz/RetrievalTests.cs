using System.Text.Json.Nodes;
using TvrLab.Imaging;
using TvrLab.Tests.Video;
using TvrLab.Video;
using TvrLab.Viz;

namespace TvrLab.Tests.Viz;

public class RetrievalTests
{
    /// <summary>A 1 x 1 PNG (a standard test image), so these tests need no encoder.</summary>
    internal static readonly byte[] OnePixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public void Tile_lays_frames_left_to_right_with_a_gap()
    {
        // Two 2 x 1 frames: red, green | blue, white; one black pixel between them.
        byte[] a = [255, 0, 0, 0, 255, 0], b = [0, 0, 255, 255, 255, 255];
        var (rgb, width, height) = FrameStrip.Tile([a, b], 2, 1, gap: 1, background: (0, 0, 0));
        Assert.Equal((5, 1), (width, height));
        Assert.Equal([255, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255], rgb);
        var two = FrameStrip.Tile([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]], 1, 2, gap: 0);
        Assert.Equal([1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12], two.Rgb);   // row 0 of both frames, then row 1
        var e = Assert.Throws<ArgumentException>(() => FrameStrip.Tile([a, [1, 2, 3]], 2, 1));
        Assert.Contains("frame 1 has 3 bytes", e.Message);
        Assert.Throws<ArgumentException>(() => new FrameStrip([1, 2, 3], 1, 1));
    }

    [Fact]
    public void Retrieval_examples_show_top_k_strips_and_frame_the_ground_truth()
    {
        var strip = new FrameStrip(OnePixelPng, 1, 1, "video");
        RetrievalExample[] examples =
        [
            new("a dog runs", "v2", [new("v1", 0.9, strip), new("v2", 0.8, strip), new("v3", 0.1, strip)]),
            new("a cat <sleeps>", "v9", [new("v4", 0.7, strip), new("v5", 0.6, strip)], GroundTruthRank: 12),
        ];
        var json = (JsonObject)JsonNode.Parse(Plots.RetrievalExamples(examples).ToJson())!;
        var data = json["data"]!.AsArray();
        Assert.Equal(5, data.Count);
        Assert.All(data, t => Assert.StartsWith("data:image/png;base64,iVBOR", t!["source"]!.GetValue<string>()));
        Assert.Equal(["x", "x2", "x3", "x4", "x5"], data.Select(t => t!["xaxis"]!.GetValue<string>()));   // 2 rows x 3 columns, row 2 starts at cell 4
        var shape = json["layout"]!["shapes"]!.AsArray().Single()!;
        Assert.Equal("x2 domain", shape["xref"]!.GetValue<string>());    // v2 is the second of the first row
        Assert.Equal("#2ca02c", shape["line"]!["color"]!.GetValue<string>());
        var texts = json["layout"]!["annotations"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()).ToList();
        Assert.Contains("<b>#2 v2 · 0.8 ✓</b>", texts);
        Assert.Contains(texts, t => t.Contains("a cat &lt;sleeps&gt;") && t.Contains("ground truth v9 at rank 12"));
    }

    [Fact]
    public void A_clip_strip_holds_its_valid_frames_as_the_model_sees_them()
    {
        // A 3 s video at CLIP4Clip's 1 frame per second gives 3 of 12 slots; the 9 padded slots are left out.
        using var clip = ClipReader.Read(VideoTestFiles.Shared("ffc_input_3sec.mp4"), new Clip4ClipSampler(12), new FramePreprocessing(32));
        Assert.Equal(3, clip.Sample.ValidCount);
        var strip = FrameStrip.Of(clip, "ffc_input_3sec");
        Assert.Equal((3 * 32 + 2 * 2, 32, "ffc_input_3sec"), (strip.Width, strip.Height, strip.Label));
        // The same pixels laid out independently: the whole clip as [T, S, S, 3], cut into frames.
        using var thwc = clip.Frames.permute(0, 2, 3, 1).contiguous();
        var all = thwc.ToArray<byte>();
        var frames = Enumerable.Range(0, 3).Select(t => all.AsSpan(t * 32 * 32 * 3, 32 * 32 * 3).ToArray()).ToList();
        var (rgb, width, height) = FrameStrip.Tile(frames, 32, 32);
        Assert.Equal(Png.Encode(rgb, width, height), strip.Png);
    }
}
