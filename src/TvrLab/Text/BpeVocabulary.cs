using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace TvrLab.Text;

/// <summary>
/// CLIP's BPE vocabulary: 256 byte symbols, the same 256 with the end-of-word suffix "&lt;/w&gt;", one symbol per
/// merge in rank order, then &lt;|startoftext|&gt; and &lt;|endoftext|&gt; (49,408 entries for OpenAI's file).
/// Read from OpenAI's <c>bpe_simple_vocab_16e6.txt.gz</c> (line 0 a header, the first 48,894 merges used) or from
/// Hugging Face's <c>vocab.json</c> + <c>merges.txt</c>.
/// </summary>
public sealed class BpeVocabulary
{
    /// <summary>Merges OpenAI's tokenizer reads from the gz file: 49152 - 256 - 2.</summary>
    public const int OpenAiMergeCount = 49152 - 256 - 2;
    /// <summary>The end-of-word suffix.</summary>
    public const string EndOfWord = "</w>";

    readonly string[] tokens;
    readonly Dictionary<string, int> ids;
    readonly Dictionary<long, (int Rank, int Merged)> merges;
    readonly int[] byteSymbol = new int[256], byteSymbolEndOfWord = new int[256];

    /// <summary>Id of &lt;|startoftext|&gt; (49406 in CLIP).</summary>
    public int SotId { get; }
    /// <summary>Id of &lt;|endoftext|&gt; (49407 in CLIP).</summary>
    public int EotId { get; }
    /// <summary>Number of ids.</summary>
    public int Count => tokens.Length;
    /// <summary>Number of ranked merges.</summary>
    public int MergeCount => merges.Count;
    /// <summary>Where it was read from.</summary>
    public string Source { get; }

