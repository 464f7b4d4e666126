using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TvrLab.Runs;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab runs list|show`: the runs recorded in the run store.</summary>
internal static class RunsCommand
{
    static readonly Option<string?> FolderOption = new("--folder")
    {
        Description = $"The run store folder (default: ${RunStore.FolderVariable}, else data/runs/ under the repository)",
    };

    public static Command Create()
    {
        var runs = new Command("runs", "The runs recorded in the run store (SQLite): list them, or show one.");
        runs.Subcommands.Add(List());
        runs.Subcommands.Add(Show());
        return runs;
    }

    static Command List()
    {
        var preset = new Option<string?>("--preset") { Description = "Only runs of this preset" };
        var limit = new Option<int>("--limit") { Description = "At most this many runs, newest first", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "List runs, newest first, with their final metrics.");
        command.Options.Add(FolderOption);
        command.Options.Add(preset);
        command.Options.Add(limit);
        command.SetAction(parseResult =>
        {
            var store = RunStore.Open(parseResult.GetValue(FolderOption));
            var records = store.ListRuns(parseResult.GetValue(preset), parseResult.GetValue(limit));
            if (records.Count == 0)
            {
                Console.WriteLine($"no runs in {store.DatabasePath}");
                return 0;
            }
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("id", "name", "preset", "seed", "status", "started (UTC)", "duration", "final metrics");
            foreach (var r in records)
            {
                var final = string.Join("  ", store.FinalMetrics(r.Id).Select(m => $"{m.Name} {Number(m.Value)}"));
                table.AddRow(r.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Name), Markup.Escape(r.Preset),
                    r.Seed.ToString(CultureInfo.InvariantCulture), Status(r.Status), r.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    r.DurationSeconds is { } d ? Duration(d) : "-", Markup.Escape(final));
            }
            Output.Console.Write(table);
            return 0;
        });
        return command;
    }

    static Command Show()
    {
        var run = new Argument<string>("run") { Description = "The run's name or id" };
        var command = new Command("show", "Show one run: config, versions, timings, checkpoints, per-epoch and final metrics.");
        command.Arguments.Add(run);
        command.Options.Add(FolderOption);
        command.SetAction(parseResult =>
        {
            var store = RunStore.Open(parseResult.GetValue(FolderOption));
            var key = parseResult.GetValue(run)!;
            if (store.FindRun(key) is not { } r)
            {
                Console.Error.WriteLine($"no run named \"{key}\" in {store.DatabasePath}");
                return 1;
            }
            var console = Output.Console;
            var summary = new Grid().AddColumn().AddColumn();
            void Line(string name, string value) => summary.AddRow($"[bold]{name}[/]", Markup.Escape(value));
            Line("run", $"{r.Name} (id {r.Id})");
            Line("preset", r.Preset);
            Line("seed", r.Seed.ToString(CultureInfo.InvariantCulture));
            Line("status", r.Status + (r.Error is { } e ? $": {e}" : ""));
            Line("started", r.StartedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture));
            Line("duration", r.DurationSeconds is { } d ? Duration(d) : "-");
            Line("git", r.GitRevision ?? "-");
            foreach (var (name, version) in r.Versions) Line(name, version);
            foreach (var t in store.Timings(r.Id)) Line($"time {t.Name}", Duration(t.Seconds));
            foreach (var c in store.Checkpoints(r.Id)) Line($"checkpoint {c.Kind}", c.Path + (c.Epoch is { } ep ? $" (epoch {ep})" : ""));
            foreach (var m in store.FinalMetrics(r.Id)) Line($"final {m.Name}", Number(m.Value));
            console.Write(summary);

            var epochs = store.EpochTable(r.Id);
            if (epochs.Count > 0)
            {
                var names = epochs.SelectMany(row => row.Metrics.Keys).Distinct().ToList();
                var table = new Table().Border(TableBorder.Simple).Title("per epoch").AddColumn("epoch");
                foreach (var n in names) table.AddColumn(new TableColumn(Markup.Escape(n)).RightAligned());
                foreach (var row in epochs)
                    table.AddRow([row.Epoch.ToString(CultureInfo.InvariantCulture), .. names.Select(n => row.Metrics.TryGetValue(n, out var v) ? Number(v) : "")]);
                console.Write(table);
            }
            console.WriteLine("config:");
            console.WriteLine(r.Config);
            return 0;
        });
        return command;
    }

    static string Status(RunStatus s) => s switch
    {
        RunStatus.Completed => "[green]completed[/]",
        RunStatus.Failed => "[red]failed[/]",
        RunStatus.Interrupted => "[yellow]interrupted[/]",
        _ => "running",
    };

    static string Number(double v) => v.ToString(Math.Abs(v) >= 1000 || v == Math.Round(v) ? "0.##" : "0.####", CultureInfo.InvariantCulture);

    static string Duration(double seconds) => TimeSpan.FromSeconds(seconds) is var t && t.TotalHours >= 1
        ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{seconds:0.0}s";
}
