using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using TvrLab.Data;
using TvrLab.Data.Cache;
using TvrLab.Data.Loading;
using TvrLab.Data.Readers;
using TvrLab.Text;
using TvrLab.Video;

namespace TvrLab.Cli.Commands;

/// <summary>
/// `tvrlab bench data`: the data pipeline's throughput in clips per second, with the same number of parallel workers
/// throughout: plain <c>ffmpeg -f null</c> decoding of every frame of the same files (the limit the decoder sets),
/// decode-and-sample (<see cref="ClipReader"/>: probe, decode the sampled frames, resize), the frame-cache build
/// (decode-and-sample plus writing), and the <see cref="FrameCacheLoader"/> reading batches from that cache, with and
/// without CLIP's normalisation on the CPU.
/// </summary>
internal static class DataBench
{
    public static Command Create()
    {
        var format = new Argument<string?>("format") { Description = $"Annotation format ({string.Join(", ", DatasetReaders.Formats)}); omit to take every file in --videos.", Arity = ArgumentArity.ZeroOrOne };
        var path = new Argument<string?>("path") { Description = "Annotation file or folder (with format).", Arity = ArgumentArity.ZeroOrOne };
        var videos = new Option<string>("--videos") { Description = "Folder of the video files.", Required = true };
        var split = new Option<string?>("--split") { Description = "Split to measure (default: the annotations' first split)." };
        var maxFrames = new Option<int>("--max-frames") { Description = "Frame slots per clip.", DefaultValueFactory = _ => 12 };
        var size = new Option<int>("--size") { Description = "Frame size S.", DefaultValueFactory = _ => 224 };
        var policy = new Option<string>("--policy") { Description = "clip4clip, uniform or middle.", DefaultValueFactory = _ => "clip4clip" };
        var workers = new Option<int>("--workers") { Description = "Parallel decoders, and loader threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var batch = new Option<int>("--batch") { Description = "Loader batch size.", DefaultValueFactory = _ => 32 };
        var seconds = new Option<double>("--seconds") { Description = "Minimum time each loader measurement runs (whole epochs).", DefaultValueFactory = _ => 3 };
        var vocab = new Option<string?>("--vocab") { Description = "CLIP BPE vocabulary (default: the one the kit finds)." };
        var command = new Command("data", "Data pipeline throughput (clips/s): ffmpeg -f null decode (the limit), decode-and-sample, cache build, loader from the cache.") { format, path };
        foreach (var o in new Option[] { videos, split, maxFrames, size, policy, workers, batch, seconds, vocab }) command.Options.Add(o);
        command.SetAction(r =>
        {
            try
            {
                return Run(r.GetValue(format), r.GetValue(path), r.GetValue(videos)!, r.GetValue(split), DataCacheCommand.Options(r.GetValue(maxFrames),
                    r.GetValue(size), r.GetValue(policy)!, "crop", r.GetValue(workers)), r.GetValue(batch), r.GetValue(seconds), r.GetValue(vocab));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or KeyNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    static int Run(string? format, string? path, string videosDir, string? split, FrameCacheOptions options, int batchSize, double seconds, string? vocab)
    {
        var dataset = format is null ? FolderDataset(videosDir) : Split(DatasetReaders.Read(format, path ?? throw new ArgumentException("a format needs an annotation path"), videosDir), split);
        var files = dataset.Videos.Where(v => v.Path is not null).ToList();
        if (files.Count == 0) throw new ArgumentException($"{videosDir}: none of the {dataset.Videos.Count} videos of {dataset} has a file");
        Console.WriteLine($"{dataset}; {files.Count} video files in {Path.GetFullPath(videosDir)}");
        Console.WriteLine($"{options.Describe()}; {options.Workers} workers; {Environment.ProcessorCount} cores");
        var rows = new List<(string Stage, int Clips, double Seconds, string Note)>();

        // 1. The limit: ffmpeg decoding every frame to nothing.
        int failed = 0;
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, v => { if (!FfmpegNull(v.Path!)) Interlocked.Increment(ref failed); });
        rows.Add(("ffmpeg -f null (every frame)", files.Count, watch.Elapsed.TotalSeconds, failed > 0 ? $"{failed} files failed" : ""));

        // 2. Decode and sample, as the cache build does it, without writing.
        int bad = 0;
        watch.Restart();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, v =>
        {
            try { using var clip = ClipReader.Read(v.Path!, options.SamplerFor(v), options.Preprocessing); }
            catch (VideoException) { Interlocked.Increment(ref bad); }
        });
        rows.Add(("decode-and-sample (ClipReader)", files.Count, watch.Elapsed.TotalSeconds, bad > 0 ? $"{bad} bad videos" : ""));

        // 3. The cache build, into a scratch folder.
        var cacheDir = Directory.CreateTempSubdirectory("tvrlab-bench-data-").FullName;
        try
        {
            watch.Restart();
            var report = FrameCacheBuilder.Build(dataset, cacheDir, options);
            rows.Add(("cache build (decode, sample, write)", files.Count, watch.Elapsed.TotalSeconds, $"{report.Cached} cached, {report.Bad.Count} bad"));

            // 4. The loader reading the cache.
            using var cache = FrameCache.Open(cacheDir, dataset.Split);
            rows[^1] = rows[^1] with { Note = rows[^1].Note + $", {new FileInfo(cache.FramesPath).Length / 1048576.0:F0} MiB" };
            var tokenizer = ClipTokenizer.Load(vocab ?? ClipVocabularyFile.Locate());
            var loaderOptions = new LoaderOptions { BatchSize = Math.Min(batchSize, Math.Max(1, cache.Count)), Workers = options.Workers, Sampling = CaptionSampling.OneRandomCaptionPerVideo };
            using var loader = new FrameCacheLoader(cache, dataset, tokenizer, loaderOptions);
            rows.Add(Loader(loader, cache.RecordBytes, seconds, normalize: false));
            rows.Add(Loader(loader, cache.RecordBytes, seconds, normalize: true));
        }
        finally { Directory.Delete(cacheDir, recursive: true); }

        var table = new Table().AddColumns("stage", "clips", "seconds", "clips/s", "note");
        foreach (var (stage, clips, s, note) in rows)
            table.AddRow(stage, clips.ToString(), s.ToString("F2"), (clips / s).ToString("F1"), Markup.Escape(note));
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 140);
        AnsiConsole.Write(table);
        return 0;
    }

    /// <summary>Whole epochs of the loader (one random caption per video: each clip once per epoch) for at least <paramref name="seconds"/>, after one warm-up epoch.</summary>
    static (string, int, double, string) Loader(FrameCacheLoader loader, long recordBytes, double seconds, bool normalize)
    {
        void Epoch(int e, ref int clips)
        {
            foreach (var batch in loader.Epoch(e))
            {
                using (batch)
                {
                    if (normalize) ClipImageNormalization.Apply(batch.video, batch.video_mask).Dispose();
                    clips += batch.Count;
                }
            }
        }
        int warm = 0, clips = 0, epoch = 1;
        Epoch(0, ref warm);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds) Epoch(epoch++, ref clips);
        double mib = clips * (double)recordBytes / 1048576.0;
        return (normalize ? "loader + CLIP normalisation (CPU)" : "loader from the cache", clips, watch.Elapsed.TotalSeconds,
                $"batch {loader.Options.BatchSize}, {loader.Options.Workers} threads, {mib / watch.Elapsed.TotalSeconds:F0} MiB/s of frames");
    }

    static bool FfmpegNull(string file)
    {
        var start = new ProcessStartInfo(FfmpegTool.FfmpegPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-hide_banner", "-v", "error", "-i", file, "-map", "0:v:0", "-f", "null", "-" }) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        _ = err.Result;
        return p.ExitCode == 0;
    }

    static VideoTextDataset Split(DatasetCollection collection, string? split) => split is null ? collection.Splits[0] : collection[split];

    /// <summary>Every file in a folder as a video, captioned with its file name (for folders without annotations).</summary>
    static VideoTextDataset FolderDataset(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: videos folder not found");
        var files = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList();
        return new VideoTextDataset
        {
            Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)), Split = "all", Evaluation = EvaluationMode.OneCaptionPerVideo,
            Videos = [.. files.Select(f => new VideoEntry(Path.GetFileName(f), f))],
            Captions = [.. files.Select(f => new Caption(Path.GetFileNameWithoutExtension(f).Replace('_', ' '), Path.GetFileName(f)))],
            VideosDirectory = dir,
        };
    }
}
