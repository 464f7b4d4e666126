using System.Collections.Concurrent;
using System.Text;

namespace TvrLab.Text;

/// <summary>
/// CLIP's byte-level BPE tokenizer (openai/CLIP clip/simple_tokenizer.py), written from the algorithm: clean the text
/// (<see cref="ClipTextCleaner"/>), split it into words (<see cref="ClipPreTokenizer"/>), BPE each word's UTF-8 bytes
/// (<see cref="BpeVocabulary.Bpe"/>). Words are cached; the cache is safe to share between threads, so one tokenizer
/// serves a whole data loader.
/// <code>
/// var tok = ClipTokenizer.Load(ClipVocabularyFile.Locate());
/// int[] ids = tok.Encode("a man is driving a car");          // BPE ids only
/// var ctx = tok.EncodeContext("a man is driving a car");     // OpenAI: SOT ids EOT, 77 long
/// var c4c = tok.EncodeMaxWords("a man is driving a car", 32); // CLIP4Clip: max_words 32
/// </code>
/// </summary>
public sealed class ClipTokenizer
{
    /// <summary>Words cached at most; past it, words are encoded without being remembered.</summary>
    public const int MaxCachedWords = 1 << 20;

    readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);

    /// <summary>The vocabulary and merges.</summary>
    public BpeVocabulary Vocabulary { get; }
    /// <summary>&lt;|startoftext|&gt; (49406).</summary>
    public int SotId => Vocabulary.SotId;
    /// <summary>&lt;|endoftext|&gt; (49407).</summary>
    public int EotId => Vocabulary.EotId;
    /// <summary>Words currently cached.</summary>
    public int CachedWords => cache.Count;

    /// <summary>A tokenizer over a vocabulary already read.</summary>
    public ClipTokenizer(BpeVocabulary vocabulary)
    {
        Vocabulary = vocabulary;
        cache[ClipPreTokenizer.StartOfText] = [SotId];
        cache[ClipPreTokenizer.EndOfText] = [EotId];
    }

    /// <summary>Reads OpenAI's <c>bpe_simple_vocab_16e6.txt.gz</c>, or a folder holding Hugging Face's
    /// <c>vocab.json</c> and <c>merges.txt</c>.</summary>
    public static ClipTokenizer Load(string path)
    {
        if (Directory.Exists(path))
        {
            string vocab = Path.Combine(path, "vocab.json"), merges = Path.Combine(path, "merges.txt");
            if (!File.Exists(vocab) || !File.Exists(merges))
                throw new FileNotFoundException($"{path}: expected Hugging Face's vocab.json and merges.txt in this folder ({(File.Exists(vocab) ? "merges.txt" : "vocab.json")} is missing)");
            return new ClipTokenizer(BpeVocabulary.LoadHuggingFace(vocab, merges));
        }
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file or folder; expected OpenAI's bpe_simple_vocab_16e6.txt.gz or a folder with vocab.json and merges.txt. {ClipVocabularyFile.HowToGet}");
        return new ClipTokenizer(BpeVocabulary.LoadOpenAi(path));
    }

    /// <summary>Reads the vocabulary found by <see cref="ClipVocabularyFile.Locate"/>.</summary>
    public static ClipTokenizer LoadDefault() => Load(ClipVocabularyFile.Locate());

    /// <summary>Forgets the cached words (for cold-cache measurements).</summary>
    public void ClearCache()
    {
        cache.Clear();
        cache[ClipPreTokenizer.StartOfText] = [SotId];
        cache[ClipPreTokenizer.EndOfText] = [EotId];
    }

    /// <summary>The BPE ids of a text, without SOT and EOT (simple_tokenizer.encode).</summary>
    public int[] Encode(string text)
    {
        var clean = ClipTextCleaner.Clean(text);
        var ids = new List<int>(clean.Length / 3 + 4);
        foreach (var range in ClipPreTokenizer.Split(clean))
            ids.AddRange(EncodeWord(clean[range]));
        return [.. ids];
    }

    int[] EncodeWord(string word)
    {
        if (cache.TryGetValue(word, out var ids)) return ids;
        ids = Vocabulary.Bpe(Encoding.UTF8.GetBytes(word));
        if (cache.Count < MaxCachedWords) cache.TryAdd(word, ids);
        return ids;
    }

    /// <summary>The BPE symbols of a text ("a&lt;/w&gt;", "gym", "nastics&lt;/w&gt;"), as CLIP4Clip's tokenize() lists them.</summary>
    public string[] Tokens(string text) => [.. Encode(text).Select(Vocabulary.Token)];

    /// <summary>
    /// OpenAI's <c>clip.tokenize(text, context_length, truncate=True)</c>: SOT + ids + EOT; when longer than the
    /// context, cut to <paramref name="contextLength"/> and put EOT in the last place; zero-padded.
    /// </summary>
    public TokenizedText EncodeContext(string text, int contextLength = 77)
    {
        var ids = new int[contextLength];
        var mask = new int[contextLength];
        FillContext(Encode(text), ids, mask);
        return new TokenizedText(ids, mask);
    }

    /// <summary>
    /// CLIP4Clip's text input (dataloaders/*: SOT + words cut to max_words - 1, then EOT; zero-padded to
    /// <paramref name="maxWords"/>): so at most maxWords - 2 BPE ids, and EOT always present.
    /// </summary>
    public TokenizedText EncodeMaxWords(string text, int maxWords)
    {
        var ids = new int[maxWords];
        var mask = new int[maxWords];
        FillMaxWords(Encode(text), ids, mask);
        return new TokenizedText(ids, mask);
    }

    /// <summary><see cref="EncodeContext(string,int)"/> for many texts, encoded in parallel.</summary>
    public TokenizedBatch EncodeContext(IReadOnlyList<string> texts, int contextLength = 77) =>
        EncodeBatch(texts, contextLength, FillContext);

    /// <summary><see cref="EncodeMaxWords(string,int)"/> for many texts, encoded in parallel.</summary>
    public TokenizedBatch EncodeMaxWords(IReadOnlyList<string> texts, int maxWords) =>
        EncodeBatch(texts, maxWords, FillMaxWords);

    /// <summary><see cref="Encode"/> for many texts, in parallel.</summary>
    public int[][] Encode(IReadOnlyList<string> texts)
    {
        var result = new int[texts.Count][];
        Parallel.For(0, texts.Count, i => result[i] = Encode(texts[i]));
        return result;
    }

    delegate void FillRow(int[] bpe, Span<int> ids, Span<int> mask);

    TokenizedBatch EncodeBatch(IReadOnlyList<string> texts, int length, FillRow fill)
    {
        if (length < 2) throw new ArgumentOutOfRangeException(nameof(length), length, "expected room for at least SOT and EOT (2)");
        var ids = new int[texts.Count * length];
        var mask = new int[texts.Count * length];
        Parallel.For(0, texts.Count, i => fill(Encode(texts[i]), ids.AsSpan(i * length, length), mask.AsSpan(i * length, length)));
        return new TokenizedBatch(ids, mask, texts.Count, length);
    }

    void FillContext(int[] bpe, Span<int> ids, Span<int> mask)
    {
        if (ids.Length < 2) throw new ArgumentOutOfRangeException(nameof(ids), ids.Length, "expected a context length of at least 2 (SOT and EOT)");
        // tokens = [SOT] + bpe + [EOT]; if len(tokens) > L: tokens = tokens[:L]; tokens[-1] = EOT
        var n = Math.Min(bpe.Length + 2, ids.Length);
        ids[0] = SotId;
        bpe.AsSpan(0, n - 2).CopyTo(ids[1..]);
        ids[n - 1] = EotId;
        mask[..n].Fill(1);
    }

    void FillMaxWords(int[] bpe, Span<int> ids, Span<int> mask)
    {
        if (ids.Length < 2) throw new ArgumentOutOfRangeException(nameof(ids), ids.Length, "expected max_words of at least 2 (SOT and EOT)");
        // words = ([SOT] + bpe)[:max_words - 1] + [EOT]
        var kept = Math.Min(bpe.Length, ids.Length - 2);
        ids[0] = SotId;
        bpe.AsSpan(0, kept).CopyTo(ids[1..]);
        ids[kept + 1] = EotId;
        mask[..(kept + 2)].Fill(1);
    }

    /// <summary>
    /// Text from ids (simple_tokenizer.decode): the symbols joined, turned back into bytes, read as UTF-8 (invalid
    /// sequences become U+FFFD), then every "&lt;/w&gt;" becomes a space. Special and padding ids decode like any other.
    /// </summary>
    public string Decode(IEnumerable<int> ids)
    {
        var symbols = new StringBuilder();
        foreach (var id in ids) symbols.Append(Vocabulary.Token(id));
        var bytes = new byte[symbols.Length];
        for (var i = 0; i < symbols.Length; i++)
        {
            var b = ByteEncoder.CharToByte(symbols[i]);
            bytes[i] = b >= 0 ? (byte)b : throw new InvalidDataException($"{Vocabulary.Source}: a symbol holds '{symbols[i]}', which is outside the byte alphabet; expected only byte-level symbols");
        }
        return Encoding.UTF8.GetString(bytes).Replace(BpeVocabulary.EndOfWord, " ", StringComparison.Ordinal);
    }
}
