namespace TvrLab.Text;

/// <summary>
/// GPT-2's byte-level alphabet, which CLIP reuses: every byte maps to one printable character, so BPE works on
/// strings that can hold any UTF-8 input. The 188 printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') map to
/// themselves; the other 68 map, in byte order, to U+0100, U+0101, ... (openai/CLIP clip/simple_tokenizer.py,
/// bytes_to_unicode).
/// </summary>
public static class ByteEncoder
{
    /// <summary>Byte value to its character.</summary>
    public static IReadOnlyList<char> ByteToChar { get; }

    /// <summary>The 256 byte characters in vocabulary order: the printable bytes first, then the remapped ones.
    /// Vocabulary id i (i &lt; 256) is <c>VocabularyOrder[i]</c>; id 256 + i is the same character with "&lt;/w&gt;".</summary>
    public static IReadOnlyList<char> VocabularyOrder { get; }

    static readonly int[] charToByte = new int[512];

    static ByteEncoder()
    {
        var toChar = new char[256];
        var order = new List<char>(256);
        bool Printable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
        for (var b = 0; b < 256; b++)
            if (Printable(b)) { toChar[b] = (char)b; order.Add((char)b); }
        var n = 0;
        for (var b = 0; b < 256; b++)
            if (!Printable(b)) { toChar[b] = (char)(256 + n++); order.Add(toChar[b]); }
        Array.Fill(charToByte, -1);
        for (var b = 0; b < 256; b++) charToByte[toChar[b]] = b;
        ByteToChar = toChar;
        VocabularyOrder = order;
    }

    /// <summary>The byte a character of the alphabet stands for, or -1 for a character outside it.</summary>
    public static int CharToByte(char c) => c < charToByte.Length ? charToByte[c] : -1;
}
