using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TvrLab.Notebooks.Execution;

namespace TvrLab.Cli.Commands;

/// <summary>
/// `tvrlab notebooks run [PATHS] [--preset tiny] [--out DIR]`: runs Polyglot notebooks headless and writes each
/// executed notebook (.ipynb with outputs) and a standalone HTML page; exit code 1 when a cell fails.
/// </summary>
internal static class NotebooksCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks (.ipynb) or folders of them; by default the notebooks/ folder.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var preset = new Option<string?>("--preset") { Description = "Sets `preset` in each notebook's cell tagged \"parameters\" (tiny, small, full)." };
        var output = new Option<string>("--out")
        {
            Description = "Where the executed notebooks and their HTML pages go.",
            DefaultValueFactory = _ => Path.Combine("artifacts", "notebooks"),
        };
        var run = new Command("run", "Run notebooks headless (C# cells in order, one thread), write the executed .ipynb and a standalone HTML page.");
        run.Arguments.Add(paths);
        run.Options.Add(preset);
        run.Options.Add(output);
        run.SetAction(parse => Run(parse.GetValue(paths) ?? [], parse.GetValue(preset), parse.GetValue(output)!));

        var group = new Command("notebooks", "The kit's Polyglot notebooks: run them headless.");
        group.Subcommands.Add(run);
        return group;
    }

    static int Run(string[] paths, string? preset, string outDirectory)
    {
        List<string> notebooks;
        try { notebooks = Expand(paths.Length > 0 ? paths : ["notebooks"]); }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine($"no .ipynb files in {string.Join(", ", paths)}");
            return 2;
        }
        var outDir = Path.GetFullPath(outDirectory);
        var parameters = new Dictionary<string, object>();
        if (preset is not null) parameters["preset"] = preset;

        var failures = 0;
        foreach (var path in notebooks)
        {
            var name = Path.GetFileName(path);
            AnsiConsole.MarkupLineInterpolated($"[bold]{name}[/]");
            var options = new NotebookRunOptions
            {
                Parameters = parameters,
                OnCellStarting = (cell, done, total) => AnsiConsole.MarkupLineInterpolated($"  [grey]cell {cell,3}  ({done + 1}/{total} code cells)[/]"),
            };
            try
            {
                var (result, ipynb, html) = NotebookRunner.RunAndWrite(path, outDir, options);
                var seconds = result.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                if (result.Succeeded)
                    AnsiConsole.MarkupLineInterpolated($"  [green]ok[/] in {seconds} s -> {Relative(html)}");
                else
                {
                    failures++;
                    Console.Error.WriteLine($"  failed at {result.Failure} ({seconds} s) -> {Relative(ipynb)}");
                }
            }
            catch (InvalidDataException e)
            {
                failures++;
                Console.Error.WriteLine($"  {e.Message}");
            }
        }
        AnsiConsole.MarkupLineInterpolated($"{notebooks.Count - failures} of {notebooks.Count} notebook(s) ran; outputs in {Relative(outDir)}");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Files as given, folders as their .ipynb files in name order.</summary>
    static List<string> Expand(IEnumerable<string> paths)
    {
        var result = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p)) result.AddRange(Directory.GetFiles(p, "*.ipynb").Order(StringComparer.Ordinal));
            else if (File.Exists(p)) result.Add(Path.GetFullPath(p));
            else throw new FileNotFoundException($"{p}: no such notebook or folder");
        }
        return result.Select(Path.GetFullPath).Distinct().ToList();
    }

    static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
