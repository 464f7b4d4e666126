using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Cli.Commands.Demo;

/// <summary>
/// `tvrlab demo --engine`: a short CPU demo of the engine alone: a small MLP learns to separate a three-arm spiral with
/// AdamW and a warmup-cosine schedule, and the loss falls.
/// </summary>
internal static class EngineDemo
{
    public static int Run(int steps, int seed)
    {
        if (steps < 10)
        {
            AnsiConsole.MarkupLine("[red]--steps must be at least 10[/]");
            return 2;
        }
        manual_seed((ulong)seed);
        using var data = NewDisposeScope();
        var (x, y) = Spiral(arms: 3, pointsPerArm: 300);
        using var model = new nn.Sequential(new nn.Linear(2, 64), new nn.GELU(), new nn.Linear(64, 64), new nn.GELU(), new nn.Linear(64, 3));
        using var optimizer = new optim.AdamW(model.parameters(), lr: 1e-2, weight_decay: 1e-4);
        var schedule = optim.lr_scheduler.get_warmup_cosine_schedule(optimizer, total_steps: steps, warmup_proportion: 0.1);

        AnsiConsole.MarkupLine($"[bold]TvrLab engine demo[/]: a 3-layer MLP learns a 3-arm spiral ({x.size(0)} points), " +
                               $"AdamW + warmup-cosine, libtorch {__version__} on the CPU.");
        var table = new Table().AddColumn(new TableColumn("step").RightAligned()).AddColumn(new TableColumn("loss").RightAligned())
                               .AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("lr").RightAligned());
        double first = 0, last = 0, accuracy = 0;
        var clock = Stopwatch.StartNew();
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: steps);
                for (int step = 0; step < steps; step++)
                {
                    using var scope = NewDisposeScope();
                    var lr = optimizer.param_groups[0].lr;
                    optimizer.zero_grad();
                    var logits = model.forward(x);
                    var loss = nn.functional.cross_entropy(logits, y);
                    loss.backward();
                    optimizer.step();
                    schedule.step();
                    last = loss.item<float>();
                    if (step == 0) first = last;
                    if (step % (steps / 10) == 0 || step == steps - 1)
                    {
                        accuracy = logits.argmax(1).eq(y).@float().mean().item<float>();
                        table.AddRow(step.ToString(), last.ToString("F4", CultureInfo.InvariantCulture), accuracy.ToString("P1", CultureInfo.InvariantCulture),
                                     lr.ToString("0.00e+0", CultureInfo.InvariantCulture));
                    }
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"training, loss {last:F4}");
                    task.Increment(1);
                }
            });
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Loss {first:F3} -> {last:F3}, accuracy {accuracy:P1}, {steps} steps in {clock.Elapsed.TotalSeconds:F1} s."));
        return 0;
    }

    /// <summary>
    /// Points on <paramref name="arms"/> spiral arms, one class per arm: radius r in [0, 1], angle
    /// theta = 2 pi k / arms + 4 r + noise, point (r sin theta, r cos theta).
    /// </summary>
    static (Tensor x, Tensor y) Spiral(int arms, int pointsPerArm)
    {
        var r = linspace(0, 1, pointsPerArm).repeat(arms);
        var k = arange(arms).repeat_interleave(pointsPerArm, 0);
        var theta = k.@float() * (2 * Math.PI / arms) + r * 4 + randn(arms * pointsPerArm) * 0.2;
        var x = stack([r * theta.sin(), r * theta.cos()], 1);
        return (x, k);
    }
}
