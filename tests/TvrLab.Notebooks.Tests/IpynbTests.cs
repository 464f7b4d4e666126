using System.Text.Json.Nodes;
using TvrLab.Notebooks.Execution;
using TvrLab.Notebooks.Ipynb;
using TvrLab.Testing;

namespace TvrLab.Notebooks.Tests;

public class IpynbTests
{
    [Fact]
    public void The_executed_notebook_is_nbformat_4_5_with_outputs_as_VS_Code_writes_them()
    {
        var path = NotebookFiles.Write("written",
            NotebookFiles.Reference("TvrLab.Torch.dll") + "\n" + NotebookFiles.Reference("TvrLab.dll") +
            "\nConsole.WriteLine(\"one\");\nConsole.WriteLine(\"two\");\nTvrLab.Viz.Figure.Heatmap(new double[,] { { 1, double.NaN } })",
            "throw new ArgumentException(\"bad\");");
        var outDir = TestPaths.NewTempDir("written-out");
        var (result, ipynb, _) = NotebookRunner.RunAndWrite(path, outDir);
        Assert.False(result.Succeeded);

        var root = JsonNode.Parse(File.ReadAllText(ipynb))!.AsObject();   // valid JSON
        Assert.Equal(["cells", "metadata", "nbformat", "nbformat_minor"], root.Select(p => p.Key));
        Assert.Equal(4, root["nbformat"]!.GetValue<int>());
        Assert.Equal(5, root["nbformat_minor"]!.GetValue<int>());
        Assert.Equal(".net-csharp", root["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", root["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());

        var cells = root["cells"]!.AsArray();
        Assert.All(cells, c => Assert.False(string.IsNullOrEmpty(c!["id"]!.GetValue<string>())));
        var first = cells[0]!;
        Assert.Equal("csharp", first["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        Assert.Equal(1, first["execution_count"]!.GetValue<int>());
        Assert.IsType<JsonArray>(first["source"]);
        var outputs = first["outputs"]!.AsArray();
        Assert.Equal("stream", outputs[0]!["output_type"]!.GetValue<string>());
        Assert.Equal(["one\n", "two\n"], outputs[0]!["text"]!.AsArray().Select(l => l!.GetValue<string>()));
        var result1 = outputs[1]!;
        Assert.Equal("execute_result", result1["output_type"]!.GetValue<string>());
        Assert.Equal(1, result1["execution_count"]!.GetValue<int>());
        var plotly = result1["data"]!["application/vnd.plotly.v1+json"]!;
        Assert.IsType<JsonObject>(plotly);                                   // JSON MIME types are stored as JSON
        Assert.Null(plotly["data"]![0]!["z"]![0]![1]);                       // NaN written as null
        Assert.IsType<JsonArray>(result1["data"]!["text/html"]);             // text as a list of lines

        var error = cells[1]!["outputs"]![0]!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("ArgumentException", error["ename"]!.GetValue<string>());
        Assert.Equal("bad", error["evalue"]!.GetValue<string>());
        Assert.NotEmpty(error["traceback"]!.AsArray());

        // It reads back to the same notebook.
        var again = Notebook.Load(ipynb);
        Assert.Equal(File.ReadAllText(ipynb), again.ToJson());
    }

    [Fact]
    public void Sources_may_be_a_string_or_a_list_of_lines()
    {
        var nb = Notebook.Parse("""
            {"nbformat": 4, "nbformat_minor": 2, "metadata": {},
             "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "var a = 1;\nvar b = 2;"},
                       {"cell_type": "markdown", "metadata": {}, "source": ["# T\n", "text"]}]}
            """, "inline.ipynb");
        Assert.Equal("var a = 1;\nvar b = 2;", nb.Cells[0].Source);
        Assert.Equal("# T\ntext", nb.Cells[1].Source);
        Assert.Equal("csharp", nb.DefaultKernelName);
    }

    [Fact]
    public void Bad_files_get_errors_that_name_the_file_and_the_problem()
    {
        var bad = Assert.Throws<InvalidDataException>(() => Notebook.Parse("{\"cells\": [", "broken.ipynb"));
        Assert.StartsWith("broken.ipynb: not valid JSON (line 1", bad.Message);
        var noCells = Assert.Throws<InvalidDataException>(() => Notebook.Parse("{\"nbformat\": 4}", "x.ipynb"));
        Assert.Equal("x.ipynb: not a Jupyter notebook: no \"cells\" array", noCells.Message);
        var old = Assert.Throws<InvalidDataException>(() => Notebook.Parse("{\"nbformat\": 3, \"worksheets\": []}", "old.ipynb"));
        Assert.Contains("nbformat 3 is not supported", old.Message);
        var cellType = Assert.Throws<InvalidDataException>(() => Notebook.Parse("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": \"\"}, {\"cell_type\": \"sql\"}]}", "t.ipynb"));
        Assert.Equal("t.ipynb: cell 2: cell_type \"sql\" is not one of code, markdown, raw", cellType.Message);
        var source = Assert.Throws<InvalidDataException>(() => Notebook.Parse("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [\"a\", 3]}]}", "s.ipynb"));
        Assert.Equal("s.ipynb: cell 1 source: line 2 is not a string", source.Message);
        Assert.Throws<FileNotFoundException>(() => Notebook.Load(Path.Combine(TestPaths.NewTempDir("missing"), "none.ipynb")));
    }
}
