using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TvrLab.Data.Synth;

/// <summary>A finished video as the state file records it: the hash of what it shows, its size and SHA-256.</summary>
public sealed record RenderedVideo(string VideoId, string Key, long Bytes, string Sha256);

/// <summary>
/// <c>synth_state.jsonl</c>, what makes generation resumable: a header line with the settings' hash, then one line
/// per finished video, appended and flushed as each one is renamed into place. A run that is killed leaves at worst a
/// torn last line, which is ignored; the next run keeps every video whose file still has the recorded size and hash.
/// </summary>
public sealed class RenderState : IDisposable
{
    public const string FileName = "synth_state.jsonl";

    readonly string path;
    readonly Dictionary<string, RenderedVideo> done = [];
    FileStream? log;

    RenderState(string path) => this.path = path;

    /// <summary>Videos recorded as finished by earlier runs with the same settings.</summary>
    public IReadOnlyDictionary<string, RenderedVideo> Done => done;

    /// <summary>
    /// Opens the state of <paramref name="dir"/> for <paramref name="settingsHash"/>. A state written with other
    /// settings is an error naming them, unless <paramref name="overwrite"/>, which starts afresh.
    /// </summary>
    public static RenderState Open(string dir, string settingsHash, string settingsDescription, bool overwrite)
    {
        var state = new RenderState(Path.Combine(dir, FileName));
        if (File.Exists(state.path))
        {
            var lines = File.ReadAllLines(state.path);
            var header = lines.Length > 0 ? TryParse<Header>(lines[0]) : null;
            if (header?.SettingsSha256 == settingsHash)
            {
                foreach (var line in lines.Skip(1))
                    if (TryParse<RenderedVideo>(line) is { } v) state.done[v.VideoId] = v;
            }
            else if (!overwrite)
                throw new InvalidOperationException($"{dir} holds a SynthVTT dataset generated with other settings ({header?.Settings ?? "unreadable state file"}); " +
                                                    $"choose another folder, or allow overwriting (tvrlab data synth --overwrite) to generate {settingsDescription} there");
        }
        state.Rewrite(settingsHash, settingsDescription);
        return state;
    }

    /// <summary>The key of a video: the hash of its scene and the encoder settings, so changed content is re-rendered.</summary>
    public static string KeyOf(SynthVideo video, SynthOptions o) =>
        Hash(JsonSerializer.Serialize(video, SynthDataset.Json) + string.Join(" ", FfmpegEncoder.OutputArguments(o)) + $" {o.Width}x{o.Height}@{o.Fps}");

    /// <summary>Lower-case hex SHA-256 of a string.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>True when the video's file is there and matches what this state recorded for <paramref name="key"/>.</summary>
    public bool IsDone(string videoId, string key, string file, bool verifyHash) =>
        done.TryGetValue(videoId, out var v) && v.Key == key && File.Exists(file) && new FileInfo(file).Length == v.Bytes
        && (!verifyHash || SynthFiles.Sha256(file) == v.Sha256);

    /// <summary>Records a finished video (thread-safe; flushed at once).</summary>
    public void Add(RenderedVideo video)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(video, Compact) + "\n");
        lock (done)
        {
            done[video.VideoId] = video;
            log!.Write(line);
            log.Flush();
        }
    }

    /// <summary>Rewrites the file with one line per recorded video (temporary file, then rename) and reopens it for appending.</summary>
    public void Rewrite(string settingsHash, string settingsDescription)
    {
        lock (done)
        {
            log?.Dispose();
            var sb = new StringBuilder(JsonSerializer.Serialize(new Header(settingsHash, settingsDescription), Compact)).Append('\n');
            foreach (var v in done.Values.OrderBy(v => v.VideoId.Length).ThenBy(v => v.VideoId, StringComparer.Ordinal))
                sb.Append(JsonSerializer.Serialize(v, Compact)).Append('\n');
            SynthFiles.WriteAtomic(path, Encoding.UTF8.GetBytes(sb.ToString()));
            log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
    }

    public void Dispose() => log?.Dispose();

    sealed record Header(string SettingsSha256, string Settings);

    static readonly JsonSerializerOptions Compact = new(SynthDataset.Json) { WriteIndented = false };

    static T? TryParse<T>(string line) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(line, Compact); }
        catch (JsonException) { return null; }
    }
}
