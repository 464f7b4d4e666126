using System.Text.Json;
using TvrLab.Testing;
using TvrLab.Text;

namespace TvrLab.Tests.Text;

/// <summary>One tokenizer for the whole test class (loading the vocabulary takes a moment).</summary>
public sealed class SharedTokenizer
{
    public static string GzPath => TestPaths.SharedFile("data", "clip", ClipVocabularyFile.FileName);
    public ClipTokenizer Tokenizer { get; } = ClipTokenizer.Load(GzPath);
}

public class ClipTokenizerTests(SharedTokenizer shared) : IClassFixture<SharedTokenizer>
{
    readonly ClipTokenizer tok = shared.Tokenizer;

    static string GoldenPath => TestPaths.SharedFile("golden", "tokenizer", "clip_bpe.jsonl");
    // Made by scripts/reference/clip_tokenizer_cases.py with OpenAI's tokenizer, ftfy 6.3.1 and regex.
    static string CleanupPath => Path.Combine(TestPaths.RepoRoot, "tests", "TvrLab.Tests", "Text", "clip_bpe_cleanup.jsonl");

    static IEnumerable<JsonElement> Lines(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement);

    [Fact]
    public void Vocabulary_has_clip_layout()
    {
        Assert.Equal(49408, tok.Vocabulary.Count);
        Assert.Equal(48894, tok.Vocabulary.MergeCount);
        Assert.Equal(49406, tok.SotId);
        Assert.Equal(49407, tok.EotId);
        Assert.Equal("!", tok.Vocabulary.Token(0));
        Assert.Equal("!</w>", tok.Vocabulary.Token(256));
        Assert.Equal("\u0100", tok.Vocabulary.Token(188));        // byte 0x00, the first remapped byte
        Assert.Equal("a</w>", tok.Vocabulary.Token(320));
        Assert.Equal("<|endoftext|>", tok.Vocabulary.Token(49407));
    }

