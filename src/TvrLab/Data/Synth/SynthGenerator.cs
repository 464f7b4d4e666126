using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace TvrLab.Data.Synth;

/// <summary>Where generation stands: <paramref name="Stage"/> is "scenes", "annotations", "videos" or "done".</summary>
public sealed record SynthProgress(string Stage, int Done, int Total, int Skipped, int Failed);

/// <summary>A video that could not be rendered, and why.</summary>
public sealed record SynthFailure(string VideoId, string Error);

/// <summary>What a generation run did. The dataset is complete (and has its manifest) when there are no failures.</summary>
public sealed record SynthReport(string Directory, SynthDataset Dataset, int Rendered, int Kept, IReadOnlyList<SynthFailure> Failures, long VideoBytes, TimeSpan Elapsed)
{
    public bool Complete => Failures.Count == 0;
}

/// <summary>
/// Generates a SynthVTT folder: samples the dataset, writes the annotation files, renders and encodes the videos in
/// parallel (bounded by <see cref="SynthOptions.Parallelism"/>), and writes the manifest last. Rerunning into the
/// same folder keeps every video the state file vouches for (size and SHA-256) and renders only the rest.
/// </summary>
public static class SynthGenerator
{
    /// <summary>Generates (or completes) the dataset of <paramref name="options"/> in <paramref name="dir"/>.</summary>
    /// <param name="overwrite">Allow replacing a dataset generated with other settings.</param>
    /// <param name="verifyHashes">Hash kept videos on resume (else their size alone is checked).</param>
    /// <param name="encoder">The ffmpeg to use (default: <see cref="FfmpegEncoder.Locate"/>).</param>
    public static async Task<SynthReport> GenerateAsync(SynthOptions options, string dir, IProgress<SynthProgress>? progress = null,
        bool overwrite = false, bool verifyHashes = true, FfmpegEncoder? encoder = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();
        encoder ??= FfmpegEncoder.Locate();
        progress?.Report(new("scenes", 0, options.Videos, 0, 0));
        var dataset = SynthDataset.Build(options);

        var videoDir = Path.Combine(dir, SynthFiles.VideoFolder);
        Directory.CreateDirectory(videoDir);
        var settingsHash = RenderState.Hash(SynthDataset.GeneratorVersion + JsonSerializer.Serialize(options, SynthDataset.Json));
        var description = $"preset {options.Preset}, seed {options.Seed}, {options.Videos} videos of {options.Width}x{options.Height}";
        using var state = RenderState.Open(dir, settingsHash, description, overwrite);
        File.Delete(Path.Combine(dir, SynthFiles.Manifest)); // the manifest marks a complete dataset
        foreach (var stale in Directory.EnumerateFiles(videoDir, "*.tmp")) File.Delete(stale);
        if (overwrite) DeleteVideosBeyond(videoDir, options.Videos);

        progress?.Report(new("annotations", 0, options.Videos, 0, 0));
        SynthFiles.WriteAnnotations(dataset, dir);

        var todo = dataset.Entries.Where(e => !state.IsDone(e.Video.Id, RenderState.KeyOf(e.Video, options), VideoPath(dir, e.Video), verifyHashes)).ToList();
        var kept = dataset.Entries.Count - todo.Count;
        var failures = new ConcurrentBag<SynthFailure>();
        var rendered = 0;
        progress?.Report(new("videos", kept, options.Videos, kept, 0));
        // At least two batches per worker so the workers finish together; never more than VideosPerEncoder per ffmpeg.
        var batchSize = Math.Clamp((int)Math.Ceiling(todo.Count / (2.0 * options.Parallelism)), 1, options.VideosPerEncoder);
        var batches = todo.Chunk(batchSize).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct }, async (batch, token) =>
        {
            void Report() => progress?.Report(new("videos", kept + Volatile.Read(ref rendered) + failures.Count, options.Videos, kept, failures.Count));
            try
            {
                await Encode(batch, token);
                foreach (var entry in batch) { Finish(entry.Video); Report(); }
            }
            catch (Exception e) when (e is EncoderException or IOException)
            {
                // One bad video must not sink its batch: encode each alone and record only those that fail again.
                foreach (var entry in batch)
                {
                    var error = batch.Length == 1 ? e : await EncodeAlone(entry, token);
                    if (error is null) Finish(entry.Video);
                    else
                    {
                        failures.Add(new SynthFailure(entry.Video.Id, error.Message));
                        File.Delete(TempPath(dir, entry.Video));
                    }
                    Report();
                }
            }
        }).ConfigureAwait(false);   // no return to the caller's context: callers that block on this task (a notebook's thread) would deadlock

        var videoBytes = dataset.Entries.Select(e => VideoPath(dir, e.Video)).Where(File.Exists).Sum(p => new FileInfo(p).Length);
        if (failures.IsEmpty)
        {
            state.Rewrite(settingsHash, description);
            SynthManifest.Write(dataset, dir, encoder.Version(), state.Done);
        }
        progress?.Report(new("done", kept + rendered, options.Videos, kept, failures.Count));
        return new SynthReport(dir, dataset, rendered, kept, failures.OrderBy(f => f.VideoId.Length).ThenBy(f => f.VideoId, StringComparer.Ordinal).ToList(), videoBytes, clock.Elapsed);

        Task Encode(SynthEntry[] batch, CancellationToken token)
        {
            var rasterizer = new Rasterizer(options.Width, options.Height);
            var jobs = batch.Select(e => new EncodeJob(TempPath(dir, e.Video), e.Video.FrameCount, (f, rgb) => rasterizer.Render(e.Video, f, rgb))).ToList();
            return encoder.EncodeAsync(jobs, options, options.EncodeTimeout, token);
        }

        async Task<Exception?> EncodeAlone(SynthEntry entry, CancellationToken token)
        {
            try { await Encode([entry], token); return null; }
            catch (Exception e) when (e is EncoderException or IOException) { return e; }
        }

        // The temporary file becomes the video, and the state file vouches for it.
        void Finish(SynthVideo video)
        {
            var tmp = TempPath(dir, video);
            var bytes = new FileInfo(tmp).Length;
            var sha = SynthFiles.Sha256(tmp);
            File.Move(tmp, VideoPath(dir, video), overwrite: true);
            state.Add(new RenderedVideo(video.Id, RenderState.KeyOf(video, options), bytes, sha));
            Interlocked.Increment(ref rendered);
        }
    }

    static string TempPath(string dir, SynthVideo video) => VideoPath(dir, video) + ".tmp";

    /// <summary>videos/videoN.mp4 of a dataset folder.</summary>
    public static string VideoPath(string dir, SynthVideo video) => Path.Combine(dir, SynthFiles.VideoFolder, video.Id + ".mp4");

    static void DeleteVideosBeyond(string videoDir, int count)
    {
        foreach (var file in Directory.EnumerateFiles(videoDir, "video*.mp4"))
            if (int.TryParse(Path.GetFileNameWithoutExtension(file)["video".Length..], out var n) && n >= count) File.Delete(file);
    }
}
