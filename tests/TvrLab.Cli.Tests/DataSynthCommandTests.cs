using System.Diagnostics;
using System.Text.Json;
using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

/// <summary>`tvrlab data synth` run as a real process.</summary>
public sealed class DataSynthCommandTests
{
    static (int Code, string Output) Tvrlab(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TvrLab.Cli.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }

    [Fact]
    public void GeneratesAFolderWithTheRequestedSeedAndCountsAndResumesIt()
    {
        var dir = TestPaths.NewTempDir("cli-synth");
        try
        {
            var (code, output) = Tvrlab("data", "synth", "--preset", "tiny", "--videos", "6", "--test-videos", "2", "--seed", "3", "--out", dir);
            Assert.True(code == 0, output);
            Assert.Contains("6 videos (6 rendered, 0 kept)", output);
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "manifest.json")));
            var settings = manifest.RootElement.GetProperty("settings");
            Assert.Equal(("tiny-custom", 3, 6), (settings.GetProperty("preset").GetString(), settings.GetProperty("seed").GetInt32(), settings.GetProperty("videos").GetInt32()));
            Assert.Contains("tvrlab data synth --preset tiny --seed 3 --videos 6 --test-videos 2 --out DIR", File.ReadAllText(Path.Combine(dir, "README.md")));
            Assert.Equal(6, Directory.GetFiles(Path.Combine(dir, "videos"), "*.mp4").Length);

            (code, output) = Tvrlab("data", "synth", "--preset", "tiny", "--videos", "6", "--test-videos", "2", "--seed", "3", "--out", dir);
            Assert.True(code == 0, output);
            Assert.Contains("6 videos (0 rendered, 6 kept)", output);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("--preset huge", "unknown SynthVTT preset 'huge'")]
    [InlineData("--size 63", "size 63x63")]
    [InlineData("--videos 10 --test-videos 10", "TestVideos = 10")]
    public void BadSettingsExitWithTwoAndSayWhy(string args, string expected)
    {
        var dir = TestPaths.NewTempDir("cli-synth-bad");
        try
        {
            var (code, output) = Tvrlab(["data", "synth", "--out", dir, .. args.Split(' ')]);
            Assert.Equal(2, code);
            Assert.Contains(expected, output);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
        finally { Directory.Delete(dir, true); }
    }
}
