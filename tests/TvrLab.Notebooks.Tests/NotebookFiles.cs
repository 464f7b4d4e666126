using TvrLab.Notebooks.Ipynb;
using TvrLab.Testing;

namespace TvrLab.Notebooks.Tests;

/// <summary>Writes small notebooks for the runner tests into fresh scratch folders.</summary>
internal static class NotebookFiles
{
    /// <summary>A notebook of C# code cells (and markdown for strings starting with "# "), saved under a new folder.</summary>
    public static string Write(string name, params string[] cells) => Write(name, cells.Select(c =>
        c.StartsWith("# ", StringComparison.Ordinal) ? NotebookCell.Markdown(c) : NotebookCell.Code(c)).ToArray());

    public static string Write(string name, params NotebookCell[] cells)
    {
        var nb = new Notebook();
        nb.Cells.AddRange(cells);
        var path = Path.Combine(TestPaths.NewTempDir(name), name + ".ipynb");
        nb.Save(path);
        return path;
    }

    /// <summary>#r of an assembly beside the tests (the kit is built into the test folder).</summary>
    public static string Reference(string assembly) => $"#r \"{Path.Combine(AppContext.BaseDirectory, assembly)}\"";

    public static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "TvrLab.Notebooks.Tests", "Fixtures", name);
}
