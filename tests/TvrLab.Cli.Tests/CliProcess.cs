using System.Diagnostics;

namespace TvrLab.Cli.Tests;

/// <summary>Runs the built CLI as a user runs it: the TvrLab.Cli.dll of this test assembly's configuration, in a child process.</summary>
public static class CliProcess
{
    /// <summary>artifacts/bin/TvrLab.Cli/&lt;config&gt;/TvrLab.Cli.dll.</summary>
    public static readonly string Cli = Path.Combine(TvrLab.Testing.TestPaths.RepoRoot, "artifacts", "bin", "TvrLab.Cli",
                                                     new DirectoryInfo(AppContext.BaseDirectory).Name, "TvrLab.Cli.dll");

    /// <summary>Runs `tvrlab args...`; returns the exit code, stdout followed by stderr, and stderr alone.</summary>
    public static (int exitCode, string output, string stderr) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["COLUMNS"] = "200";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result, stderr.Result);
    }
}
