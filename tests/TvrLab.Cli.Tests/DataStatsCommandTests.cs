using TvrLab.Cli.Commands;
using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

/// <summary>`tvrlab data stats` on every real annotation file in ../shared/data/annotations, and on a bad one.</summary>
public class DataStatsCommandTests
{
    static string Ann(params string[] parts) => TestPaths.SharedFile(["data", "annotations", .. parts]);
    static string Vocab => TestPaths.SharedFile("data", "clip", "bpe_simple_vocab_16e6.txt.gz");

    static (int Code, string Output, string Error) Run(string format, string path, string? videos = null, string? vocab = null, bool paragraphs = true)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = DataStatsCommand.Run(format, path, videos, vocab, paragraphs, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("msrvtt", "msrvtt/MSRVTT_JSFUSION_test.csv", "[test-1kA]", "videos    1000", "captions  1000 ")]
    [InlineData("msrvtt", "msrvtt/MSRVTT_train.9k.csv", "[train-9k]", "videos    9000", "lists video ids only")]
    [InlineData("msrvtt", "msrvtt", "[train-9k]", "[test-1kA]", "captions  1000 ")]
    [InlineData("msvd", "msvd/captions_msvd.json", "[train]", "captions  48774 ", "captions  27763 ")]
    [InlineData("msvd", "msvd", "[val]", "videos    100", "captions  4290 ")]
    [InlineData("didemo", "didemo/val_data.json", "[val]", "videos    1094", "evaluation Paragraph")]
    [InlineData("activitynet", "activitynet/val_2.json", "[val_2]", "videos    4885", "captions  4885 ")]
    public void Every_real_annotation_file_reports_its_counts(string format, string path, string a, string b, string c)
    {
        var (code, output, error) = Run(format, Ann(path.Split('/')), vocab: Vocab);
        Assert.True(code == 0, error);
        Assert.Contains(a, output);
        Assert.Contains(b, output);
        Assert.Contains(c, output);
    }

    [Fact]
    public void Lengths_are_bpe_tokens_with_a_vocabulary_and_words_without()
    {
        var tokens = Run("msrvtt", Ann("msrvtt", "MSRVTT_JSFUSION_test.csv"), vocab: Vocab).Output;
        // Checked with OpenAI's tokenizer: 9,634 BPE ids over the 1,000 captions; one caption is longer than 30.
        Assert.Contains("length in BPE tokens: min 3, mean 9.6, max 31; longer than 30 (cut by max_words 32): 1,", tokens);
        Assert.Contains("0-10      654", tokens);
        var words = Run("msrvtt", Ann("msrvtt", "MSRVTT_JSFUSION_test.csv"), vocab: "/nonexistent/vocab.gz").Output;
        Assert.Contains("note: caption lengths are in words, not BPE tokens", words);
        Assert.Contains("length in words:", words);
    }

    [Fact]
    public void Missing_videos_are_counted_when_a_folder_is_given()
    {
        var dir = TestPaths.NewTempDir("stats-videos");
        File.WriteAllText(Path.Combine(dir, "video9770.mp4"), "");
        var (code, output, _) = Run("msrvtt", Ann("msrvtt", "MSRVTT_JSFUSION_test.csv"), dir, Vocab);
        Assert.Equal(0, code);
        Assert.Contains("missing   999 of 1000 video files: video9771, video7020, video9773,", output);
        Assert.Contains("not checked (no --videos folder)", Run("msvd", Ann("msvd"), vocab: Vocab).Output);
    }

    [Fact]
    public void Sentences_option_splits_paragraphs()
    {
        var output = Run("didemo", Ann("didemo", "val_data.json"), vocab: Vocab, paragraphs: false).Output;
        Assert.Contains("captions  4180 ", output);
    }

    [Fact]
    public void A_bad_file_exits_1_with_the_one_line_cause()
    {
        var dir = TestPaths.NewTempDir("stats-bad");
        var path = Path.Combine(dir, "val_2.json");
        File.WriteAllText(path, "{\"v_a\": {\"duration\": 1, \"timestamps\": [[0, 1]]}}");
        var (code, output, error) = Run("activitynet", path);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"error: {path}: $[\"v_a\"]: no field \"sentences\"; expected a \"sentences\" list", error.Trim());
        Assert.Equal(1, Run("vimeo", path).Code);
        Assert.Contains("no such annotation file", Run("msvd", "/nonexistent").Error);
    }
}
