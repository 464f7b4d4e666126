using System.IO.Compression;
using System.Security.Cryptography;

namespace TvrLab.Text;

/// <summary>
/// Where the kit finds OpenAI's BPE vocabulary (not shipped with the kit), and how it gets it: the public openai/CLIP
/// repository's <c>clip/bpe_simple_vocab_16e6.txt.gz</c>, checked against its known SHA-256.
/// </summary>
public static class ClipVocabularyFile
{
    /// <summary>The file name.</summary>
    public const string FileName = "bpe_simple_vocab_16e6.txt.gz";
    /// <summary>Environment variable naming the file (or a Hugging Face folder), looked at first.</summary>
    public const string EnvironmentVariable = "TVRLAB_CLIP_VOCAB";
    /// <summary>The file in openai/CLIP at the commit that added it (unchanged since).</summary>
    public const string DownloadUrl = "https://raw.githubusercontent.com/openai/CLIP/3bee28119e6b28e75b82b811b87b56935314e6a5/clip/bpe_simple_vocab_16e6.txt.gz";
    /// <summary>SHA-256 of the gz file as published.</summary>
    public const string Sha256 = "924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a";
    /// <summary>Lines of the decompressed file: a header and 262,144 merges.</summary>
    public const int LineCount = 262_145;
    /// <summary>The start of the header line.</summary>
    public const string Header = "\"bpe_simple_vocab_16e6.txt#version: 0.2";

    /// <summary>What to do when the file is missing.</summary>
    public const string HowToGet = "Get it with `tvrlab text download-vocab` (saves data/downloads/clip/" + FileName +
        " from the openai/CLIP repository), or point " + EnvironmentVariable + " at a copy.";

    /// <summary>The places looked at, in order: $TVRLAB_CLIP_VOCAB, data/downloads/clip/ under the repository, then
    /// ../shared/data/clip/ beside it (a developer's copy).</summary>
    public static IReadOnlyList<string> Candidates()
    {
        var list = new List<string>();
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) list.Add(Path.GetFullPath(env));
        if (RepoRoot() is { } root)
        {
            list.Add(DefaultDownloadPath(root));
            list.Add(Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "clip", FileName)));
        }
        return list;
    }

    /// <summary>The first candidate that exists; a clear error listing where it looked otherwise.</summary>
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env && !File.Exists(env) && !Directory.Exists(env))
            throw new FileNotFoundException($"{EnvironmentVariable} is set to {env}, which does not exist; expected OpenAI's {FileName} or a folder with vocab.json and merges.txt. {HowToGet}");
        var candidates = Candidates();
        foreach (var c in candidates)
            if (File.Exists(c) || Directory.Exists(c)) return c;
        throw new FileNotFoundException($"CLIP BPE vocabulary ({FileName}) not found; looked at: {(candidates.Count == 0 ? "(no candidate: " + EnvironmentVariable + " unset and no repository found)" : string.Join(", ", candidates))}. {HowToGet}");
    }

    /// <summary>data/downloads/clip/bpe_simple_vocab_16e6.txt.gz under the repository (the download's default target).</summary>
    public static string DefaultDownloadPath(string? repoRoot = null) =>
        Path.Combine(repoRoot ?? RepoRoot() ?? Directory.GetCurrentDirectory(), "data", "downloads", "clip", FileName);

    /// <summary>
    /// Checks a downloaded copy: gzip that decompresses, the header line, <see cref="LineCount"/> lines, and the
    /// SHA-256 (<paramref name="expectedSha256"/>, default the published file's). Throws with what was wrong.
    /// </summary>
    public static void Verify(string path, string expectedSha256 = Sha256)
    {
        int lines = 0;
        string? first = null;
        try
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            while (reader.ReadLine() is { } line) { first ??= line; lines++; }
        }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: not a valid gzip file ({e.Message}); expected OpenAI's {FileName}", e); }
        if (first is null || !first.StartsWith(Header, StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: line 1 is '{Truncate(first)}'; expected the header '{Header}'");
        if (lines != LineCount)
            throw new InvalidDataException($"{path}: {lines} lines; expected {LineCount} (a header and 262,144 merges)");
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        if (!string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path}: SHA-256 {sha}; expected {expectedSha256} (the file published in openai/CLIP)");
    }

    /// <summary>
    /// Downloads the vocabulary to <paramref name="outPath"/>: written to a temporary name beside it, verified
    /// (<see cref="Verify"/>), then renamed; a failed download or check leaves nothing behind.
    /// </summary>
    public static async Task DownloadAsync(string outPath, string url = DownloadUrl, string expectedSha256 = Sha256,
        TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        outPath = Path.GetFullPath(outPath);
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        var temp = $"{outPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromMinutes(2) };
            try
            {
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel);
                if (!response.IsSuccessStatusCode)
                    throw new IOException($"downloading {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}; expected 200 with the vocabulary file");
                await using var file = File.Create(temp);
                await response.Content.CopyToAsync(file, cancel);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                throw new IOException($"downloading {url} failed: {e.Message}. Without network access, copy {FileName} from a machine that has it (openai/CLIP, clip/{FileName}) to {outPath}, or set {EnvironmentVariable}.", e);
            }
            Verify(temp, expectedSha256);
            File.Move(temp, outPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    static string Truncate(string? s) => s is null ? "(empty)" : s.Length > 60 ? s[..60] + "..." : s;

    /// <summary>The repository root (the folder holding Notebooks.sln) above the current directory or the program.</summary>
    public static string? RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln"))) return dir.FullName;
        return null;
    }
}
