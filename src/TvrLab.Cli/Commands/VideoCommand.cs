using System.CommandLine;
using System.Globalization;
using TvrLab.Imaging;
using TvrLab.Torch;
using TvrLab.Video;
using static TvrLab.Torch.torch;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab video probe|frames`: look at one video as the data pipeline sees it.</summary>
internal static class VideoCommand
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var video = new Command("video", "Inspect a video: metadata, sampled frames, a frame strip.");
        video.Subcommands.Add(Probe());
        video.Subcommands.Add(Frames());
        return video;
    }

    static Command Probe()
    {
        var file = new Argument<string>("file") { Description = "A video file." };
        var command = new Command("probe", "Print what ffprobe says about a video: streams, size, rotation, rate, frames, duration.");
        command.Arguments.Add(file);
        command.SetAction(parse => Guarded(() =>
        {
            var p = VideoProbe.Run(parse.GetValue(file)!);
            Console.WriteLine($"file        {p.Path}");
            Console.WriteLine($"format      {p.Format}");
            Console.WriteLine($"video       {p.Codec} {p.PixelFormat} {p.Width}x{p.Height}, rotation {p.Rotation}, decoded as {p.DisplayWidth}x{p.DisplayHeight}");
            Console.WriteLine($"frame rate  {p.Fps.ToString("0.###", Inv)} fps ({(p.IsVariableFrameRate ? "variable" : "constant")})");
            Console.WriteLine($"frames      {p.FrameCount}");
            Console.WriteLine($"duration    {p.Duration.ToString("0.000", Inv)} s");
            Console.WriteLine($"streams     {string.Join(", ", p.Streams.Select(s => $"#{s.Index} {s.Type} {s.Codec}"))}");
            foreach (var w in p.Warnings) Console.WriteLine($"warning     {w}");
        }));
        return command;
    }

    static Command Frames()
    {
        var file = new Argument<string>("file") { Description = "A video file." };
        var policy = new Option<string>("--policy") { Description = "Frame sampling: clip4clip (1 fps, then linspace), uniform (CLIP-ViP), window (clip4clip inside --start/--end), middle.", DefaultValueFactory = _ => "clip4clip" };
        policy.AcceptOnlyFromAmong("clip4clip", "uniform", "window", "middle");
        var maxFrames = new Option<int>("--max-frames") { Description = "Frames per clip (max_frames).", DefaultValueFactory = _ => 12 };
        var start = new Option<double?>("--start") { Description = "Window start in seconds." };
        var end = new Option<double?>("--end") { Description = "Window end in seconds." };
        var jitter = new Option<bool>("--jitter") { Description = "uniform: train-time jitter of the first and last frame (uses --seed)." };
        var seed = new Option<int>("--seed") { Description = "Seed for --jitter.", DefaultValueFactory = _ => 0 };
        var size = new Option<int>("--size") { Description = "Model input size in pixels.", DefaultValueFactory = _ => 224 };
        var resize = new Option<string>("--resize") { Description = "crop: short side to --size, centre crop (CLIP4Clip); stretch: to --size x --size (CLIP-ViP).", DefaultValueFactory = _ => "crop" };
        resize.AcceptOnlyFromAmong("crop", "stretch");
        var strip = new Option<string?>("--strip") { Description = "Save the sampled frames side by side as one PNG." };
        var command = new Command("frames", "Sample and preprocess a clip: print frame times, tensor shape and mask; optionally save a strip image.");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { policy, maxFrames, start, end, jitter, seed, size, resize, strip }) command.Options.Add(o);
        command.SetAction(parse => Guarded(() =>
        {
            int n = parse.GetValue(maxFrames);
            double? s = parse.GetValue(start), e = parse.GetValue(end);
            IFrameSampler sampler = parse.GetValue(policy) switch
            {
                "uniform" => new UniformSampler(n, parse.GetValue(jitter)),
                "middle" => new MiddleFrameSampler(),
                "window" when s is null && e is null => throw new ArgumentException("--policy window needs --start and/or --end"),
                _ => new Clip4ClipSampler(n, Start: s, End: e),
            };
            var preprocessing = new FramePreprocessing(parse.GetValue(size), parse.GetValue(resize) == "stretch" ? FrameResize.Stretch : FrameResize.ShortSideCenterCrop);

            using var scope = NewDisposeScope();
            using var clip = ClipReader.Read(parse.GetValue(file)!, sampler, preprocessing, new Random(parse.GetValue(seed)));
            var x = clip.Normalized();
            var sample = clip.Sample;
            Console.WriteLine($"video    {clip.Probe.DisplayWidth}x{clip.Probe.DisplayHeight}, {clip.Probe.FrameCount} frames, {clip.Probe.Duration.ToString("0.000", Inv)} s");
            Console.WriteLine($"sampler  {sampler}");
            Console.WriteLine($"frames   {string.Join(' ', sample.FrameIndices)}");
            Console.WriteLine($"times    {string.Join(' ', sample.Times.Select(t => t.ToString("0.000", Inv)))}");
            Console.WriteLine($"tensor   {x.dtype.PyTorchName()} {Tensor.ShapeString(x.shape)}");
            Console.WriteLine($"mask     {string.Join(' ', sample.Mask.Select(m => m ? 1 : 0))}");
            foreach (var w in clip.Warnings) Console.WriteLine($"warning  {w}");
            if (parse.GetValue(strip) is { } png)
            {
                var (pixels, width, height) = clip.Strip();
                Png.Save(png, pixels, width, height);
                Console.WriteLine($"strip    {png} ({width}x{height})");
            }
        }));
        return command;
    }

    /// <summary>Runs a command body; a bad video or bad option becomes one line on stderr and exit code 1.</summary>
    static int Guarded(Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (Exception e) when (e is VideoException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
