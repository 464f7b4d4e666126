using System.Text.RegularExpressions;
using TvrLab.Notebooks.Ipynb;

namespace TvrLab.Notebooks.Execution;

/// <summary>
/// Decides whether the runner can run a code cell: C# only (by the cell's kernel metadata, the notebook's default
/// kernel, or a leading <c>#!csharp</c>), no NuGet references, no other magic commands. Returns the C# to submit.
/// </summary>
internal static partial class CellSource
{
    static readonly HashSet<string> CSharpNames = new(StringComparer.OrdinalIgnoreCase) { "csharp", "c#", "cs" };

    [GeneratedRegex("""^\s*#(r|i)\s+"nuget:""", RegexOptions.IgnoreCase)]
    private static partial Regex NuGetDirective();

    [GeneratedRegex(@"^\s*#!(\S+)")]
    private static partial Regex Magic();

    /// <summary>The C# code of the cell, or an explanation of why the runner cannot run it.</summary>
    public static (string? code, string? rejection) Prepare(NotebookCell cell, string defaultKernel)
    {
        var kernel = cell.KernelName ?? defaultKernel;
        var lines = cell.Source.Split('\n');
        var code = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (Magic().Match(line) is { Success: true } m)
            {
                var name = m.Groups[1].Value;
                if (CSharpNames.Contains(name) && code.All(string.IsNullOrWhiteSpace)) { kernel = "csharp"; code.Add(""); continue; }
                return (null, IsKernelName(name)
                    ? $"line {i + 1}: #!{name} switches to the {name} kernel; the headless runner runs C# only"
                    : $"line {i + 1}: the magic command #!{name} needs the .NET Interactive kernel; the headless runner runs plain C# (use VS Code)");
            }
            if (NuGetDirective().IsMatch(line))
                return (null, $"line {i + 1}: `{line.Trim()}` needs the .NET Interactive kernel's NuGet support; the headless runner takes `#r \"path/to.dll\"` references only (build the kit and #r the assemblies)");
            code.Add(line);
        }
        if (!CSharpNames.Contains(kernel))
            return (null, $"the cell's kernel is \"{kernel}\"; the headless runner runs C# cells only");
        // Blank lines keep the line numbers of compiler messages equal to the cell's own.
        return (string.Join('\n', code), null);
    }

    static bool IsKernelName(string name) => name.ToLowerInvariant() is
        "fsharp" or "f#" or "fs" or "pwsh" or "powershell" or "javascript" or "js" or "html" or "markdown" or "md" or
        "mermaid" or "sql" or "kql" or "value" or "http" or "python" or "r";
}
