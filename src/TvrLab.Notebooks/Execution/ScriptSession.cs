using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using TvrLab.Notebooks.Display;

namespace TvrLab.Notebooks.Execution;

/// <summary>What one cell's submission gave: the value of its trailing expression (if it has one) or an error.</summary>
internal sealed record SubmissionResult(bool HasValue, object? Value, Exception? Error);

/// <summary>
/// One Roslyn scripting state for a notebook: each cell is a submission chained onto the previous ones
/// (<c>ContinueWithAsync</c>), so variables, types and usings carry over, all run on one dedicated thread.
/// Usings are .NET Interactive's defaults; <c>display(...)</c> and <c>HTML(...)</c> come from a prelude submission
/// that calls into <see cref="NotebookKernel"/> through AppContext, so that the notebook's compilation references
/// nothing of the runner's: a notebook's <c>#r "…/TvrLab.dll"</c> then never meets a second TvrLab.dll of the same
/// identity (the runner's own dependency), which would make calls ambiguous. <c>#r "relative.dll"</c> resolves
/// against the notebook's folder.
/// </summary>
internal sealed class ScriptSession : IDisposable
{
    /// <summary>The usings .NET Interactive's C# kernel starts with.</summary>
    public static readonly string[] DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    const string DisplayKey = "TvrLab.Notebooks.display", HtmlKey = "TvrLab.Notebooks.HTML";

    /// <summary>The helpers with .NET Interactive's names and shapes (display returns a value with Update(object)).</summary>
    const string Prelude = $$"""
        dynamic display(object value, params string[] mimeTypes) => ((Func<object, string[], object>)AppContext.GetData("{{DisplayKey}}"))(value, mimeTypes);
        object HTML(string content) => ((Func<string, object>)AppContext.GetData("{{HtmlKey}}"))(content);
        """;

    static ScriptSession()
    {
        AppContext.SetData(DisplayKey, (Func<object?, string[], object>)((value, mimeTypes) => NotebookKernel.display(value, mimeTypes)));
        AppContext.SetData(HtmlKey, (Func<string, object>)NotebookKernel.HTML);
    }

    readonly DedicatedThread thread = new("notebook cells");
    readonly ScriptOptions options;
    ScriptState<object> state;

    public ScriptSession(string notebookDirectory)
    {
        options = ScriptOptions.Default
            .WithReferences(FrameworkReferences())
            .WithImports(DefaultImports)
            .WithMetadataResolver(new NotebookMetadataResolver(notebookDirectory))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, notebookDirectory))
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(true);
        state = thread.Run(() => CSharpScript.Create<object>(Prelude, options).RunAsync());
    }

    /// <summary>Compiles and runs one cell on the session's thread; stdout/stderr and display() go to <paramref name="outputs"/>.</summary>
    public SubmissionResult Run(string code, CellOutputs outputs) => thread.Run(async () =>
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var active = outputs.Activate();
        Console.SetOut(outputs.Writer("stdout"));
        Console.SetError(outputs.Writer("stderr"));
        try
        {
            var next = await state.ContinueWithAsync<object>(code, options, catchException: _ => true);
            if (next.Exception is { } thrown) return new SubmissionResult(false, null, thrown);
            state = next;
            return new SubmissionResult(HasTrailingValue(next.Script.GetCompilation()), next.ReturnValue, null);
        }
        catch (CompilationErrorException e) { return new SubmissionResult(false, null, e); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The cell's own exceptions arrive in next.Exception; anything thrown here is the compiler failing on the
            // cell (Roslyn's scripting binder has crashed with a NullReferenceException on some global deconstructions).
            return new SubmissionResult(false, null, new CompilerCrashException(
                $"the C# compiler crashed on this cell ({e.GetType().Name}: {e.Message}); rewrite the statement it fails on (e.g. split a deconstruction)", e));
        }
        finally
        {
            Console.Out.Flush();
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    });
    /// <summary>
    /// Whether the submission ends in an expression without a semicolon that has a value (not void): that value is
    /// the cell's result, as in .NET Interactive.
    /// </summary>
    static bool HasTrailingValue(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.Single();
        if (tree.GetRoot() is not CompilationUnitSyntax unit ||
            unit.Members.LastOrDefault() is not GlobalStatementSyntax
            {
                Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement,
            })
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    /// <summary>The runtime's own assemblies (System.*, netstandard), so cells can use the whole base library.</summary>
    static IEnumerable<MetadataReference> FrameworkReferences()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        return tpa.Where(p => Path.GetDirectoryName(p) == runtimeDir)
            .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll" or "Microsoft.Win32.Primitives.dll"))
            .Where(IsManagedAssembly)
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    static bool IsManagedAssembly(string path)
    {
        try { AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }

    public void Dispose() => thread.Dispose();
}

/// <summary>The C# scripting compiler itself failed on a cell (an internal error, not a diagnostic of the code).</summary>
public sealed class CompilerCrashException(string message, Exception inner) : Exception(message, inner);
