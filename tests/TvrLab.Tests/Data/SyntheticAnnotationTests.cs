using TvrLab.Data;
using TvrLab.Data.Readers;
using TvrLab.Testing;

namespace TvrLab.Tests.Data;

/// <summary>Formats with no real file here (MSRVTT_data.json, LSMDC, VATEX, MSVD's raw descriptions), written small.</summary>
public class SyntheticAnnotationTests
{
    /// <summary>An MSR-VTT folder as CLIP4Clip's files (and the SynthVTT generator) lay it out: 4 videos, 2 train, 2 test.</summary>
    internal static string MsrvttFolder(string name)
    {
        var dir = TestPaths.NewTempDir(name);
        File.WriteAllText(Path.Combine(dir, "MSRVTT_data.json"), """
            {"info": {"year": 2016},
             "videos": [{"video_id": "video0", "split": "train", "url": "https://x/?v=a", "start time": 1.0, "end time": 9.0, "id": 0},
                        {"video_id": "video1", "split": "train", "id": 1},
                        {"video_id": "video2", "split": "test", "id": 2},
                        {"video_id": "video3", "split": "test", "id": 3}],
             "sentences": [{"caption": "a dog runs", "video_id": "video0", "sen_id": 0},
                           {"caption": "a dog plays", "video_id": "video0", "sen_id": 1},
                           {"caption": "a car drives", "video_id": "video1", "sen_id": 2},
                           {"caption": "a man sings", "video_id": "video2", "sen_id": 3},
                           {"caption": "a man cooks", "video_id": "video3", "sen_id": 4},
                           {"caption": "someone cooks", "video_id": "video3", "sen_id": 5}]}
            """);
        File.WriteAllText(Path.Combine(dir, "MSRVTT_train.9k.csv"), "video_id\nvideo0\nvideo1\n");
        File.WriteAllText(Path.Combine(dir, "MSRVTT_JSFUSION_test.csv"), "key,vid_key,video_id,sentence\nret0,msr2,video2,a man sings\nret1,msr3,video3,\"a man cooks, then eats\"\n");
        return dir;
    }

    [Fact]
    public void Msrvtt_folder_and_explicit_files_read_the_same()
    {
        var dir = MsrvttFolder("msrvtt-synth");
        var folder = MsrVttReader.ReadCollection(dir);
        Assert.Equal(new[] { "train-9k", "test-1kA" }, folder.Splits.Select(s => s.Split));
        var train = folder["train-9k"];
        Assert.Equal(new[] { "video0", "video1" }, train.Videos.Select(v => v.Id));
        Assert.Equal(new[] { "a dog runs", "a dog plays", "a car drives" }, train.Captions.Select(c => c.Text));
        Assert.Equal(CaptionSampling.EveryCaption, train.Sampling);
        Assert.Equal(new[] { Path.Combine(dir, "MSRVTT_train.9k.csv"), Path.Combine(dir, "MSRVTT_data.json") }, train.Sources);
        var test = folder["test-1kA"];
        Assert.Equal("a man cooks, then eats", test.Captions[1].Text);

        var explicitTrain = MsrVttReader.ReadTrain(Path.Combine(dir, "MSRVTT_train.9k.csv"), Path.Combine(dir, "MSRVTT_data.json"), expandCaptions: false);
        Assert.Equal(train.Captions, explicitTrain.Captions);
        Assert.Equal(CaptionSampling.OneRandomCaptionPerVideo, explicitTrain.Sampling);
        Assert.Equal(test.Captions, MsrVttReader.ReadTest1kA(Path.Combine(dir, "MSRVTT_JSFUSION_test.csv")).Captions);
        // A training csv beside MSRVTT_data.json finds its captions there.
        Assert.Equal(3, MsrVttReader.ReadCollection(Path.Combine(dir, "MSRVTT_train.9k.csv"))["train-9k"].Captions.Count);
    }

    [Fact]
    public void Synthvtt_folder_names_read_as_msrvtt_without_a_special_case()
    {
        // SynthVTT writes MSRVTT_data.json, MSRVTT_train.csv and MSRVTT_test.csv (same layouts as MSR-VTT's files).
        var dir = MsrvttFolder("synthvtt-names");
        File.Move(Path.Combine(dir, "MSRVTT_train.9k.csv"), Path.Combine(dir, "MSRVTT_train.csv"));
        File.Move(Path.Combine(dir, "MSRVTT_JSFUSION_test.csv"), Path.Combine(dir, "MSRVTT_test.csv"));
        var c = MsrVttReader.ReadCollection(dir);
        Assert.Equal(new[] { "train", "test" }, c.Splits.Select(s => s.Split));
        Assert.Equal(3, c["train"].Captions.Count);
        Assert.Equal(EvaluationMode.OneCaptionPerVideo, c["test"].Evaluation);
        Assert.Equal(2, c["test"].Captions.Count);
        Assert.Equal("test", MsrVttReader.ReadCollection(Path.Combine(dir, "MSRVTT_test.csv")).Splits[0].Split);
        Assert.Equal(3, MsrVttReader.ReadCollection(Path.Combine(dir, "MSRVTT_train.csv"))["train"].Captions.Count);
    }

