using TvrLab.Notebooks.Execution;
using TvrLab.Testing;

namespace TvrLab.Notebooks.Tests;

/// <summary>Every notebook of the kit (notebooks/*.ipynb) and the smoke fixture runs to the end at the tiny preset.</summary>
public class NotebookSuiteTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string> { Path.Combine("tests", "TvrLab.Notebooks.Tests", "Fixtures", "kit-smoke.ipynb") };
        var folder = Path.Combine(TestPaths.RepoRoot, "notebooks");
        if (Directory.Exists(folder))
            foreach (var nb in Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(TestPaths.RepoRoot, nb));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Runs_at_tiny(string notebook)
    {
        var outDir = Path.Combine(TestPaths.RepoRoot, "artifacts", "test-output", "notebooks");
        var (result, _, _) = NotebookRunner.RunAndWrite(Path.Combine(TestPaths.RepoRoot, notebook), outDir,
            new NotebookRunOptions { Parameters = new Dictionary<string, object> { ["preset"] = "tiny" } });
        Assert.True(result.Succeeded, $"{notebook}: {result.Failure}");
    }
}
