using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TvrLab.Models.Heads;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Cli.Commands;

/// <summary>
/// `tvrlab bench drl-eval`: DRL's evaluation similarity (TI or WTI) for an MSR-VTT-sized test set from random cached
/// features: time and peak memory of the chunked computation, beside the size of the [texts, videos, tokens, frames]
/// tensor it never builds. On the CPU peak memory is the process's peak resident set above its level before the
/// similarity (Linux /proc/self/status VmHWM, reset through /proc/self/clear_refs); on CUDA libtorch's peak allocation.
/// </summary>
internal static class DrlEvalBench
{
    public static Command Create()
    {
        var texts = new Option<int>("--texts") { Description = "Captions (MSR-VTT 1k-A: 1000).", DefaultValueFactory = _ => 1000 };
        var videos = new Option<int>("--videos") { Description = "Videos.", DefaultValueFactory = _ => 1000 };
        var tokens = new Option<int>("--tokens") { Description = "Token slots per caption (max_words).", DefaultValueFactory = _ => 32 };
        var frames = new Option<int>("--frames") { Description = "Frame slots per video (max_frames).", DefaultValueFactory = _ => 12 };
        var dim = new Option<int>("--dim") { Description = "Feature width D (ViT-B: 512).", DefaultValueFactory = _ => 512 };
        var interaction = new Option<string>("--interaction") { Description = "ti or wti.", DefaultValueFactory = _ => "wti" };
        var textChunk = new Option<int>("--text-chunk") { Description = "Captions per block.", DefaultValueFactory = _ => 64 };
        var videoChunk = new Option<int>("--video-chunk") { Description = "Videos per block.", DefaultValueFactory = _ => 256 };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0: libtorch's default).", DefaultValueFactory = _ => 0 };
        var command = new Command("drl-eval", "DRL's chunked token-wise (TI/WTI) evaluation similarity: time and peak memory.");
        foreach (var o in new Option[] { texts, videos, tokens, frames, dim, interaction, textChunk, videoChunk, device, threads }) command.Options.Add(o);
        command.SetAction(r =>
        {
            try
            {
                return Run(r.GetValue(texts), r.GetValue(videos), r.GetValue(tokens), r.GetValue(frames), r.GetValue(dim), r.GetValue(interaction)!,
                           r.GetValue(textChunk), r.GetValue(videoChunk), r.GetValue(device)!, r.GetValue(threads));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or TorchException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    static int Run(int texts, int videos, int tokens, int frames, int dim, string interactionName, int textChunk, int videoChunk, string deviceName, int threads)
    {
        if (texts < 1 || videos < 1 || tokens < 1 || frames < 1 || dim < 1 || textChunk < 1 || videoChunk < 1)
            throw new ArgumentException("--texts, --videos, --tokens, --frames, --dim and the chunks must be at least 1");
        var interaction = interactionName switch { "ti" => Interaction.ti, "wti" => Interaction.wti, _ => throw new ArgumentException($"--interaction must be ti or wti, not \"{interactionName}\"") };
        var device = Device.Parse(deviceName);
        if (device.Type == DeviceType.CUDA && !cuda.is_available()) throw new ArgumentException("--device cuda: no CUDA device is available");
        if (threads > 0) set_num_threads(threads);
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 120);

        manual_seed(0);
        using var head = new TokenInteraction(interaction, dim).to(device);
        head.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var rng = new Random(0);
        Tensor Mask(int rows, int slots) =>   // prefix masks, 2 .. slots valid positions per row
            tensor(Enumerable.Range(0, rows).SelectMany(_ => { var n = rng.Next(2, slots + 1); return Enumerable.Range(0, slots).Select(i => i < n ? 1f : 0f); }).ToArray(),
                   [rows, slots], device: device);
        var t = randn([texts, tokens, dim], device: device);
        var mt = Mask(texts, tokens);
        var v = randn([videos, frames, dim], device: device);
        var mv = Mask(videos, frames);

        // warm-up on a slice (allocator, kernels), then the measured run
        head.similarity(t[..Math.Min(texts, textChunk)], mt[..Math.Min(texts, textChunk)], v[..Math.Min(videos, videoChunk)], mv[..Math.Min(videos, videoChunk)], textChunk, videoChunk);
        Synchronize(device);
        var baseline = ResetPeak(device);
        var rows = new List<Tensor>();
        var clock = Stopwatch.StartNew();
        AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{interaction.ToString().ToUpperInvariant()} {texts} x {videos}", maxValue: texts);
                for (int a0 = 0; a0 < texts; a0 += textChunk)
                {
                    int a1 = Math.Min(texts, a0 + textChunk);
                    rows.Add(head.similarity(t[a0..a1], mt[a0..a1], v, mv, textChunk, videoChunk));
                    task.Value = a1;
                }
            });
        var s = cat(rows, 0);
        Synchronize(device);
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = Peak(device, baseline);

        double MiB(double bytes) => bytes / (1024.0 * 1024.0);
        long elementBytes = 4;
        var whole = (double)texts * videos * tokens * frames * elementBytes;
        var block = (double)Math.Min(texts, textChunk) * Math.Min(videos, videoChunk) * tokens * frames * elementBytes;
        var inputs = ((double)texts * tokens + (double)videos * frames) * dim * elementBytes;
        string F(double x) => x.ToString(x >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("measurement").AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("scores S", $"{texts} x {videos} ({Tensor.ShapeString(s.shape)}), finite: {s.isfinite().all().item<bool>()}");
        Row("time, s", seconds.ToString("F2", CultureInfo.InvariantCulture));
        Row("pairs / s", F(texts * (double)videos / seconds));
        Row(device.Type == DeviceType.CUDA ? "peak allocated above inputs, MiB" : "peak resident set above start, MiB", peak is { } p ? F(MiB(p)) : "n/a");
        Row("one block [chunk_t, chunk_v, Lt, Lv], MiB", F(MiB(block)));
        Row("whole [texts, videos, Lt, Lv] (never built), MiB", F(MiB(whole)));
        Row("input features, MiB", F(MiB(inputs)));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"{interaction} on {device}, float32, D {dim}, {tokens} tokens, {frames} frames, blocks of {textChunk} x {videoChunk} pairs; " +
                                             $"libtorch {__version__}, {get_num_threads()} thread(s)."));
        return 0;
    }

    static void Synchronize(Device device)
    {
        if (device.Type == DeviceType.CUDA) cuda.synchronize();
    }

    /// <summary>Resets the peak counter; returns the level the peak is measured from (bytes).</summary>
    static long ResetPeak(Device device)
    {
        if (device.Type == DeviceType.CUDA)
        {
            cuda.reset_peak_memory_stats(device.Index < 0 ? 0 : device.Index);
            return cuda.memory_allocated(device.Index < 0 ? 0 : device.Index);
        }
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }   // resets VmHWM to the current RSS
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return Status("VmRSS") ?? 0;
    }

    static long? Peak(Device device, long baseline)
    {
        if (device.Type == DeviceType.CUDA) return cuda.max_memory_allocated(device.Index < 0 ? 0 : device.Index) - baseline;
        return Status("VmHWM") is { } hwm ? hwm - baseline : null;
    }

    /// <summary>A "kB" field of /proc/self/status in bytes, or null where there is none (not Linux).</summary>
    static long? Status(string field)
    {
        if (!File.Exists("/proc/self/status")) return null;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        return null;
    }
}
