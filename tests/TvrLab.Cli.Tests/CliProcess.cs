using System.Diagnostics;

namespace TvrLab.Cli.Tests;

/// <summary>Runs the built `tvrlab` command (TvrLab.Cli.dll of the same configuration) as a real process.</summary>
static class CliProcess
{
    /// <summary>The CLI beside this test assembly's folder: artifacts/bin/TvrLab.Cli/&lt;config&gt;/TvrLab.Cli.dll.</summary>
    internal static string CliDll { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "TvrLab.Cli",
        new DirectoryInfo(AppContext.BaseDirectory).Name, "TvrLab.Cli.dll"));

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        if (!File.Exists(CliDll)) throw new FileNotFoundException($"the CLI is not built: {CliDll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["COLUMNS"] = "200";   // Spectre.Console wraps at the terminal width
        start.ArgumentList.Add(CliDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tvrlab {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The exit code and everything printed (stdout, then stderr).</summary>
    public static (int exitCode, string output) RunCombined(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        return (code, stdout + stderr);
    }
}