    [Fact]
    public void Msrvtt_data_json_gives_its_official_splits_with_every_caption()
    {
        var dir = MsrvttFolder("msrvtt-official");
        var c = MsrVttReader.ReadCollection(Path.Combine(dir, "MSRVTT_data.json"));
        Assert.Equal(new[] { "train", "test" }, c.Splits.Select(s => s.Split));
        Assert.Equal(3, c["test"].Captions.Count);
        Assert.Equal(EvaluationMode.ManyCaptionsPerVideo, c["test"].Evaluation);
        Assert.Equal(new[] { 1, 2 }, c["test"].CaptionsPerVideo().Select(l => l.Count));
        var e = Assert.Throws<AnnotationFormatException>(() => MsrVttReader.ReadOfficialSplit(Path.Combine(dir, "MSRVTT_data.json"), "validate"));
        Assert.Contains("no video has \"split\": \"validate\" (splits present: train, test)", e.Message);
    }

    [Fact]
    public void Lsmdc_reads_six_tab_separated_fields_one_sample_per_sentence()
    {
        var dir = TestPaths.NewTempDir("lsmdc");
        var train = Path.Combine(dir, "LSMDC16_annos_training.csv");
        File.WriteAllLines(train,
        [
            "0001_American_Beauty_00.00.51.926-00.00.54.129\t00.00.51.926\t00.00.54.129\t00.00.51.000\t00.00.55.000\tSOMEONE walks.",
            "0001_American_Beauty_00.00.51.926-00.00.54.129\t00.00.51.926\t00.00.54.129\t00.00.51.000\t00.00.55.000\tHe smiles.",
            "",
            "0001_American_Beauty_00.01.02.000-00.01.05.000\t00.01.02.000\t00.01.05.000\t00.01.02.000\t00.01.05.000\tSOMEONE sits down.",
        ]);
        File.WriteAllLines(Path.Combine(dir, "LSMDC16_challenge_1000_publictect.csv"),
            ["1001_Clip_A\t0\t1\t0\t1\tA man runs.", "1001_Clip_B\t0\t1\t0\t1\tA woman waves."]);
        Directory.CreateDirectory(Path.Combine(dir, "videos", "0001_American_Beauty"));
        File.WriteAllText(Path.Combine(dir, "videos", "0001_American_Beauty", "0001_American_Beauty_00.01.02.000-00.01.05.000.avi"), "");
        var c = LsmdcReader.ReadCollection(dir, Path.Combine(dir, "videos"));
        Assert.Equal(new[] { "train", "test" }, c.Splits.Select(s => s.Split));
        var t = c["train"];
        Assert.Equal((2, 3), (t.Videos.Count, t.Captions.Count));
        Assert.Equal(EvaluationMode.ManyCaptionsPerVideo, t.Evaluation);
        Assert.Equal(new Caption("He smiles.", "0001_American_Beauty_00.00.51.926-00.00.54.129"), t.Captions[1]);
        Assert.Equal(new[] { "0001_American_Beauty_00.00.51.926-00.00.54.129" }, t.MissingVideos);
        Assert.EndsWith(".avi", t.Videos[1].Path);
        Assert.Equal(EvaluationMode.OneCaptionPerVideo, c["test"].Evaluation);
    }

    [Fact]
    public void Vatex_reads_the_official_list_and_the_caption_dictionary_with_split_lists()
    {
        var dir = TestPaths.NewTempDir("vatex");
        File.WriteAllText(Path.Combine(dir, "vatex_training_v1.0.json"), """
            [{"videoID": "Ptf_2VRj-V0_000122_000132", "enCap": ["A man plays.", "Someone plays a drum."], "chCap": ["一个人"]},
             {"videoID": "abc_000010_000020", "enCap": ["A dog barks."], "chCap": []}]
            """);
        var d = VatexReader.Read(Path.Combine(dir, "vatex_training_v1.0.json"));
        Assert.Equal(("train", 2, 3), (d.Split, d.Videos.Count, d.Captions.Count));
        Assert.Equal(new Caption("Someone plays a drum.", "Ptf_2VRj-V0_000122_000132"), d.Captions[1]);
        Assert.Single(VatexReader.ReadCollection(dir).Splits);

        var refDir = TestPaths.NewTempDir("vatex-ref");
        File.WriteAllText(Path.Combine(refDir, "ref_captions.json"), """{"v1": ["one", "two"], "v2": ["three"], "v3": ["four"]}""");
        File.WriteAllLines(Path.Combine(refDir, "train_list.txt"), ["v1", "v3"]);
        File.WriteAllLines(Path.Combine(refDir, "test_list.txt"), ["v2"]);
        var c = VatexReader.ReadCollection(refDir);
        Assert.Equal(new[] { "train", "test" }, c.Splits.Select(s => s.Split));
        Assert.Equal(new[] { "one", "two", "four" }, c["train"].Captions.Select(x => x.Text));
        Assert.Equal(EvaluationMode.ManyCaptionsPerVideo, c["test"].Evaluation);
    }

