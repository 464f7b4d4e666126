using System.Diagnostics;

namespace TvrLab.Cli.Tests;

/// <summary>Runs the built CLI as a user does, in a child process: `dotnet TvrLab.Cli.dll ARGS`.</summary>
internal static class TvrlabProcess
{
    /// <summary>The CLI of the same configuration as this test assembly (artifacts/bin/TvrLab.Cli/&lt;config&gt;/TvrLab.Cli.dll).</summary>
    static readonly string Cli = Path.Combine(TvrLab.Testing.TestPaths.RepoRoot, "artifacts", "bin", "TvrLab.Cli",
                                              new DirectoryInfo(AppContext.BaseDirectory).Name, "TvrLab.Cli.dll");

    /// <summary>The exit code and everything printed (stdout, then stderr).</summary>
    public static (int exitCode, string output) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["COLUMNS"] = "200";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
