namespace TvrLab.Text;

/// <summary>One text as the text tower takes it: token ids padded with 0, and the attention mask (1 on real tokens).</summary>
public sealed record TokenizedText(int[] Ids, int[] Mask)
{
    /// <summary>Number of real tokens (SOT, the words' ids, EOT).</summary>
    public int Length { get { var i = Array.IndexOf(Mask, 0); return i < 0 ? Mask.Length : i; } }
}

/// <summary>Many texts of the same padded length, row-major: row i is <c>Ids[i*Length .. (i+1)*Length]</c>,
/// ready to become [Count, Length] tensors.</summary>
public sealed record TokenizedBatch(int[] Ids, int[] Mask, int Count, int Length)
{
    /// <summary>The ids of row <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> IdsOf(int i) => Ids.AsSpan(i * Length, Length);
    /// <summary>The mask of row <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> MaskOf(int i) => Mask.AsSpan(i * Length, Length);
}
