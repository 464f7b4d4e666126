using TvrLab.Data.Readers;
using TvrLab.Testing;

namespace TvrLab.Tests.Data;

/// <summary>Malformed annotation files: each error names the file, the line or field, and what was expected.</summary>
public class MalformedAnnotationTests
{
    readonly string dir = TestPaths.NewTempDir("malformed");

    string Write(string name, string content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    static void AssertError(Action read, string file, string location, string expected)
    {
        var e = Assert.Throws<AnnotationFormatException>(read);
        Assert.Equal(file, e.File);
        Assert.Equal(location, e.Location);
        Assert.StartsWith($"{file}: {location}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    const string Header = "key,vid_key,video_id,sentence\n";

    [Fact]
    public void Csv_missing_column_wrong_field_count_open_quote_empty_caption_duplicate_id()
    {
        var noSentence = Write("a.csv", "key,vid_key,video_id\nret0,msr0,video0\n");
        AssertError(() => MsrVttReader.ReadTest1kA(noSentence), noSentence, "line 1", "expected a 'sentence' column");
        var fields = Write("b.csv", Header + "ret0,msr0,video0,a cat\nret1,msr1,video1\n");
        AssertError(() => MsrVttReader.ReadTest1kA(fields), fields, "line 3", "3 fields; expected 4 comma-separated fields");
        var quote = Write("c.csv", Header + "ret0,msr0,video0,\"a cat\nret1,msr1,video1,a dog\n");
        AssertError(() => MsrVttReader.ReadTest1kA(quote), quote, "line 2", "a quoted field is never closed; expected a closing '\"'");
        var empty = Write("d.csv", Header + "ret0,msr0,video0,a cat\nret1,msr1,video1,  \n");
        AssertError(() => MsrVttReader.ReadTest1kA(empty), empty, "line 3", "an empty caption; expected caption text");
        var twice = Write("e.csv", Header + "ret0,msr0,video0,a cat\nret1,msr1,video0,a dog\n");
        AssertError(() => MsrVttReader.ReadTest1kA(twice), twice, "line 3", "video id 'video0' appears again (first at line 2); expected each video id once");
        var nothing = Write("f.csv", "");
        AssertError(() => MsrVttReader.ReadTest1kA(nothing), nothing, "line 1", "the file is empty");
    }

    [Fact]
    public void Msrvtt_json_bad_syntax_missing_field_wrong_type_duplicate_and_unknown_ids()
    {
        var csv = Write("MSRVTT_train.9k.csv", "video_id\nvideo0\n");
        var bad = Write("bad.json", "{\"videos\": [\n  {\"video_id\": \"video0\"},\n  {\"video_id\": }\n]}");
        AssertError(() => MsrVttReader.ReadTrain(csv, bad), bad, "line 3", "not valid JSON");
        var noSentences = Write("n.json", """{"videos": [{"video_id": "video0"}]}""");
        AssertError(() => MsrVttReader.ReadTrain(csv, noSentences), noSentences, "$", "no field \"sentences\"; expected a \"sentences\" array");
        var numberCaption = Write("t.json", """{"videos": [{"video_id": "video0"}], "sentences": [{"video_id": "video0", "caption": 7}]}""");
        AssertError(() => MsrVttReader.ReadTrain(csv, numberCaption), numberCaption, "$.sentences[0].caption", "found the number 7; expected a string");
        var noId = Write("i.json", """{"videos": [{"id": 0}], "sentences": []}""");
        AssertError(() => MsrVttReader.ReadTrain(csv, noId), noId, "$.videos[0]", "no field \"video_id\"");
        var dup = Write("d.json", """{"videos": [{"video_id": "video0"}, {"video_id": "video0"}], "sentences": []}""");
        AssertError(() => MsrVttReader.ReadTrain(csv, dup), dup, "$.videos[1].video_id", "appears again (first at $.videos[0])");
        var unknownSentence = Write("u.json", """{"videos": [{"video_id": "video0"}], "sentences": [{"video_id": "video9", "caption": "x"}]}""");
        AssertError(() => MsrVttReader.ReadTrain(csv, unknownSentence), unknownSentence, "$.sentences[0].video_id", "video id 'video9' is not among \"videos\"");
        var ok = Write("ok.json", """{"videos": [{"video_id": "video0"}], "sentences": [{"video_id": "video0", "caption": ""}]}""");
        AssertError(() => MsrVttReader.ReadTrain(csv, ok), ok, "$.sentences[0].caption", "an empty caption");
        var unknownTrain = Write("MSRVTT_train.7k.csv", "video_id\nvideo0\nvideo5\n");
        var good = Write("g.json", """{"videos": [{"video_id": "video0"}], "sentences": [{"video_id": "video0", "caption": "x"}]}""");
        AssertError(() => MsrVttReader.ReadTrain(unknownTrain, good), unknownTrain, "line 3", "video id 'video5' is not among the videos of");
        var array = Write("a.json", "[1, 2]");
        AssertError(() => MsrVttReader.ReadTrain(csv, array), array, "$", "found an array; expected an object with \"videos\" and \"sentences\"");
    }

    [Fact]
    public void Msvd_wrong_types_empty_caption_and_unknown_or_repeated_listed_ids()
    {
        var captions = Write("captions_msvd.json", """{"v1": ["a cat"], "v2": "not a list"}""");
        AssertError(() => MsvdReader.ReadCollection(captions), captions, "$[\"v2\"]", "found the string \"not a list\"; expected an array of caption strings");
        Write("captions_msvd.json", """{"v1": ["a cat", ""]}""");
        AssertError(() => MsvdReader.ReadCollection(captions), captions, "$[\"v1\"][1]", "an empty caption");
        Write("captions_msvd.json", """{"v1": ["a cat", 3]}""");
        AssertError(() => MsvdReader.ReadCollection(captions), captions, "$[\"v1\"][1]", "found the number 3; expected a caption string");
        Write("captions_msvd.json", """{"v1": ["a cat"], "v2": ["a dog"]}""");
        var list = Write("test_list.txt", "v1\nv7\n");
        AssertError(() => MsvdReader.ReadCollection(captions), list, "line 2", "video id 'v7' has no annotation in");
        Write("test_list.txt", "v1\nv2\nv1\n");
        AssertError(() => MsvdReader.ReadCollection(captions), list, "line 3", "video id 'v1' appears again (first at line 1)");
        File.Delete(list);
        var raw = Write("AllVideoDescriptions.txt", "v1 a cat\nv2\n");
        AssertError(() => MsvdReader.ReadSplit(raw, Write("l.txt", "v1"), "test"), raw, "line 2", "expected a video id, a space, then the caption");
    }

    [Fact]
    public void Didemo_missing_times_bad_pairs_empty_description_duplicate_annotation()
    {
        var noTimes = Write("val_data.json", """[{"annotation_id": 1, "description": "a", "video": "x.mov"}]""");
        AssertError(() => DidemoReader.Read(noTimes), noTimes, "$[0]", "no field \"times\"");
        Write("val_data.json", """[{"annotation_id": 1, "description": "a", "video": "x.mov", "times": [[1, 2], [3]]}]""");
        AssertError(() => DidemoReader.Read(noTimes), noTimes, "$[0].times[1]", "found an array; expected a pair of chunk numbers [start, end]");
        Write("val_data.json", """[{"annotation_id": 1, "description": "a", "video": "x.mov", "times": []}]""");
        AssertError(() => DidemoReader.Read(noTimes), noTimes, "$[0].times", "at least one [start, end] chunk pair");
        Write("val_data.json", """[{"annotation_id": 1, "description": " ", "video": "x.mov", "times": [[1, 1]]}]""");
        AssertError(() => DidemoReader.Read(noTimes), noTimes, "$[0].description", "an empty caption");
        Write("val_data.json", """[{"annotation_id": 1, "description": "a", "video": "x.mov", "times": [[1, 1]]}, {"annotation_id": 1, "description": "b", "video": "y.mov", "times": [[1, 1]]}]""");
        AssertError(() => DidemoReader.Read(noTimes), noTimes, "$[1].annotation_id", "annotation_id 1 appears again (first at $[0])");
        Write("val_data.json", """[{"annotation_id": 1, "description": "a", "video": 5, "times": [[1, 1]]}]""");
        AssertError(() => DidemoReader.Read(noTimes), noTimes, "$[0].video", "found the number 5; expected a string");
    }

    [Fact]
    public void Activitynet_count_mismatch_bad_duration_bad_timestamp_unknown_listed_id()
    {
        var path = Write("val_1.json", """{"v_a": {"duration": 10, "timestamps": [[0, 5]], "sentences": ["x", "y"]}}""");
        AssertError(() => ActivityNetReader.Read(path), path, "$[\"v_a\"]", "2 sentences but 1 timestamps; expected one [start, end] pair per sentence");
        Write("val_1.json", """{"v_a": {"duration": "long", "timestamps": [], "sentences": []}}""");
        AssertError(() => ActivityNetReader.Read(path), path, "$[\"v_a\"].duration", "found the string \"long\"; expected a number");
        Write("val_1.json", """{"v_a": {"duration": "12.5", "timestamps": [[0, "5"]], "sentences": ["x"]}}""");
        AssertError(() => ActivityNetReader.Read(path), path, "$[\"v_a\"].timestamps[0]", "expected a pair of seconds [start, end]");
        Write("val_1.json", """{"v_a": {"duration": 10, "timestamps": [[0, 5]], "sentences": [""]}}""");
        AssertError(() => ActivityNetReader.Read(path), path, "$[\"v_a\"].sentences[0]", "an empty caption");
        Write("val_1.json", """{"v_a": {"duration": 10, "timestamps": [[0, 5]], "sentences": ["x"]}}""");
        var ids = Write("val_ids.json", """["v_a", "v_b"]""");
        AssertError(() => ActivityNetReader.ReadCollection(dir), ids, "$[1]", "video id 'v_b' has no annotation in");
    }

    [Fact]
    public void Lsmdc_wrong_field_count_and_empty_sentence()
    {
        var path = Write("LSMDC16_annos_val.csv", "clip1\t0\t1\t0\t1\tA man.\nclip2\t0\t1\tA woman.\n");
        AssertError(() => LsmdcReader.Read(path), path, "line 2", "4 tab-separated fields; expected 6: clip_id, start_aligned, end_aligned, start_extracted, end_extracted, sentence");
        Write("LSMDC16_annos_val.csv", "clip1\t0\t1\t0\t1\t \n");
        AssertError(() => LsmdcReader.Read(path), path, "line 1", "an empty caption");
    }

    [Fact]
    public void Vatex_missing_captions_and_duplicate_video()
    {
        var path = Write("vatex_validation_v1.0.json", """[{"videoID": "a_1_2", "chCap": []}]""");
        AssertError(() => VatexReader.Read(path), path, "$[0]", "no field \"enCap\"");
        Write("vatex_validation_v1.0.json", """[{"videoID": "a_1_2", "enCap": ["x"]}, {"videoID": "a_1_2", "enCap": ["y"]}]""");
        AssertError(() => VatexReader.Read(path), path, "$[1]", "video id 'a_1_2' appears again (first at $[0])");
    }
}
