using System.CommandLine;
using Spectre.Console;
using TvrLab.Data.Synth;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab data synth`: generate (or resume) a SynthVTT dataset folder.</summary>
internal static class DataSynthCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "tiny (CI, ~100 videos 64x64), small (laptop, 1,000 at 112x112) or full (GPU, 10,000 at 224x224)", DefaultValueFactory = _ => "tiny" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write (created; rerun to resume)", Required = true };
        var seed = new Option<int?>("--seed") { Description = "Random seed (default 0): the same seed gives the same dataset" };
        var videos = new Option<int?>("--videos") { Description = "Number of videos (overrides the preset)" };
        var test = new Option<int?>("--test-videos") { Description = "Videos in the test split (overrides the preset)" };
        var size = new Option<int?>("--size") { Description = "Frame width and height in pixels (overrides the preset)" };
        var fps = new Option<int?>("--fps") { Description = "Frame rate (overrides the preset)" };
        var duration = new Option<double?>("--duration") { Description = "Video length in seconds (overrides the preset)" };
        var captions = new Option<int?>("--captions") { Description = "Captions per video (default 20, like MSR-VTT)" };
        var jobs = new Option<int?>("--jobs") { Description = "Videos encoded at once (default: the number of cores)" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a dataset generated in --out with other settings" };

        var command = new Command("synth", "Generate SynthVTT, the kit's procedurally generated video-text benchmark, in MSR-VTT's formats.");
        foreach (var o in new Option[] { preset, output, seed, videos, test, size, fps, duration, captions, jobs, overwrite }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            SynthOptions options;
            try
            {
                options = SynthOptions.FromPreset(parse.GetValue(preset)!);
                options = options with
                {
                    Seed = parse.GetValue(seed) ?? options.Seed,
                    Videos = parse.GetValue(videos) ?? options.Videos,
                    TestVideos = parse.GetValue(test) ?? options.TestVideos,
                    Width = parse.GetValue(size) ?? options.Width,
                    Height = parse.GetValue(size) ?? options.Height,
                    Fps = parse.GetValue(fps) ?? options.Fps,
                    DurationSeconds = parse.GetValue(duration) ?? options.DurationSeconds,
                    CaptionsPerVideo = parse.GetValue(captions) ?? options.CaptionsPerVideo,
                    Parallelism = parse.GetValue(jobs) ?? options.Parallelism,
                };
                if (options != SynthOptions.FromPreset(options.Preset) with { Seed = options.Seed, Parallelism = options.Parallelism })
                    options = options with { Preset = options.Preset + "-custom" };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            var dir = parse.GetValue(output)!.FullName;
            SynthReport report;
            try
            {
                report = await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"SynthVTT {options.Preset}", maxValue: options.Videos);
                        var progress = new SyncProgress<SynthProgress>(p =>
                        {
                            task.Description = $"SynthVTT {options.Preset}: {p.Stage}" + (p.Skipped > 0 ? $" ({p.Skipped} kept)" : "") + (p.Failed > 0 ? $" ({p.Failed} failed)" : "");
                            task.Value = p.Stage is "videos" or "done" ? p.Done : 0;
                        });
                        return await SynthGenerator.GenerateAsync(options, dir, progress, parse.GetValue(overwrite), ct: ct);
                    });
            }
            catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }

            var mib = report.VideoBytes / (1024.0 * 1024.0);
            Console.WriteLine($"{dir}: {report.Dataset.Entries.Count} videos ({report.Rendered} rendered, {report.Kept} kept), " +
                              $"{report.Dataset.Entries.Sum(e => e.Captions.Count)} captions, videos {mib:0.0} MiB, {report.Elapsed.TotalSeconds:0.0} s");
            foreach (var f in report.Failures)
                Console.Error.WriteLine($"failed: {f.VideoId}: {f.Error}");
            if (!report.Complete)
            {
                Console.WriteLine($"{report.Failures.Count} videos failed; rerun the same command to retry them (finished videos are kept).");
                return 1;
            }
            return 0;
        });
        return command;
    }

    /// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
    sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        readonly Lock gate = new();
        public void Report(T value) { lock (gate) report(value); }
    }
}