    BpeVocabulary(string source, string[] tokens, IReadOnlyList<(string Left, string Right, int Line)> mergeList, string mergesFile)
    {
        Source = source;
        this.tokens = tokens;
        ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++) ids[tokens[i]] = i;   // a later duplicate wins, as in Python's dict(zip(...))
        for (var b = 0; b < 256; b++)
        {
            var c = ByteEncoder.ByteToChar[b].ToString();
            byteSymbol[b] = Require(c, source);
            byteSymbolEndOfWord[b] = Require(c + EndOfWord, source);
        }
        SotId = Require(ClipPreTokenizer.StartOfText, source);
        EotId = Require(ClipPreTokenizer.EndOfText, source);
        merges = new Dictionary<long, (int, int)>(mergeList.Count, PairComparer.Instance);
        for (var rank = 0; rank < mergeList.Count; rank++)
        {
            var (left, right, line) = mergeList[rank];
            if (!ids.TryGetValue(left, out var l) || !ids.TryGetValue(right, out var r) || !ids.TryGetValue(left + right, out var m))
                throw new InvalidDataException($"{mergesFile}: line {line}: merge '{left} {right}' uses a symbol missing from the vocabulary; expected both symbols and their concatenation in it");
            merges[Key(l, r)] = (rank, m);   // a repeated pair keeps its last rank, as Python's dict(zip(merges, range(n)))
        }
    }

    int Require(string token, string source) => ids.TryGetValue(token, out var id) ? id
        : throw new InvalidDataException($"{source}: the vocabulary has no '{token}'; expected CLIP's byte-level BPE vocabulary");

    static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    // long's own hash is low ^ high, which for two 16-bit ids piles pairs into few buckets; mix the bits instead.
    sealed class PairComparer : IEqualityComparer<long>
    {
        public static readonly PairComparer Instance = new();
        public bool Equals(long a, long b) => a == b;
        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }

    /// <summary>The symbol of an id ("a", "cat&lt;/w&gt;", "&lt;|endoftext|&gt;").</summary>
    public string Token(int id) => (uint)id < (uint)tokens.Length ? tokens[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"expected a token id in [0, {tokens.Length})");

    /// <summary>The id of a symbol, or -1.</summary>
    public int Id(string token) => ids.TryGetValue(token, out var id) ? id : -1;

    /// <summary>
    /// BPE over one word's UTF-8 bytes: start from one symbol per byte, the last carrying "&lt;/w&gt;", then merge
    /// every occurrence of the adjacent pair with the lowest rank, left to right, until no adjacent pair is ranked.
    /// </summary>
    public int[] Bpe(ReadOnlySpan<byte> word)
    {
        if (word.IsEmpty) return [];
        var symbols = new List<int>(word.Length);
        for (var i = 0; i < word.Length - 1; i++) symbols.Add(byteSymbol[word[i]]);
        symbols.Add(byteSymbolEndOfWord[word[^1]]);
        var next = new List<int>(symbols.Count);
        while (symbols.Count > 1)
        {
            var best = (Rank: int.MaxValue, Left: -1, Right: -1, Merged: -1);
            for (var i = 0; i + 1 < symbols.Count; i++)
                if (merges.TryGetValue(Key(symbols[i], symbols[i + 1]), out var m) && m.Rank < best.Rank)
                    best = (m.Rank, symbols[i], symbols[i + 1], m.Merged);
            if (best.Left < 0) break;
            next.Clear();
            for (var i = 0; i < symbols.Count; i++)
            {
                if (i + 1 < symbols.Count && symbols[i] == best.Left && symbols[i + 1] == best.Right) { next.Add(best.Merged); i++; }
                else next.Add(symbols[i]);
            }
            (symbols, next) = (next, symbols);
        }
        return [.. symbols];
    }

    /// <summary>Reads OpenAI's <c>bpe_simple_vocab_16e6.txt.gz</c>.</summary>
    public static BpeVocabulary LoadOpenAi(string gzPath)
    {
        string[] lines;
        try
        {
            using var gz = new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress);
            using var reader = new StreamReader(gz, new UTF8Encoding(false, true));
            lines = reader.ReadToEnd().Split('\n');
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{gzPath}: not a gzip-compressed UTF-8 text file ({e.Message}); expected OpenAI's bpe_simple_vocab_16e6.txt.gz", e);
        }
        if (lines.Length < OpenAiMergeCount + 1)
            throw new InvalidDataException($"{gzPath}: {lines.Length} lines; expected a header line and at least {OpenAiMergeCount} merges");
        var mergeList = new List<(string, string, int)>(OpenAiMergeCount);
        for (var line = 1; line <= OpenAiMergeCount; line++)
            mergeList.Add(ParseMerge(lines[line], gzPath, line + 1));
        var tokens = new List<string>(2 * 256 + OpenAiMergeCount + 2);
        tokens.AddRange(ByteEncoder.VocabularyOrder.Select(c => c.ToString()));
        tokens.AddRange(ByteEncoder.VocabularyOrder.Select(c => c + EndOfWord));
        tokens.AddRange(mergeList.Select(m => m.Item1 + m.Item2));
        tokens.Add(ClipPreTokenizer.StartOfText);
        tokens.Add(ClipPreTokenizer.EndOfText);
        return new BpeVocabulary(gzPath, [.. tokens], mergeList, gzPath);
    }

    /// <summary>Reads Hugging Face's <c>vocab.json</c> ({token: id}) and <c>merges.txt</c> (a "#version" header, then one
    /// "left right" pair a line, in rank order).</summary>
    public static BpeVocabulary LoadHuggingFace(string vocabJsonPath, string mergesPath)
    {
        Dictionary<string, int> map;
        try { map = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabJsonPath)) ?? []; }
        catch (JsonException e) { throw new InvalidDataException($"{vocabJsonPath}: line {e.LineNumber + 1}: {e.Message}; expected a JSON object mapping each token to its integer id", e); }
        var tokens = new string[map.Count];
        foreach (var (token, id) in map)
        {
            if ((uint)id >= (uint)tokens.Length || tokens[id] is not null)
                throw new InvalidDataException($"{vocabJsonPath}: field \"{token}\": id {id} is {(tokens.Length > id && id >= 0 ? "used twice" : "out of range")}; expected the ids 0..{tokens.Length - 1}, each once");
            tokens[id] = token;
        }
        var mergeList = new List<(string, string, int)>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(mergesPath))
        {
            lineNo++;
            if (line.Length == 0 || (lineNo == 1 && line.StartsWith("#version", StringComparison.Ordinal))) continue;
            mergeList.Add(ParseMerge(line, mergesPath, lineNo));
        }
        return new BpeVocabulary(Path.GetDirectoryName(Path.GetFullPath(vocabJsonPath))!, tokens, mergeList, mergesPath);
    }

    static (string, string, int) ParseMerge(string line, string file, int lineNo)
    {
        var parts = line.Split(' ');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            throw new InvalidDataException($"{file}: line {lineNo}: '{line}'; expected a merge: two symbols separated by one space");
        return (parts[0], parts[1], lineNo);
    }
}
