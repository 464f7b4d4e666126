using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using TvrLab.Torch;

namespace TvrLab.Runs;

/// <summary>What a run records about the machine and code it ran on.</summary>
public static class RunEnvironment
{
    /// <summary>Versions of .NET, libtorch (and its build), TvrLab and the operating system.</summary>
    public static IReadOnlyDictionary<string, string> Versions() => new Dictionary<string, string>
    {
        [".NET"] = RuntimeInformation.FrameworkDescription,
        ["libtorch"] = torch.__version__ + (torch.cuda.built_with_cuda() ? " (CUDA build)" : " (CPU build)"),
        ["TvrLab"] = typeof(RunEnvironment).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        ["os"] = RuntimeInformation.OSDescription,
        ["cuda devices"] = torch.cuda.is_available() ? torch.cuda.device_count().ToString() : "0",
    };

    /// <summary>
    /// The git commit checked out at <paramref name="directory"/> (default: the current directory), with "+dirty" when
    /// tracked files have uncommitted changes; null when it is not in a git repository or git is not installed.
    /// </summary>
    public static string? GitRevision(string? directory = null)
    {
        var dir = directory ?? Environment.CurrentDirectory;
        var head = Git(dir, "rev-parse", "HEAD");
        if (head is null) return null;
        var changes = Git(dir, "status", "--porcelain", "--untracked-files=no");
        return changes is { Length: > 0 } ? head + "+dirty" : head;
    }

    static string? Git(string directory, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.StandardError.ReadToEnd();
            return p.WaitForExit(10_000) && p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // git is not installed
        }
    }
}
