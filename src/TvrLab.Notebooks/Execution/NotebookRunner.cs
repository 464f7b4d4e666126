using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Scripting;
using TvrLab.Notebooks.Display;
using TvrLab.Notebooks.Ipynb;
using TvrLab.Notebooks.Rendering;
using TvrLab.Viz;

namespace TvrLab.Notebooks.Execution;

/// <summary>How to run a notebook.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>
    /// Values for variables the notebook declares in its cell tagged "parameters" (papermill's convention), e.g.
    /// preset = "tiny": a cell tagged "injected-parameters" assigning them runs right after it.
    /// </summary>
    public IReadOnlyDictionary<string, object> Parameters { get; init; } = new Dictionary<string, object>();

    /// <summary>Told as each code cell starts: (1-based cell number, code cells run so far, code cells in all).</summary>
    public Action<int, int, int>? OnCellStarting { get; init; }
}

/// <summary>The cell a run stopped at and why.</summary>
public sealed record CellFailure(int CellNumber, string ErrorName, string Message)
{
    public override string ToString() => $"cell {CellNumber}: {ErrorName}: {Message}";
}

/// <summary>The executed notebook (outputs filled in) and whether every cell ran.</summary>
public sealed record NotebookRunResult(Notebook Executed, CellFailure? Failure, TimeSpan Elapsed)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// Runs a notebook's C# cells in order, headless, as VS Code's Polyglot Notebooks would: one scripting state, one
/// thread, the notebook's folder as working directory. Stops at the first failing cell (its error becomes that
/// cell's output and the later cells keep no outputs).
/// </summary>
public static class NotebookRunner
{
    /// <summary>Reads, runs and returns the executed notebook.</summary>
    public static NotebookRunResult Run(string path, NotebookRunOptions? options = null) => Run(Notebook.Load(path), options);

    /// <summary>Console output and the working directory are process-wide: one notebook runs at a time.</summary>
    static readonly Lock oneAtATime = new();

    /// <summary>
    /// Runs a notebook read earlier; its folder (from <see cref="Notebook.Path"/>) anchors relative paths and is the
    /// working directory while it runs. Runs in one process take turns.
    /// </summary>
    public static NotebookRunResult Run(Notebook notebook, NotebookRunOptions? options = null)
    {
        lock (oneAtATime) return RunAlone(notebook, options ?? new NotebookRunOptions());
    }

    static NotebookRunResult RunAlone(Notebook notebook, NotebookRunOptions options)
    {
        var clock = Stopwatch.StartNew();
        var name = notebook.Path ?? "notebook";
        var directory = Path.GetDirectoryName(Path.GetFullPath(notebook.Path ?? "notebook.ipynb"))!;
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }

        if (InjectParameters(notebook, options.Parameters, name) is { } badParameters) return new(notebook, badParameters, clock.Elapsed);

        // Refuse what cannot run before running anything.
        var prepared = new Dictionary<NotebookCell, string>();
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (!cell.IsCode || string.IsNullOrWhiteSpace(cell.Source)) continue;
            var (code, rejection) = CellSource.Prepare(cell, notebook.DefaultKernelName);
            if (rejection is not null)
            {
                cell.Outputs.Add(NotebookOutput.Error("UnsupportedCell", rejection, [$"{name}, cell {i + 1}: {rejection}"]));
                return new(notebook, new CellFailure(i + 1, "UnsupportedCell", rejection), clock.Elapsed);
            }
            prepared[cell] = code!;
        }

        var previousDirectory = Environment.CurrentDirectory;
        PlotlyJs.ResetSession();
        using var session = new ScriptSession(directory);
        try
        {
            Environment.CurrentDirectory = directory;
            int executed = 0;
            for (int i = 0; i < notebook.Cells.Count; i++)
            {
                var cell = notebook.Cells[i];
                if (!prepared.TryGetValue(cell, out var code)) continue;
                options.OnCellStarting?.Invoke(i + 1, executed, prepared.Count);
                cell.ExecutionCount = ++executed;
                var outputs = new CellOutputs();
                var result = session.Run(code, outputs);
                cell.Outputs.AddRange(outputs.Snapshot());
                var error = result.Error;
                if (error is null && result.HasValue)
                {
                    try { cell.Outputs.Add(NotebookOutput.Result(MimeFormatter.Format(result.Value), executed)); }
                    catch (Exception e) { error = e; }
                }
                if (error is not null)
                {
                    var failure = Describe(error, i + 1);
                    cell.Outputs.Add(NotebookOutput.Error(failure.ErrorName, failure.Message, Traceback(error, name, i + 1)));
                    return new(notebook, failure, clock.Elapsed);
                }
            }
            return new(notebook, null, clock.Elapsed);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }
    }

    /// <summary>
    /// Runs a notebook and writes <c>DIR/NAME.ipynb</c> (with outputs) and <c>DIR/NAME.html</c> (standalone), also when
    /// a cell failed, so that the error can be read in place.
    /// </summary>
    public static (NotebookRunResult result, string ipynb, string html) RunAndWrite(string path, string outDirectory, NotebookRunOptions? options = null)
    {
        var result = Run(path, options);
        var stem = Path.GetFileNameWithoutExtension(path);
        var ipynb = Path.Combine(outDirectory, stem + ".ipynb");
        var html = Path.Combine(outDirectory, stem + ".html");
        result.Executed.Save(ipynb);
        HtmlPage.WriteAtomically(html, NotebookHtml.Render(result.Executed, stem));
        return (result, ipynb, html);
    }

    /// <summary>Adds the "injected-parameters" cell after the "parameters" cell; an error when the notebook has no place for them.</summary>
    static CellFailure? InjectParameters(Notebook notebook, IReadOnlyDictionary<string, object> parameters, string name)
    {
        if (parameters.Count == 0) return null;
        notebook.Cells.RemoveAll(c => c.Tags.Contains("injected-parameters"));
        var index = notebook.Cells.FindIndex(c => c.IsCode && c.Tags.Contains("parameters"));
        if (index < 0)
            return new CellFailure(0, "NoParametersCell",
                $"{name} has no code cell tagged \"parameters\", so {string.Join(", ", parameters.Keys)} cannot be set (tag the cell that declares them)");
        foreach (var key in parameters.Keys)
            if (!Regex.IsMatch(notebook.Cells[index].Source, $@"\b{Regex.Escape(key)}\b"))
                return new CellFailure(index + 1, "UnknownParameter", $"the parameters cell (cell {index + 1}) does not declare `{key}`");
        var source = "// Injected by the headless runner (tvrlab notebooks run).\n" +
                     string.Join("\n", parameters.Select(p => $"{p.Key} = {Literal(p.Value)};"));
        notebook.Cells.Insert(index + 1, NotebookCell.Code(source, "injected-parameters"));
        return null;
    }

    static string Literal(object value) => value switch
    {
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"parameter value {value} ({value.GetType().Name}) is not a string, number or bool"),
    };

    static CellFailure Describe(Exception error, int cellNumber) => error switch
    {
        CompilationErrorException c => new CellFailure(cellNumber, "CompilationError",
            string.Join("; ", c.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Diagnostic))),
        _ => new CellFailure(cellNumber, error.GetType().Name, error.Message),
    };

    static string Diagnostic(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    static string[] Traceback(Exception error, string notebook, int cellNumber) => error switch
    {
        CompilationErrorException c => [$"{notebook}, cell {cellNumber}: the cell does not compile", .. c.Diagnostics.Select(Diagnostic)],
        _ => [$"{notebook}, cell {cellNumber}", .. error.ToString().Split('\n').Select(l => l.TrimEnd('\r'))],
    };
}
