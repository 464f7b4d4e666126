namespace TvrLab.Viz;

/// <summary>
/// Which key each query token may attend to (true = allowed), built from the token layout so that notebooks can
/// draw the masks the models use. Layout: <c>[P0..P(M-1), frame 1 patches, ..., frame T patches]</c>.
/// </summary>
public static class AttentionMasks
{
    /// <summary>Every token attends to every token (joint space-time attention).</summary>
    public static bool[,] Full(int tokens)
    {
        if (tokens < 1) throw new ArgumentOutOfRangeException(nameof(tokens), $"need at least one token, not {tokens}");
        var mask = new bool[tokens, tokens];
        for (int q = 0; q < tokens; q++) for (int k = 0; k < tokens; k++) mask[q, k] = true;
        return mask;
    }

    /// <summary>Block-diagonal: a token attends only to tokens of its own frame (frames encoded one by one, as in CLIP4Clip).</summary>
    public static bool[,] PerFrame(int frames, int tokensPerFrame) => ProxyGuided(0, frames, tokensPerFrame);

    /// <summary>
    /// CLIP-ViP's proxy-guided attention: query q may attend key k iff q &lt; M or k &lt; M or frame(q) == frame(k)
    /// (proxies see everything; patches see the proxies and their own frame).
    /// </summary>
    public static bool[,] ProxyGuided(int proxies, int frames, int patchesPerFrame)
    {
        if (proxies < 0 || frames < 1 || patchesPerFrame < 1)
            throw new ArgumentOutOfRangeException(nameof(frames), $"need proxies >= 0, frames >= 1 and patches per frame >= 1, not M={proxies}, T={frames}, P={patchesPerFrame}");
        var n = proxies + frames * patchesPerFrame;
        var mask = new bool[n, n];
        for (int q = 0; q < n; q++)
            for (int k = 0; k < n; k++)
                mask[q, k] = q < proxies || k < proxies || FrameOf(q, proxies, patchesPerFrame) == FrameOf(k, proxies, patchesPerFrame);
        return mask;
    }

    /// <summary>The frame (0-based) of token <paramref name="token"/>, or -1 for a proxy.</summary>
    public static int FrameOf(int token, int proxies, int patchesPerFrame) =>
        token < proxies ? -1 : (token - proxies) / patchesPerFrame;

    /// <summary>Names of the tokens: P0..P(M-1), then f1.1, f1.2, ... (frame.patch, counted from 1).</summary>
    public static string[] TokenLabels(int proxies, int frames, int patchesPerFrame) =>
        Enumerable.Range(0, proxies).Select(i => $"P{i}")
            .Concat(Enumerable.Range(0, frames * patchesPerFrame).Select(i => $"f{i / patchesPerFrame + 1}.{i % patchesPerFrame + 1}"))
            .ToArray();
}
