using TvrLab.Testing;

namespace TvrLab.Cli.Tests;

/// <summary>`tvrlab notebooks run` as a user runs it.</summary>
public class NotebooksCommandTests
{
    static readonly string Fixture = Path.Combine(TestPaths.RepoRoot, "tests", "TvrLab.Notebooks.Tests", "Fixtures", "kit-smoke.ipynb");

    [Fact]
    public void Runs_a_notebook_at_a_preset_and_writes_the_executed_notebook_and_page()
    {
        var outDir = TestPaths.NewTempDir("cli-notebooks");
        var (code, output) = CliProcess.RunCombined("notebooks", "run", Fixture, "--preset", "tiny", "--out", outDir);
        Assert.True(code == 0, output);
        Assert.Contains("1 of 1 notebook(s) ran", output);
        var ipynb = File.ReadAllText(Path.Combine(outDir, "kit-smoke.ipynb"));
        Assert.Contains("preset: tiny", ipynb);
        Assert.True(File.Exists(Path.Combine(outDir, "kit-smoke.html")));
    }

    [Fact]
    public void A_failing_cell_makes_the_exit_code_non_zero_and_is_named()
    {
        var dir = TestPaths.NewTempDir("cli-notebooks-fail");
        var path = Path.Combine(dir, "broken.ipynb");
        File.WriteAllText(path, """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
             "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Broken"},
                       {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "throw new Exception(\"boom\");"}]}
            """);
        var (code, output) = CliProcess.RunCombined("notebooks", "run", path, "--out", Path.Combine(dir, "out"));
        Assert.Equal(1, code);
        Assert.Contains("failed at cell 2: Exception: boom", output);
        Assert.True(File.Exists(Path.Combine(dir, "out", "broken.ipynb")));   // written with the error, to read it in place

        File.WriteAllText(path, "{ not json");
        (code, output) = CliProcess.RunCombined("notebooks", "run", path, "--out", Path.Combine(dir, "out"));
        Assert.Equal(1, code);
        Assert.Contains("broken.ipynb: not valid JSON", output);
        Assert.Equal(2, CliProcess.RunCombined("notebooks", "run", Path.Combine(dir, "missing.ipynb")).exitCode);
    }
}
