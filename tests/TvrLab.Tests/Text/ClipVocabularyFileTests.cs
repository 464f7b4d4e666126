using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TvrLab.Testing;
using TvrLab.Text;

namespace TvrLab.Tests.Text;

[CollectionDefinition(nameof(ClipVocabEnvironment), DisableParallelization = true)]
public sealed class ClipVocabEnvironment;

/// <summary>Finding, verifying, downloading and rejecting vocabulary files. Runs alone: it sets TVRLAB_CLIP_VOCAB.</summary>
[Collection(nameof(ClipVocabEnvironment))]
public class ClipVocabularyFileTests
{
    static string Gz => SharedTokenizer.GzPath;

    [Fact]
    public void Shared_copy_verifies()
    {
        ClipVocabularyFile.Verify(Gz);
    }

    [Fact]
    public void Verify_rejects_wrong_hash_truncated_file_bad_header_and_non_gzip()
    {
        var e = Assert.Throws<InvalidDataException>(() => ClipVocabularyFile.Verify(Gz, new string('0', 64)));
        Assert.Contains("SHA-256 924691ac", e.Message);

        var dir = TestPaths.NewTempDir("vocab-verify");
        var lines = ReadLines(Gz);
        var truncated = WriteGz(Path.Combine(dir, "short.txt.gz"), lines.Take(1000));
        Assert.Contains("1000 lines; expected 262145", Assert.Throws<InvalidDataException>(() => ClipVocabularyFile.Verify(truncated)).Message);
        var badHeader = WriteGz(Path.Combine(dir, "header.txt.gz"), ["something else", .. lines.Skip(1)]);
        Assert.Contains("line 1 is 'something else'", Assert.Throws<InvalidDataException>(() => ClipVocabularyFile.Verify(badHeader)).Message);
        var notGz = Path.Combine(dir, "plain.txt.gz");
        File.WriteAllText(notGz, "hello");
        Assert.Contains("not a valid gzip file", Assert.Throws<InvalidDataException>(() => ClipVocabularyFile.Verify(notGz)).Message);
        Assert.Contains("not a gzip-compressed", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(notGz)).Message);
    }

    [Fact]
    public void Load_errors_name_the_file_and_what_was_expected()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.Load("/nonexistent/vocab.txt.gz"));
        Assert.Contains("tvrlab text download-vocab", missing.Message);

        var dir = TestPaths.NewTempDir("vocab-hf-bad");
        File.WriteAllText(Path.Combine(dir, "vocab.json"), "{\"a\": 0,\n \"b\": }");
        Assert.Contains("merges.txt is missing", Assert.Throws<FileNotFoundException>(() => ClipTokenizer.Load(dir)).Message);
        File.WriteAllLines(Path.Combine(dir, "merges.txt"), ["#version: 0.2", "a b", "abc"]);
        var json = Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(dir));
        Assert.Contains("vocab.json: line 2", json.Message);
        File.WriteAllText(Path.Combine(dir, "vocab.json"), "{\"a\": 0, \"b\": 0}");
        Assert.Contains("id 0 is used twice", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(dir)).Message);
        File.WriteAllText(Path.Combine(dir, "vocab.json"), "{\"a\": 0, \"b\": 1}");
        Assert.Contains("merges.txt: line 3: 'abc'; expected a merge", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(dir)).Message);
        File.WriteAllLines(Path.Combine(dir, "merges.txt"), ["#version: 0.2", "a b"]);
        Assert.Contains("the vocabulary has no 'Ā'; expected CLIP's byte-level BPE vocabulary", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(dir)).Message);

        var truncated = WriteGz(Path.Combine(dir, "v.txt.gz"), ReadLines(Gz).Take(10));
        Assert.Contains("expected a header line and at least 48894 merges", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(truncated)).Message);
        var lines = ReadLines(Gz);
        lines[5] = "onlyone";
        var badMerge = WriteGz(Path.Combine(dir, "m.txt.gz"), lines);
        Assert.Contains("line 6: 'onlyone'; expected a merge", Assert.Throws<InvalidDataException>(() => ClipTokenizer.Load(badMerge)).Message);
    }

    [Fact]
    public void Locate_prefers_the_environment_variable_and_explains_a_missing_one()
    {
        var old = Environment.GetEnvironmentVariable(ClipVocabularyFile.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ClipVocabularyFile.EnvironmentVariable, Gz);
            Assert.Equal(Path.GetFullPath(Gz), ClipVocabularyFile.Candidates()[0]);
            Assert.Equal(Gz, ClipVocabularyFile.Locate());
            Environment.SetEnvironmentVariable(ClipVocabularyFile.EnvironmentVariable, "/nonexistent/bpe.txt.gz");
            var e = Assert.Throws<FileNotFoundException>(() => ClipVocabularyFile.Locate());
            Assert.Contains("TVRLAB_CLIP_VOCAB is set to /nonexistent/bpe.txt.gz", e.Message);
            Environment.SetEnvironmentVariable(ClipVocabularyFile.EnvironmentVariable, null);
            // Without it: data/downloads/clip under the repository, then ../shared (a developer checkout has the latter).
            var candidates = ClipVocabularyFile.Candidates();
            Assert.Equal(Path.Combine(TestPaths.RepoRoot, "data", "downloads", "clip", ClipVocabularyFile.FileName), candidates[0]);
            Assert.Equal(Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, "..", "shared", "data", "clip", ClipVocabularyFile.FileName)), candidates[1]);
        }
        finally { Environment.SetEnvironmentVariable(ClipVocabularyFile.EnvironmentVariable, old); }
    }

    [Fact]
    public async Task Download_verifies_then_renames_and_leaves_nothing_on_failure()
    {
        var dir = TestPaths.NewTempDir("vocab-download");
        var good = await File.ReadAllBytesAsync(Gz);
        using (var server = new LoopbackServer(good))
        {
            var target = Path.Combine(dir, "ok", ClipVocabularyFile.FileName);
            await ClipVocabularyFile.DownloadAsync(target, server.Url);
            Assert.Equal(good, await File.ReadAllBytesAsync(target));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
        }
        using (var server = new LoopbackServer(Encoding.ASCII.GetBytes("<html>not found</html>")))
        {
            var target = Path.Combine(dir, "bad", ClipVocabularyFile.FileName);
            var e = await Assert.ThrowsAsync<InvalidDataException>(() => ClipVocabularyFile.DownloadAsync(target, server.Url));
            Assert.Contains("not a valid gzip file", e.Message);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(target)!));
        }
        // Nothing listens on the port: the error says what failed and what to do without network.
        var closed = $"http://127.0.0.1:{FreePort()}/bpe.txt.gz";
        var io = await Assert.ThrowsAsync<IOException>(() => ClipVocabularyFile.DownloadAsync(Path.Combine(dir, "none", "v.gz"), closed, timeout: TimeSpan.FromSeconds(10)));
        Assert.Contains($"downloading {closed} failed", io.Message);
        Assert.Contains("TVRLAB_CLIP_VOCAB", io.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "none")));
    }

    static string[] ReadLines(string gz)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gz), CompressionMode.Decompress));
        var text = reader.ReadToEnd();
        return text.EndsWith('\n') ? text[..^1].Split('\n') : text.Split('\n');
    }

    static string WriteGz(string path, IEnumerable<string> lines)
    {
        using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        using var w = new StreamWriter(gz, new UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var l in lines) w.WriteLine(l);
        return path;
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Serves one body to every GET on 127.0.0.1.</summary>
    sealed class LoopbackServer : IDisposable
    {
        readonly HttpListener listener = new();
        public string Url { get; }

        public LoopbackServer(byte[] body)
        {
            Url = $"http://127.0.0.1:{FreePort()}/";
            listener.Prefixes.Add(Url);
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try { ctx = await listener.GetContextAsync(); } catch { return; }
                    ctx.Response.ContentLength64 = body.Length;
                    await ctx.Response.OutputStream.WriteAsync(body);
                    ctx.Response.Close();
                }
            });
        }

        public void Dispose() => listener.Close();
    }
}
