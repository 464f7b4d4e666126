using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

/// <summary>`tvrlab data cache` run as a real process on a 6-video SynthVTT folder with one video deleted and one damaged.</summary>
public sealed class DataCacheCommandTests
{
    [Fact]
    public void Caches_every_split_reports_bad_and_missing_videos_and_resumes_to_nothing_to_do()
    {
        var dir = TestPaths.NewTempDir("cli-cache");
        try
        {
            var synth = Path.Combine(dir, "synth");
            var (code, output) = CliProcess.RunCombined("data", "synth", "--preset", "tiny", "--videos", "6", "--test-videos", "2", "--captions", "3", "--out", synth);
            Assert.True(code == 0, output);
            File.Delete(Path.Combine(synth, "videos", "video1.mp4"));
            File.WriteAllBytes(Path.Combine(synth, "videos", "video2.mp4"), new byte[1000]);
            string[] args = ["data", "cache", "msrvtt", synth, "--videos", Path.Combine(synth, "videos"), "--out", Path.Combine(dir, "cache"),
                             "--max-frames", "4", "--size", "32", "--workers", "2"];

            (code, output) = CliProcess.RunCombined(args);
            Assert.True(code == 0, output);
            Assert.Contains("clip4clip max_frames 4, 32px ShortSideCenterCrop", output);
            Assert.Contains("[train] 2 videos cached (2 now, 0 by an earlier run), 1 bad, 1 missing", output);
            Assert.Contains("[test] 2 videos cached (2 now, 0 by an earlier run), 0 bad, 0 missing", output);
            var report = Path.Combine(dir, "cache", "train.bad.tsv");
            Assert.Contains($"report of bad and missing videos: {report}", output);
            Assert.Contains("bad: video2:", output);
            var lines = File.ReadAllLines(report);
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("video2\t" + Path.Combine(synth, "videos", "video2.mp4") + "\t", lines[1]);
            Assert.Equal("video1\t\tvideo file not found", lines[2]);
            Assert.Equal(2 * 4 * 3 * 32 * 32, new FileInfo(Path.Combine(dir, "cache", "train.frames")).Length);

            (code, output) = CliProcess.RunCombined(args);
            Assert.True(code == 0, output);
            Assert.Contains("[train] 2 videos cached (already complete), 1 bad, 1 missing", output);

            (code, output) = CliProcess.RunCombined([.. args, "--split", "nope"]);
            Assert.Equal(2, code);
            Assert.Contains("has no split 'nope'", output);
            (code, output) = CliProcess.RunCombined([.. args, "--policy", "random"]);
            Assert.Equal(2, code);
            Assert.Contains("--policy random: expected clip4clip, uniform or middle", output);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Bench_data_measures_every_stage_on_the_same_files()
    {
        var dir = TestPaths.NewTempDir("cli-bench-data");
        try
        {
            var (code, output) = CliProcess.RunCombined("data", "synth", "--preset", "tiny", "--videos", "4", "--test-videos", "2", "--captions", "2", "--out", dir);
            Assert.True(code == 0, output);
            (code, output) = CliProcess.RunCombined("bench", "data", "msrvtt", dir, "--videos", Path.Combine(dir, "videos"), "--split", "test",
                "--max-frames", "2", "--size", "32", "--workers", "2", "--batch", "2", "--seconds", "0.2",
                "--vocab", TestPaths.SharedFile("data", "clip", "bpe_simple_vocab_16e6.txt.gz"));
            Assert.True(code == 0, output);
            Assert.Contains("msrvtt test: 2 videos, 2 captions", output);
            foreach (var stage in new[] { "ffmpeg -f null (every frame)", "decode-and-sample (ClipReader)", "cache build (decode, sample, write)", "loader from the cache", "loader + CLIP normalisation (CPU)" })
                Assert.Contains(stage, output);
            Assert.Contains("2 cached, 0 bad", output);
        }
        finally { Directory.Delete(dir, true); }
    }
}