    // {'vidA_1_5': [['a','cat','sleeps'], ['a','cat','is','sleeping']], 'vidB_3_9': [['two','men','talk']], 'vidC_0_2': [['café','日本']]}
    // pickled by Python 3.11's pickle.dumps at protocols 2 and 4 (3 is 2's bytes with another PROTO, 5 is 4's).
    [Theory]
    [InlineData("gAJ9cQAoWAgAAAB2aWRBXzFfNXEBXXECKF1xAyhYAQAAAGFxBFgDAAAAY2F0cQVYBgAAAHNsZWVwc3EGZV1xByhoBGgFWAIAAABpc3EIWAgAAABzbGVlcGluZ3EJZWVYCAAAAHZpZEJfM185cQpdcQtdcQwoWAMAAAB0d29xDVgDAAAAbWVucQ5YBAAAAHRhbGtxD2VhWAgAAAB2aWRDXzBfMnEQXXERXXESKFgFAAAAY2Fmw6lxE1gGAAAA5pel5pyscRRlYXUu")]
    [InlineData("gASViwAAAAAAAAB9lCiMCHZpZEFfMV81lF2UKF2UKIwBYZSMA2NhdJSMBnNsZWVwc5RlXZQoaARoBYwCaXOUjAhzbGVlcGluZ5RlZYwIdmlkQl8zXzmUXZRdlCiMA3R3b5SMA21lbpSMBHRhbGuUZWGMCHZpZENfMF8ylF2UXZQojAVjYWbDqZSMBuaXpeacrJRlYXUu")]
    public void Msvd_clip4clip_raw_captions_pickle_joins_words(string base64)
    {
        var dir = TestPaths.NewTempDir("msvd-pkl");
        File.WriteAllBytes(Path.Combine(dir, "raw-captions.pkl"), Convert.FromBase64String(base64));
        File.WriteAllLines(Path.Combine(dir, "test_list.txt"), ["vidC_0_2", "vidA_1_5"]);
        var t = Assert.Single(MsvdReader.ReadCollection(dir).Splits);
        Assert.Equal(new[] { "café 日本", "a cat sleeps", "a cat is sleeping" }, t.Captions.Select(c => c.Text));

        var bad = Path.Combine(dir, "bad.pkl");
        File.WriteAllBytes(bad, [0x80, 0x04, (byte)'c', (byte)'o', (byte)'s', 0x0A]);   // GLOBAL: would import a module
        var e = Assert.Throws<AnnotationFormatException>(() => MsvdReader.ReadCaptions(bad));
        Assert.Contains("byte 2: pickle opcode 0x63 ('c'), which this reader does not handle", e.Message);
        File.WriteAllBytes(bad, Convert.FromBase64String(base64)[..40]);
        Assert.Contains("the pickle ends early", Assert.Throws<AnnotationFormatException>(() => MsvdReader.ReadCaptions(bad)).Message);
    }

    [Fact]
    public void Msvd_raw_descriptions_file_reads_like_the_json()
    {
        var dir = TestPaths.NewTempDir("msvd-raw");
        File.WriteAllLines(Path.Combine(dir, "AllVideoDescriptions.txt"),
            ["# MSVD descriptions", "", "vidA_1_5 a cat sleeps", "vidA_1_5 a cat is sleeping ", "vidB_3_9 two men talk"]);
        File.WriteAllLines(Path.Combine(dir, "test_list.txt"), ["vidB_3_9", "vidA_1_5"]);
        var c = MsvdReader.ReadCollection(dir);
        var t = Assert.Single(c.Splits);
        Assert.Equal(new[] { "vidB_3_9", "vidA_1_5" }, t.Videos.Select(v => v.Id));
        Assert.Equal(new[] { "two men talk", "a cat sleeps", "a cat is sleeping" }, t.Captions.Select(x => x.Text));
        File.Delete(Path.Combine(dir, "test_list.txt"));
        var all = MsvdReader.ReadCollection(dir);
        Assert.Equal("all", all.Splits[0].Split);
        Assert.Contains(all.Notes, n => n.Contains("no split lists"));
    }
}
