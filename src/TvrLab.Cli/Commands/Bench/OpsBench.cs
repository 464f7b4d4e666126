using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Cli.Commands;

/// <summary>
/// `tvrlab bench ops`: the engine's per-op overhead (a tiny add, a 64x64 matmul) in microseconds and a small training
/// step (a 4-layer MLP, two pre-LN transformer blocks; forward + backward + AdamW) in milliseconds, on the CPU. With
/// --python it runs the same loops in PyTorch (scripts/bench/ops.py) on the same libtorch and prints the ratio.
/// Every number is the median over repetitions after a warm-up. The clock is the calling thread's CPU time by default
/// (--clock cpu: on a shared machine other processes' load then cannot inflate one side of the comparison; both loops
/// run on one thread with one libtorch thread, so nothing they do is left out), or wall time (--clock wall).
/// </summary>
internal static class OpsBench
{
    public static Command Create()
    {
        var python = new Option<string?>("--python") { Description = "A Python with torch (e.g. /usr/bin/python3) to run scripts/bench/ops.py beside the C# loops." };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads, the same for C# and Python.", DefaultValueFactory = _ => 1 };
        var reps = new Option<int>("--reps") { Description = "Timed repetitions per measurement (the median is reported).", DefaultValueFactory = _ => 5 };
        var clock = new Option<string>("--clock") { Description = "cpu (the calling thread's CPU time; robust on a shared machine) or wall.", DefaultValueFactory = _ => "cpu" };
        clock.AcceptOnlyFromAmong("cpu", "wall");
        var scale = new Option<double>("--scale") { Description = "Multiplies the calls per repetition (smaller is faster, noisier).", DefaultValueFactory = _ => 1.0 };
        var command = new Command("ops", "Per-op overhead and a small training step on the CPU, optionally beside PyTorch.");
        foreach (var o in new Option[] { python, threads, reps, scale, clock }) command.Options.Add(o);
        command.SetAction(parse => Run(parse.GetValue(python), parse.GetValue(threads), parse.GetValue(reps), parse.GetValue(scale), parse.GetValue(clock) == "cpu"));
        return command;
    }

    /// <summary>
    /// One measurement: its label, the JSON key shared with ops.py, the unit it is reported in, the C# loop and, for
    /// single ops, the same op timed inside libtorch alone (the floor under both C# and Python).
    /// </summary>
    sealed record Measure(string Label, string Key, string Unit, double Factor, Func<Settings, double> Run, Func<Settings, double>? Floor = null);

    sealed record Settings(int Reps, double Scale, bool CpuClock)
    {
        /// <summary>
        /// The C# loops warm up for at least this long: .NET starts every method unoptimised and recompiles the hot ones
        /// (tiered compilation) after a delay, so a short warm-up would time part of the loop in unoptimised code.
        /// Python has no JIT; its warm-up is the call count alone.
        /// </summary>
        public double WarmupSeconds => Math.Min(1.0, Scale);

        /// <summary>Seconds on the chosen clock: this thread's CPU time, or wall time.</summary>
        public double Now() => CpuClock ? BenchClock.ThreadCpuSeconds() : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

        public int Calls(int n) => Math.Max(1, (int)(n * Scale));
    }

    static readonly Measure[] Measures =
    [
        new("a + b, 1 element", "add_us", "µs", 1e6, s => AddOp(s, inPlace: false), s => Floor(s, NativeBench.Op.Add)),
        new("a + b, results freed by their scope", "add_scoped_us", "µs", 1e6, s => AddOp(s, inPlace: false, freeAtOnce: false)),
        new("a.add_(b), 1 element", "add_inplace_us", "µs", 1e6, s => AddOp(s, inPlace: true), s => Floor(s, NativeBench.Op.AddInPlace)),
        new("matmul 64x64", "matmul64_us", "µs", 1e6, MatmulOp, s => Floor(s, NativeBench.Op.Matmul)),
        new("MLP 4 layers, train step", "mlp_step_ms", "ms", 1e3, MlpStep),
        new("2 transformer blocks, train step", "transformer_step_ms", "ms", 1e3, TransformerStep),
    ];

