using System.CommandLine;
using Spectre.Console;
using TvrLab.Data;
using TvrLab.Data.Cache;
using TvrLab.Data.Readers;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab data cache FORMAT PATH --videos DIR --out DIR`: decode and sample every video of a split once into the frame cache.</summary>
internal static class DataCacheCommand
{
    public static Command Create()
    {
        var format = new Argument<string>("format") { Description = $"Annotation format: {string.Join(", ", DatasetReaders.Formats)}." };
        var path = new Argument<string>("path") { Description = "An annotation file, or a folder holding the format's usual files (a SynthVTT folder reads as msrvtt)." };
        var videos = new Option<string>("--videos") { Description = "Folder of the video files.", Required = true };
        var output = new Option<string>("--out") { Description = "Cache folder (one <split>.frames + <split>.index.json + <split>.bad.tsv per split).", Required = true };
        var split = new Option<string[]>("--split") { Description = "Split(s) to cache (default: every split the annotations hold).", AllowMultipleArgumentsPerToken = true };
        var maxFrames = new Option<int>("--max-frames") { Description = "Frame slots per clip (12; 64 for DiDeMo/ActivityNet).", DefaultValueFactory = _ => 12 };
        var size = new Option<int>("--size") { Description = "Frame size S in pixels (frames are stored S x S, uint8).", DefaultValueFactory = _ => 224 };
        var policy = new Option<string>("--policy") { Description = "Frame sampling: clip4clip (1 fps, then linspace), uniform (linspace over the video) or middle.", DefaultValueFactory = _ => "clip4clip" };
        var resize = new Option<string>("--resize") { Description = "crop (short side to S, centre crop: CLIP4Clip) or stretch (S x S: CLIP-ViP).", DefaultValueFactory = _ => "crop" };
        var workers = new Option<int?>("--workers") { Description = "Videos decoded at once (default: half the cores)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a cache of the split built with other settings or videos." };
        var command = new Command("cache", "Decode and sample every video of a split once into a memory-mapped uint8 frame cache (resumable; bad videos are reported, not fatal).") { format, path };
        foreach (var o in new Option[] { videos, output, split, maxFrames, size, policy, resize, workers, overwrite }) command.Options.Add(o);
        command.SetAction((r, ct) => Task.FromResult(Run(r.GetValue(format)!, r.GetValue(path)!, r.GetValue(videos)!, r.GetValue(output)!, r.GetValue(split) ?? [],
            r.GetValue(maxFrames), r.GetValue(size), r.GetValue(policy)!, r.GetValue(resize)!, r.GetValue(workers), r.GetValue(overwrite), ct)));
        return command;
    }

    /// <summary>Parses the sampling and resize names into cache settings; an <see cref="ArgumentException"/> names a bad one.</summary>
    public static FrameCacheOptions Options(int maxFrames, int size, string policy, string resize, int? workers)
    {
        var sampling = policy.ToLowerInvariant() switch
        {
            "clip4clip" => CacheSampling.Clip4Clip,
            "uniform" => CacheSampling.Uniform,
            "middle" => CacheSampling.Middle,
            _ => throw new ArgumentException($"--policy {policy}: expected clip4clip, uniform or middle"),
        };
        var frameResize = resize.ToLowerInvariant() switch
        {
            "crop" => Video.FrameResize.ShortSideCenterCrop,
            "stretch" => Video.FrameResize.Stretch,
            _ => throw new ArgumentException($"--resize {resize}: expected crop or stretch"),
        };
        if (maxFrames < 1) throw new ArgumentException($"--max-frames {maxFrames}: expected at least 1");
        if (size < 1) throw new ArgumentException($"--size {size}: expected at least 1");
        if (workers is < 1) throw new ArgumentException($"--workers {workers}: expected at least 1");
        var options = new FrameCacheOptions { Sampling = sampling, MaxFrames = maxFrames, Preprocessing = new Video.FramePreprocessing(size, frameResize) };
        return workers is { } w ? options with { Workers = w } : options;
    }

    static int Run(string format, string path, string videosDir, string outDir, string[] splits, int maxFrames, int size, string policy,
        string resize, int? workers, bool overwrite, CancellationToken cancel)
    {
        FrameCacheOptions options;
        List<VideoTextDataset> datasets;
        try
        {
            options = Options(maxFrames, size, policy, resize, workers);
            var collection = DatasetReaders.Read(format, path, videosDir);
            datasets = splits.Length == 0 ? [.. collection.Splits] : [.. splits.Select(s => collection[s])];
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message.Trim('"')}");
            return 2;
        }

        Console.WriteLine($"cache {Path.GetFullPath(outDir)}: {options.Describe()}, {options.Workers} workers");
        int exit = 0;
        foreach (var dataset in datasets)
        {
            FrameCacheReport report;
            try
            {
                report = AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask($"{dataset.Split}: {dataset.Videos.Count} videos", maxValue: Math.Max(1, dataset.Videos.Count));
                        var gate = new Lock();
                        return FrameCacheBuilder.Build(dataset, outDir, options, p =>
                        {
                            lock (gate)
                            {
                                task.MaxValue = Math.Max(1, p.Total);
                                task.Value = p.Done;
                                task.Description = $"{dataset.Split}: {p.Done}/{p.Total} videos" + (p.Bad > 0 ? $", {p.Bad} bad" : "");
                            }
                        }, overwrite, cancel);
                    });
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {dataset.Split}: {e.Message}");
                exit = 1;
                continue;
            }
            var cached = report.AlreadyComplete ? $"{report.Cached} videos cached (already complete)" : $"{report.Cached + report.Resumed} videos cached ({report.Cached} now, {report.Resumed} by an earlier run)";
            Console.WriteLine($"[{dataset.Split}] {cached}, {report.Bad.Count} bad, {report.Missing.Count} missing -> {report.IndexPath}");
            if (report.Bad.Count + report.Missing.Count > 0)
            {
                Console.WriteLine($"  report of bad and missing videos: {report.ReportPath}");
                foreach (var b in report.Bad.Take(5)) Console.WriteLine($"  bad: {b.Id}: {b.Cause}");
            }
        }
        return exit;
    }
}
