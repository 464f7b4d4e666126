namespace TvrLab.Testing;

/// <summary>
/// Where tests find things: the repository root (the folder holding Notebooks.sln), the read-only reference data in
/// ../shared beside it (read in place, never copied), and scratch folders under artifacts/test-tmp.
/// </summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared beside the repository, or $TVRLAB_SHARED.</summary>
    public static string Shared { get; } =
        Environment.GetEnvironmentVariable("TVRLAB_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>A file under ../shared; fails the test with a clear message when it is missing.</summary>
    public static string SharedFile(params string[] parts)
    {
        var path = Path.Combine([Shared, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"reference data missing: {path} (tests read ../shared beside the repository; set TVRLAB_SHARED to move it)");
        return path;
    }

    /// <summary>A fresh, empty scratch folder for one test.</summary>
    public static string NewTempDir(string name)
    {
        var dir = Path.Combine(RepoRoot, "artifacts", "test-tmp", $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 9, 60)]);
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        return dir;
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException($"cannot find Notebooks.sln above {AppContext.BaseDirectory}");
    }
}