    static int Run(string? python, int threads, int reps, double scale, bool cpuClock)
    {
        if (reps < 1 || scale <= 0)
        {
            AnsiConsole.MarkupLine("[red]--reps must be at least 1 and --scale positive[/]");
            return 2;
        }
        set_num_threads(threads);
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 120);  // one row per line in logs
        if (cpuClock && !BenchClock.HasThreadCpuClock)
        {
            AnsiConsole.MarkupLine("[red]--clock cpu needs Linux's per-thread CPU clock; use --clock wall[/]");
            return 2;
        }
        var settings = new Settings(reps, scale, cpuClock);
        var csharp = new Dictionary<string, double>();
        var floor = new Dictionary<string, double>();
        JsonElement? py = null;
        string? pyError = null;
        AnsiConsole.Status().Start("measuring", ctx =>
        {
            foreach (var m in Measures)
            {
                ctx.Status($"C#: {Markup.Escape(m.Label)}");
                csharp[m.Key] = m.Run(settings) * m.Factor;
                if (m.Floor is not null) floor[m.Key] = m.Floor(settings) * m.Factor;
            }
            if (python is null) return;
            ctx.Status("Python: scripts/bench/ops.py");
            (py, pyError) = RunPython(python, threads, reps, scale, cpuClock);
        });

