using TvrLab.Data;
using TvrLab.Data.Readers;
using TvrLab.Testing;

namespace TvrLab.Tests.Data;

/// <summary>The readers on the real annotation files in ../shared/data/annotations (counts checked independently with
/// Python's json/csv modules).</summary>
public class RealAnnotationTests
{
    static string Ann(params string[] parts) => TestPaths.SharedFile(["data", "annotations", .. parts]);

    [Fact]
    public void Msrvtt_1kA_test_pairs_one_caption_with_each_of_1000_videos()
    {
        var d = MsrVttReader.ReadTest1kA(Ann("msrvtt", "MSRVTT_JSFUSION_test.csv"));
        Assert.Equal(("test-1kA", EvaluationMode.OneCaptionPerVideo), (d.Split, d.Evaluation));
        Assert.Equal(1000, d.Videos.Count);
        Assert.Equal(1000, d.Captions.Count);
        Assert.Equal(new Caption("a person is connecting something to system", "video9770"), d.Captions[0]);
        Assert.Equal("video9770", d.Videos[0].Id);
        Assert.All(d.CaptionsPerVideo(), c => Assert.Single(c));
        Assert.Null(d.VideosDirectory);
        Assert.Empty(d.MissingVideos);
    }

    [Fact]
    public void Msrvtt_train_list_alone_gives_its_9000_videos_and_says_where_captions_are()
    {
        var c = MsrVttReader.ReadCollection(Ann("msrvtt", "MSRVTT_train.9k.csv"));
        var train = c["train-9k"];
        Assert.Equal(9000, train.Videos.Count);
        Assert.Equal("video0", train.Videos[0].Id);
        Assert.Empty(train.Captions);
        Assert.Contains(c.Notes, n => n.Contains("MSRVTT_data.json"));

        var folder = MsrVttReader.ReadCollection(Ann("msrvtt"));
        Assert.Equal(new[] { "train-9k", "test-1kA" }, folder.Splits.Select(s => s.Split));
    }

    [Fact]
    public void Msvd_splits_hold_every_caption_of_their_videos()
    {
        var c = MsvdReader.ReadCollection(Ann("msvd", "captions_msvd.json"));
        Assert.Equal(new[] { "train", "val", "test" }, c.Splits.Select(s => s.Split));
        Assert.Equal((1200, 48774), (c["train"].Videos.Count, c["train"].Captions.Count));
        Assert.Equal((100, 4290), (c["val"].Videos.Count, c["val"].Captions.Count));
        Assert.Equal((670, 27763), (c["test"].Videos.Count, c["test"].Captions.Count));
        Assert.Equal(EvaluationMode.ManyCaptionsPerVideo, c["test"].Evaluation);
        Assert.Equal("-4wsuPCjDBc_5_15", c["train"].Videos[0].Id);
        Assert.Equal(new Caption("a squirrel is eating a peanut in it s shell", "-4wsuPCjDBc_5_15"), c["train"].Captions[0]);
        // The folder reads the same.
        Assert.Equal(c.Splits.Select(s => s.Captions.Count), MsvdReader.ReadCollection(Ann("msvd")).Splits.Select(s => s.Captions.Count));
    }

    [Fact]
    public void Didemo_paragraphs_join_each_videos_descriptions_and_read_0_to_31_seconds()
    {
        var d = DidemoReader.Read(Ann("didemo", "val_data.json"));
        Assert.Equal(("val", EvaluationMode.Paragraph), (d.Split, d.Evaluation));
        Assert.Equal(1094, d.Videos.Count);
        Assert.Equal(1094, d.Captions.Count);
        Assert.Equal(new VideoEntry("35034348999@N01_6060447507_dc1a90b8ef.mov", null, 0, 31), d.Videos[0]);
        Assert.Equal("the man in the hat briefly bends over the machine the man is waving his arm around man is holding his hat. " +
                     "man with hat waves right hand up and down a man with a hat looking at a wavy object.", d.Captions[0].Text);
    }

    [Fact]
    public void Didemo_sentences_carry_their_moment()
    {
        var d = DidemoReader.Read(Ann("didemo", "val_data.json"), paragraphs: false);
        Assert.Equal(4180, d.Captions.Count);
        Assert.Equal(1094, d.Videos.Count);
        var c = d.Captions[2];   // times [[4,4],[2,2],[4,4],[4,4]]: start mean(4,2,4,4) x 5, end (mean + 1) x 5
        Assert.Equal("35034360491@N01_3441841334_fdeafddfe9.m4v", c.VideoId);
        Assert.Equal((17.5, 22.5), (c.Start, c.End));
        var first = d.Captions[0];   // [[1,1],[1,1],[1,1],[0,0]]
        Assert.Equal((3.75, 8.75), (first.Start, first.End));
    }