    [Fact]
    public void Golden_file_every_line_matches()
    {
        var results = TokenizerGolden.Check(GoldenPath, tok);
        Assert.Equal(912, results.Count);
        var failed = results.Where(r => !r.Passed).Select(r => $"line {r.Line} {JsonSerializer.Serialize(r.Text)}: {r.FirstDifference}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed.Take(20)));
    }

    [Fact]
    public void Cleanup_reference_every_line_matches_openai()
    {
        var results = TokenizerGolden.Check(CleanupPath, tok);
        Assert.Equal(91, results.Count);
        var failed = results.Where(r => !r.Passed).Select(r => $"line {r.Line} {JsonSerializer.Serialize(r.Text)}: {r.FirstDifference}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public void Cleanup_reference_clean_text_matches_openai()
    {
        var failed = Lines(CleanupPath)
            .Select(e => (Text: e.GetProperty("text").GetString()!, Expected: e.GetProperty("clean").GetString()!))
            .Where(c => ClipTextCleaner.Clean(c.Text) != c.Expected)
            .Select(c => $"{JsonSerializer.Serialize(c.Text)}: got {JsonSerializer.Serialize(ClipTextCleaner.Clean(c.Text))}, expected {JsonSerializer.Serialize(c.Expected)}")
            .ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public void Golden_checker_reports_the_first_difference()
    {
        var dir = TestPaths.NewTempDir("golden-bad");
        var path = Path.Combine(dir, "bad.jsonl");
        File.WriteAllLines(path,
        [
            """{"text": "a little girl does gymnastics", "ids": [320, 1274, 1611, 1897, 20117]}""",
            """{"text": "a little girl", "decoded": "a little boy "}""",
            """{"text": "a cat", "clip4clip8": [49406, 320, 2368, 49407, 0, 0, 0, 0], "context5": [49406, 320, 2368, 49407, 0]}""",
            """{"nottext": 1}""",
            "not json",
        ]);
        var r = TokenizerGolden.Check(path, tok);
        Assert.Equal("ids[4]: got 20116, expected 20117", r[0].FirstDifference);
        Assert.Equal("decoded: got \"a little girl \", expected \"a little boy \"", r[1].FirstDifference);
        Assert.True(r[2].Passed, r[2].FirstDifference);
        Assert.Contains("\"text\"", r[3].FirstDifference);
        Assert.Equal(5, r[4].Line);
        Assert.Contains("not JSON", r[4].FirstDifference);
    }

    [Fact]
    public void Hugging_face_files_give_identical_ids()
    {
        // Write vocab.json and merges.txt from the OpenAI vocabulary, as Hugging Face's CLIP tokenizer files hold it.
        var dir = TestPaths.NewTempDir("hf-vocab");
        var vocab = Enumerable.Range(0, tok.Vocabulary.Count).ToDictionary(tok.Vocabulary.Token, i => i);
        File.WriteAllText(Path.Combine(dir, "vocab.json"), JsonSerializer.Serialize(vocab));
        var merges = new List<string> { "#version: 0.2" };
        var lines = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(SharedTokenizer.GzPath), System.IO.Compression.CompressionMode.Decompress))
            .ReadToEnd().Split('\n');
        merges.AddRange(lines.Skip(1).Take(BpeVocabulary.OpenAiMergeCount));
        File.WriteAllLines(Path.Combine(dir, "merges.txt"), merges);

        var hf = ClipTokenizer.Load(dir);
        Assert.Equal(tok.Vocabulary.Count, hf.Vocabulary.Count);
        Assert.Equal((49406, 49407), (hf.SotId, hf.EotId));
        var texts = Lines(GoldenPath).Concat(Lines(CleanupPath)).Select(e => e.GetProperty("text").GetString()!).ToList();
        foreach (var text in texts)
            Assert.Equal(tok.Encode(text), hf.Encode(text));
        Assert.True(TokenizerGolden.Check(GoldenPath, hf).All(r => r.Passed));
    }

    [Fact]
    public void Context_encoding_truncates_with_eot_last()
    {
        var longText = string.Join(' ', Enumerable.Repeat("wordy", 100));
        var bpe = tok.Encode(longText);
        Assert.True(bpe.Length > 75);
        var c = tok.EncodeContext(longText);
        Assert.Equal(77, c.Ids.Length);
        Assert.Equal(tok.SotId, c.Ids[0]);
        Assert.Equal(bpe[..75], c.Ids[1..76]);
        Assert.Equal(tok.EotId, c.Ids[76]);
        Assert.All(c.Mask, m => Assert.Equal(1, m));
        Assert.Equal(77, c.Length);

        var s = tok.EncodeContext("a cat", 8);
        Assert.Equal(new[] { 49406, 320, 2368, 49407, 0, 0, 0, 0 }, s.Ids);
        Assert.Equal(new[] { 1, 1, 1, 1, 0, 0, 0, 0 }, s.Mask);
        Assert.Equal(4, s.Length);
    }

    [Fact]
    public void Max_words_encoding_keeps_at_most_max_words_minus_two_ids()
    {
        var text = string.Join(' ', Enumerable.Repeat("dog", 40));
        var bpe = tok.Encode(text);
        var c = tok.EncodeMaxWords(text, 32);
        Assert.Equal(32, c.Ids.Length);
        Assert.Equal(bpe[..30], c.Ids[1..31]);
        Assert.Equal(tok.EotId, c.Ids[31]);
        Assert.Equal(32, c.Mask.Sum());
        Assert.Equal(new[] { tok.SotId, tok.EotId }, tok.EncodeMaxWords(text, 2).Ids);
        Assert.Equal(new[] { tok.SotId, tok.EotId, 0 }, tok.EncodeMaxWords("", 3).Ids);
        Assert.Equal(new[] { 1, 1, 0 }, tok.EncodeMaxWords("", 3).Mask);
        Assert.Throws<ArgumentOutOfRangeException>(() => tok.EncodeMaxWords("x", 1));
    }

    [Fact]
    public void Batch_variants_equal_one_at_a_time_and_are_thread_safe_from_cold()
    {
        var texts = Lines(GoldenPath).Select(e => e.GetProperty("text").GetString()!).ToList();
        var cold = ClipTokenizer.Load(SharedTokenizer.GzPath);
        Assert.Equal(2, cold.CachedWords);   // the two special tokens
        var batch = cold.EncodeMaxWords(texts, 32);
        var context = cold.EncodeContext(texts);
        var plain = cold.Encode(texts);
        Assert.Equal((texts.Count, 32), (batch.Count, batch.Length));
        for (var i = 0; i < texts.Count; i++)
        {
            var one = tok.EncodeMaxWords(texts[i], 32);
            Assert.Equal(one.Ids, batch.IdsOf(i).ToArray());
            Assert.Equal(one.Mask, batch.MaskOf(i).ToArray());
            Assert.Equal(tok.EncodeContext(texts[i]).Ids, context.IdsOf(i).ToArray());
            Assert.Equal(tok.Encode(texts[i]), plain[i]);
        }
        Assert.True(cold.CachedWords > 1000);
        cold.ClearCache();
        Assert.Equal(2, cold.CachedWords);
    }

    [Fact]
    public void Decode_turns_end_of_word_into_spaces_and_bad_utf8_into_replacement()
    {
        Assert.Equal("a little girl ", tok.Decode([320, 1274, 1611]));
        Assert.Equal("<|startoftext|>a <|endoftext|>", tok.Decode([49406, 320, 49407]));
        // A lone continuation byte (0x80) and a truncated 3-byte sequence (0xE6 0x97) are invalid UTF-8.
        var b80 = tok.Vocabulary.Id(ByteEncoder.ByteToChar[0x80] + "</w>");
        var e6 = tok.Vocabulary.Id(ByteEncoder.ByteToChar[0xE6].ToString());
        var x97 = tok.Vocabulary.Id(ByteEncoder.ByteToChar[0x97] + "</w>");
        Assert.Equal("\uFFFD \uFFFD ", tok.Decode([b80, e6, x97]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tok.Decode([49408]));
    }

    [Fact]
    public void Tokens_lists_the_bpe_symbols()
    {
        Assert.Equal(new[] { "a</w>", "little</w>", "girl</w>", "does</w>", "gymnastics</w>" }, tok.Tokens("A little girl does gymnastics"));
    }

    [Fact]
    public void Mojibake_is_not_repaired_unlike_ftfy()
    {
        // Documented difference: ftfy.fix_text would turn "cafÃ©" into "café"; the kit leaves encoding guesses alone.
        Assert.Equal("cafã©", ClipTextCleaner.Clean("cafÃ©"));
    }
}