        var table = new Table().AddColumn("measurement").AddColumn(new TableColumn("libtorch").RightAligned())
                               .AddColumn(new TableColumn("C#").RightAligned());
        if (python is not null)
            table.AddColumn(new TableColumn("Python").RightAligned()).AddColumn(new TableColumn("C#/Py").RightAligned())
                 .AddColumn(new TableColumn("overhead C#/Py").RightAligned());
        foreach (var m in Measures)
        {
            var hasFloor = floor.TryGetValue(m.Key, out var f);
            var row = new List<string> { $"{m.Label}, {m.Unit}", hasFloor ? Format(f) : "", Format(csharp[m.Key]) };
            if (py is { } json && json.TryGetProperty(m.Key, out var value))
            {
                var p = value.GetDouble();
                // overhead = time per call beyond what libtorch itself spends on the op; shown where it is not lost in the op's own cost
                var overhead = hasFloor && p - f > 0.1 * p ? ((csharp[m.Key] - f) / (p - f)).ToString("F2", CultureInfo.InvariantCulture) : "";
                row.AddRange([Format(p), (csharp[m.Key] / p).ToString("F2", CultureInfo.InvariantCulture), overhead]);
            }
            else if (python is not null) row.AddRange(["-", "-", "-"]);
            table.AddRow(row.ToArray());
        }
        AnsiConsole.Write(table);
        var pyVersion = py is { } j ? $", Python torch {j.GetProperty("torch").GetString()}" : "";
        AnsiConsole.MarkupLine(Markup.Escape($"libtorch {__version__} (C#){pyVersion}; {get_num_threads()} thread(s); median of {reps} repetitions after warm-up (C#: at least {settings.WarmupSeconds:0.##} s, until the JIT has optimised the loop)."));
        AnsiConsole.MarkupLine(cpuClock ? "clock: the calling thread's CPU time (--clock wall for elapsed time)" : "clock: wall time");
        AnsiConsole.MarkupLine("libtorch: the op timed in a C++ loop inside the shim; overhead: time per call beyond that. a + b frees each result at once, as Python does.");
        if (pyError is not null)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(pyError)}[/]");
            return 1;
        }
        return 0;
    }

    static string Format(double v) => v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);

    // ---- the loops (keep them identical to scripts/bench/ops.py) ------------------------------------------------------

    /// <summary>Seconds per call: the median over repetitions of <paramref name="calls"/> calls, after <paramref name="warmup"/> calls
    /// and at least <see cref="Settings.WarmupSeconds"/> of calls. Calls run inside dispose scopes of <paramref name="perScope"/> calls, as a
    /// loop in user code would.</summary>
    static double MedianPerCall(Settings s, Action call, int calls, int warmup, int perScope)
    {
        var warming = Stopwatch.StartNew();
        RunCalls(call, warmup, perScope);
        while (warming.Elapsed.TotalSeconds < s.WarmupSeconds) RunCalls(call, warmup, perScope);
        var times = new double[s.Reps];
        for (int r = 0; r < s.Reps; r++)
        {
            var start = s.Now();
            RunCalls(call, calls, perScope);
            times[r] = (s.Now() - start) / calls;
        }
        Array.Sort(times);
        return Median(times);
    }

    static void RunCalls(Action call, int calls, int perScope)
    {
        for (int done = 0; done < calls;)
        {
            using var scope = NewDisposeScope();
            for (int i = 0; i < perScope && done < calls; i++, done++) call();
        }
    }

    /// <summary>The op timed inside libtorch (a C++ loop), with the operands and repetitions of the C# loop.</summary>
    static double Floor(Settings s, NativeBench.Op op)
    {
        manual_seed(0);
        using var a = op == NativeBench.Op.Matmul ? randn(64, 64) : ones(1);
        using var b = op == NativeBench.Op.Matmul ? randn(64, 64) : ones(1);
        var calls = s.Calls(op == NativeBench.Op.Matmul ? 5000 : 20000);
        NativeBench.SecondsPerCall(op, a, b, calls / 10);
        var times = Enumerable.Range(0, s.Reps).Select(_ =>
        {
            if (!s.CpuClock) return NativeBench.SecondsPerCall(op, a, b, calls);   // timed by the C++ loop itself
            var start = s.Now();
            NativeBench.SecondsPerCall(op, a, b, calls);
            return (s.Now() - start) / calls;
        }).Order().ToArray();
        return Median(times);
    }

    static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    /// <summary>
    /// a + b freed at once is Python's loop (the discarded result dies with its refcount); freed by the scope (1000
    /// results at a time) is the usual C# notebook loop, which also pays for a thousand live tensors' cache misses.
    /// </summary>
    static double AddOp(Settings s, bool inPlace, bool freeAtOnce = true)
    {
        using var a = ones(1);
        using var b = ones(1);
        Action call = inPlace ? () => a.add_(b) : freeAtOnce ? () => (a + b).Dispose() : () => _ = a + b;
        return MedianPerCall(s, call, s.Calls(20000), 2000, perScope: 1000);
    }

    static double MatmulOp(Settings s)
    {
        manual_seed(0);
        using var m1 = randn(64, 64);
        using var m2 = randn(64, 64);
        // each 16 KB result is freed at once, as Python's refcount does: a scope holding a thousand of them would
        // measure cache misses, not overhead
        return MedianPerCall(s, () => m1.matmul(m2).Dispose(), s.Calls(5000), 500, perScope: 1000);
    }

    static double MlpStep(Settings s)
    {
        manual_seed(0);
        using var mlp = new nn.Sequential(new nn.Linear(128, 256), new nn.GELU(), new nn.Linear(256, 256), new nn.GELU(),
                                          new nn.Linear(256, 256), new nn.GELU(), new nn.Linear(256, 10));
        using var opt = new optim.AdamW(mlp.parameters(), lr: 1e-3);
        using var x = randn(64, 128);
        using var y = randint(0, 10, [64]);
        return MedianPerCall(s, () =>
        {
            opt.zero_grad();
            nn.functional.cross_entropy(mlp.forward(x), y).backward();
            opt.step();
        }, s.Calls(20), 5, perScope: 1);
    }

    static double TransformerStep(Settings s)
    {
        manual_seed(0);
        using var blocks = new nn.Sequential(new Block(128, 4), new Block(128, 4));
        using var opt = new optim.AdamW(blocks.parameters(), lr: 1e-3);
        using var tokens = randn(16, 8, 128);
        return MedianPerCall(s, () =>
        {
            opt.zero_grad();
            blocks.forward(tokens).pow(2).mean().backward();
            opt.step();
        }, s.Calls(10), 3, perScope: 1);
    }

    /// <summary>A pre-LN transformer block as CLIP's ResidualAttentionBlock (GELU instead of QuickGELU).</summary>
    sealed class Block : nn.Module<Tensor, Tensor>
    {
        public nn.MultiheadAttention attn;
        public nn.LayerNorm ln_1;
        public nn.Sequential mlp;
        public nn.LayerNorm ln_2;

        public Block(long width, long heads)
        {
            attn = new nn.MultiheadAttention(width, heads);
            ln_1 = new nn.LayerNorm(width);
            mlp = new nn.Sequential(new nn.Linear(width, 4 * width), new nn.GELU(), new nn.Linear(4 * width, width));
            ln_2 = new nn.LayerNorm(width);
        }

        public override Tensor forward(Tensor x)
        {
            var h = ln_1.forward(x);
            x = x + attn.forward(h, h, h, need_weights: false).output;   // x + attn(ln_1(x))
            return x + mlp.forward(ln_2.forward(x));                     // x + mlp(ln_2(x))
        }
    }

    // ---- Python side -------------------------------------------------------------------------------------------------

    static (JsonElement? result, string? error) RunPython(string python, int threads, int reps, double scale, bool cpuClock)
    {
        var script = FindScript("scripts/bench/ops.py");
        if (script is null) return (null, "scripts/bench/ops.py was not found above " + AppContext.BaseDirectory);
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "--threads", threads.ToString(), "--reps", reps.ToString(), "--scale", scale.ToString(CultureInfo.InvariantCulture), "--clock", cpuClock ? "cpu" : "wall" })
            info.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                return (null, $"{python} {script} failed (exit code {process.ExitCode}): {stderr.Result.Trim()}");
            var lastLine = stdout.Trim().Split('\n')[^1];
            return (JsonDocument.Parse(lastLine).RootElement.Clone(), null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or JsonException)
        {
            return (null, $"could not run {python} {script}: {e.Message}");
        }
    }

    /// <summary>A file of the repository, found by walking up from the running assembly.</summary>
    static string? FindScript(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, relative);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