    [Fact]
    public void Activitynet_paragraphs_join_sentences_and_read_to_ceil_duration()
    {
        var d = ActivityNetReader.Read(Ann("activitynet", "val_2.json"));
        Assert.Equal(("val_2", EvaluationMode.Paragraph), (d.Split, d.Evaluation));
        Assert.Equal(4885, d.Videos.Count);
        Assert.Equal(4885, d.Captions.Count);
        Assert.Equal(new VideoEntry("v_uqiMw7tQ1Cc", null, 0, 56), d.Videos[0]);
        Assert.StartsWith("Two men both dressed in athletic gear are standing and talking in an indoor weight lifting gym filled with other equipment.  One man", d.Captions[0].Text);
        Assert.EndsWith("and he's talking the whole time.", d.Captions[0].Text);

        var s = ActivityNetReader.Read(Ann("activitynet", "val_2.json"), paragraphs: false);
        Assert.Equal(17031, s.Captions.Count);
        Assert.Equal((4.14, 33.36), (s.Captions[1].Start, s.Captions[1].End));
    }

    [Fact]
    public void Missing_videos_are_listed_and_found_ones_resolved()
    {
        var dir = TestPaths.NewTempDir("msrvtt-videos");
        File.WriteAllText(Path.Combine(dir, "video9770.mp4"), "");
        File.WriteAllText(Path.Combine(dir, "video9771.webm"), "");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "sub", "video7020.avi"), "");
        File.WriteAllText(Path.Combine(dir, "video9773.txt"), "");
        var d = MsrVttReader.ReadTest1kA(Ann("msrvtt", "MSRVTT_JSFUSION_test.csv"), dir);
        Assert.Equal(Path.Combine(dir, "video9770.mp4"), d.Videos[0].Path);
        Assert.Equal(Path.Combine(dir, "video9771.webm"), d.Videos[1].Path);
        Assert.Equal(Path.Combine(dir, "sub", "video7020.avi"), d.Videos[2].Path);
        Assert.Null(d.Videos[3].Path);
        Assert.Equal(997, d.MissingVideos.Count);
        Assert.Contains("video9773", d.MissingVideos);
        Assert.Equal(dir, d.VideosDirectory);

        File.WriteAllText(Path.Combine(dir, "uqiMw7tQ1Cc.mp4"), "");
        File.WriteAllText(Path.Combine(dir, "v_bXdq2zI1Ms0.mkv"), "");
        var a = ActivityNetReader.Read(Ann("activitynet", "val_2.json"), dir);
        Assert.Equal(Path.Combine(dir, "uqiMw7tQ1Cc.mp4"), a.Videos[0].Path);
        Assert.Equal(Path.Combine(dir, "v_bXdq2zI1Ms0.mkv"), a.Videos[1].Path);
        Assert.Equal(4883, a.MissingVideos.Count);

        File.WriteAllText(Path.Combine(dir, "35034348999@N01_6060447507_dc1a90b8ef.mov"), "");
        File.WriteAllText(Path.Combine(dir, "39727414@N00_3622114091_452b89919c.mp4"), "");   // converted from .3gp
        var m = DidemoReader.Read(Ann("didemo", "val_data.json"), dir);
        Assert.Equal(Path.Combine(dir, "35034348999@N01_6060447507_dc1a90b8ef.mov"), m.Videos[0].Path);
        Assert.Equal(Path.Combine(dir, "39727414@N00_3622114091_452b89919c.mp4"), m.Videos[1].Path);

        Assert.Throws<DirectoryNotFoundException>(() => MsrVttReader.ReadTest1kA(Ann("msrvtt", "MSRVTT_JSFUSION_test.csv"), Path.Combine(dir, "nope")));
    }

    [Fact]
    public void Format_names_dispatch_to_the_readers()
    {
        Assert.Equal(3, DatasetReaders.Read("msvd", Ann("msvd")).Splits.Count);
        Assert.Equal(1094, DatasetReaders.Read("didemo", Ann("didemo", "val_data.json")).Splits[0].Videos.Count);
        Assert.Equal(4885, DatasetReaders.Read("activitynet", Ann("activitynet")).Splits[0].Videos.Count);
        Assert.Contains("expected one of msrvtt, msvd", Assert.Throws<ArgumentException>(() => DatasetReaders.Read("kinetics", Ann("msvd"))).Message);
    }
}
