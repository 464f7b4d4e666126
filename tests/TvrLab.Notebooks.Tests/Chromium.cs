using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TvrLab.Notebooks.Tests;

/// <summary>
/// Debian's headless Chromium, run on a local file with a fresh profile and nothing that reaches the network:
/// the DOM after the page's scripts ran (a virtual time budget lets plotly draw), or a screenshot.
/// </summary>
internal static partial class Chromium
{
    static string Executable() =>
        new[] { "chromium", "chromium-browser" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("chromium is not installed: run scripts/setup.sh (it installs Debian's chromium)");

    /// <summary>The serialised DOM once scripts ran.</summary>
    public static string DumpDom(string htmlPath) => Run(htmlPath, "--dump-dom");

    /// <summary>Saves a PNG of the page at the given window size.</summary>
    public static void Screenshot(string htmlPath, string pngPath, int width = 1200, int height = 2400)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pngPath)!);
        if (File.Exists(pngPath)) File.Delete(pngPath);
        Run(htmlPath, $"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars");
        if (!File.Exists(pngPath)) throw new InvalidOperationException($"chromium wrote no screenshot to {pngPath}");
    }

    /// <summary>The text of the page's script-error list (TvrLab.Viz.HtmlPage records window errors there).</summary>
    public static string ScriptErrors(string dom) =>
        ErrorList().Match(dom) is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("the page has no script-error list (id tvrlab-script-errors)");

    [GeneratedRegex("<pre id=\"tvrlab-script-errors\"[^>]*>(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ErrorList();

    static string Run(string htmlPath, params string[] extra)
    {
        var profile = Directory.CreateTempSubdirectory("tvrlab-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable())
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000",
            }.Concat(extra).Append(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri))
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish loading {htmlPath} in 120 s");
            }
            if (process.ExitCode != 0) throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally { profile.Delete(recursive: true); }
    }
}
