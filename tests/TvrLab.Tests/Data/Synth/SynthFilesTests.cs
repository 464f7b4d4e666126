using System.Text.Json;
using TvrLab.Data.Synth;
using TvrLab.Testing;

namespace TvrLab.Tests.Data.Synth;

/// <summary>The tiny preset's folder, read back with strict parsers and compared with MSR-VTT's real files.</summary>
[Collection("SynthVTT tiny")]
public sealed class SynthFilesTests(TinyDatasetFixture tiny)
{
    string FilePath(string name) => Path.Combine(tiny.Dir, name);

    static void HasExactly(JsonElement e, params string[] names) =>
        Assert.Equal(names.Order(StringComparer.Ordinal), e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

    /// <summary>Lines of a CSV with LF endings and a final newline, split on commas (no field may be quoted).</summary>
    static List<string[]> StrictCsv(string path, int fields)
    {
        var text = File.ReadAllText(path);
        Assert.EndsWith("\n", text);
        Assert.DoesNotContain("\r", text);
        Assert.DoesNotContain("\"", text);
        var rows = text[..^1].Split('\n').Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal(fields, r.Length));
        return rows;
    }

    [Fact]
    public void FolderHoldsTheMsrvttFilesTheExtrasAndOneVideoPerId()
    {
        foreach (var f in SynthFiles.Annotations.Append(SynthFiles.Manifest).Append(SynthFiles.Readme).Append(RenderState.FileName))
            Assert.True(File.Exists(FilePath(f)), $"missing {f}");
        var videos = Directory.GetFiles(FilePath(SynthFiles.VideoFolder)).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"video{i}.mp4").Order(), videos);
    }

    [Fact]
    public void MsrvttDataJsonHasMsrvttsSchemaWithEveryCaption()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath(SynthFiles.Data)));
        var root = doc.RootElement;
        HasExactly(root, "info", "videos", "sentences");
        HasExactly(root.GetProperty("info"), "year", "version", "description", "contributor", "data_created");
        var videos = root.GetProperty("videos").EnumerateArray().ToList();
        Assert.Equal(100, videos.Count);
        for (var i = 0; i < videos.Count; i++)
        {
            var v = videos[i];
            HasExactly(v, "category", "url", "video_id", "start time", "end time", "split", "id");
            Assert.Equal($"video{i}", v.GetProperty("video_id").GetString());
            Assert.Equal(i, v.GetProperty("id").GetInt32());
            Assert.InRange(v.GetProperty("category").GetInt32(), 0, 19);
            Assert.Equal(0.0, v.GetProperty("start time").GetDouble());
            Assert.Equal(2.0, v.GetProperty("end time").GetDouble());
            Assert.Equal(i < 80 ? "train" : "test", v.GetProperty("split").GetString());
            Assert.StartsWith("synthvtt://tiny/0/", v.GetProperty("url").GetString());
        }
        var sentences = root.GetProperty("sentences").EnumerateArray().ToList();
        Assert.Equal(2000, sentences.Count);
        Assert.All(sentences, s => HasExactly(s, "caption", "video_id", "sen_id"));
        Assert.Equal(Enumerable.Range(0, 2000), sentences.Select(s => s.GetProperty("sen_id").GetInt32()));
        Assert.All(sentences.GroupBy(s => s.GetProperty("video_id").GetString()), g => Assert.Equal(20, g.Count()));
        var expected = tiny.Dataset.Entries.SelectMany(e => e.Captions.Select(c => (c.Text, e.Video.Id, c.SenId)));
        Assert.Equal(expected, sentences.Select(s => (s.GetProperty("caption").GetString()!, s.GetProperty("video_id").GetString()!, s.GetProperty("sen_id").GetInt32())));
    }

    [Fact]
    public void TrainAndTestCsvHaveMsrvttsHeadersAndOneQueryPerTestVideo()
    {
        // The headers of MSR-VTT's real split files (read in place from ../shared).
        var realTrainHeader = File.ReadLines(TestPaths.SharedFile("data", "annotations", "msrvtt", "MSRVTT_train.9k.csv")).First();
        var realTestHeader = File.ReadLines(TestPaths.SharedFile("data", "annotations", "msrvtt", "MSRVTT_JSFUSION_test.csv")).First();

        var train = StrictCsv(FilePath(SynthFiles.Train), 1);
        Assert.Equal(realTrainHeader, train[0][0]);
        Assert.Equal(Enumerable.Range(0, 80).Select(i => $"video{i}"), train.Skip(1).Select(r => r[0]));

        var test = StrictCsv(FilePath(SynthFiles.Test), 4);
        Assert.Equal(realTestHeader, string.Join(",", test[0]));
        var captions = tiny.Dataset.Entries.ToDictionary(e => e.Video.Id, e => e.Captions.Select(c => c.Text).ToHashSet());
        var rows = test.Skip(1).ToList();
        Assert.Equal(20, rows.Count);
        for (var k = 0; k < rows.Count; k++)
        {
            var id = 80 + k;
            Assert.Equal(new[] { $"ret{k}", $"msr{id}", $"video{id}" }, rows[k][..3]);
            Assert.Contains(rows[k][3], captions[$"video{id}"]); // the query is one of the video's own captions
        }
    }

    [Fact]
    public void SubtitleAndAuxiliaryCaptionFilesMapEveryVideoIdToText()
    {
        foreach (var (file, text) in new (string, Func<SynthEntry, string>)[] { (SynthFiles.Subtitles, e => e.Subtitle.Text), (SynthFiles.AuxCaptions, e => e.AuxCaption.Text) })
        {
            var map = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(FilePath(file)))!;
            Assert.Equal(tiny.Dataset.Entries.Select(e => e.Video.Id), map.Keys);
            Assert.All(tiny.Dataset.Entries, e => Assert.Equal(text(e), map[e.Video.Id]));
            Assert.All(map.Values, v => Assert.Matches("^[a-z ]+$", v));
        }
    }

    [Fact]
    public void ManifestRecordsPresetCountsAndTheHashOfEveryFile()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FilePath(SynthFiles.Manifest)));
        var m = doc.RootElement;
        Assert.Equal("SynthVTT", m.GetProperty("name").GetString());
        Assert.Equal(SynthDataset.GeneratorVersion, m.GetProperty("generator").GetString());
        Assert.Equal("tiny", m.GetProperty("settings").GetProperty("preset").GetString());
        Assert.Equal(0, m.GetProperty("settings").GetProperty("seed").GetInt32());
        var counts = m.GetProperty("counts");
        Assert.Equal((100, 80, 20, 2000), (counts.GetProperty("videos").GetInt32(), counts.GetProperty("train_videos").GetInt32(),
            counts.GetProperty("test_videos").GetInt32(), counts.GetProperty("sentences").GetInt32()));
        Assert.Contains("ffmpeg version", m.GetProperty("encoder").GetProperty("ffmpeg").GetString());
        foreach (var f in SynthFiles.Annotations)
        {
            var entry = m.GetProperty("files").GetProperty(f);
            Assert.Equal(new FileInfo(FilePath(f)).Length, entry.GetProperty("bytes").GetInt64());
            Assert.Equal(SynthFiles.Sha256(FilePath(f)), entry.GetProperty("sha256").GetString());
        }
        var videoBytes = Directory.GetFiles(FilePath(SynthFiles.VideoFolder)).Sum(p => new FileInfo(p).Length);
        Assert.Equal(videoBytes, m.GetProperty("video_files").GetProperty("bytes").GetInt64());
        Assert.Equal(videoBytes, tiny.Report.VideoBytes);
        Assert.Contains("tvrlab data synth --preset tiny --seed 0", File.ReadAllText(FilePath(SynthFiles.Readme)));
    }

    [Fact]
    public void GroundTruthFileLoadsBackToTheGeneratedDataset()
    {
        var loaded = SynthDataset.Load(FilePath(SynthFiles.GroundTruth));
        Assert.Equal(JsonSerializer.Serialize(tiny.Dataset, SynthDataset.Json), JsonSerializer.Serialize(loaded, SynthDataset.Json));
        Assert.Equal(tiny.Dataset.Entries.Select(e => e.Video.Key), loaded.Entries.Select(e => e.Video.Key));
    }
}
