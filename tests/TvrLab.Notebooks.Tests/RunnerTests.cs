using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TvrLab.Notebooks.Execution;
using TvrLab.Notebooks.Ipynb;
using TvrLab.Testing;

namespace TvrLab.Notebooks.Tests;

public class RunnerTests
{
    static NotebookRunResult Run(string path, IReadOnlyDictionary<string, object>? parameters = null) =>
        NotebookRunner.Run(path, new NotebookRunOptions { Parameters = parameters ?? new Dictionary<string, object>() });

    static List<NotebookCell> Code(NotebookRunResult r) => r.Executed.Cells.Where(c => c.IsCode).ToList();

    [Fact]
    public void Stdout_stderr_display_and_the_trailing_value_become_outputs_in_order()
    {
        var path = NotebookFiles.Write("outputs",
            "# Title",
            "Console.WriteLine(\"hello\");\nConsole.Write(\"wor\");\nConsole.WriteLine(\"ld\");\nConsole.Error.WriteLine(\"careful\");",
            "display(\"shown\");\nConsole.WriteLine(\"after\");\nvar d = display(\"first\");\nd.Update(\"second\");\ndisplay(HTML(\"<b>bold</b>\"));\n1 + 2",
            "Console.WriteLine(\"no value\")",
            "var x = 5;");
        var result = Run(path);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var cells = Code(result);
        Assert.Equal([1, 2, 3, 4], cells.Select(c => c.ExecutionCount!.Value));
        Assert.Equal("# Title", result.Executed.Cells[0].Source);

        var first = cells[0].Outputs;
        Assert.Equal(2, first.Count);
        Assert.Equal(("stream", "stdout", "hello\nworld\n"), (first[0].OutputType, first[0].Name, first[0].Text));
        Assert.Equal(("stream", "stderr", "careful\n"), (first[1].OutputType, first[1].Name, first[1].Text));

        var second = cells[1].Outputs;
        Assert.Equal(["display_data", "stream", "display_data", "display_data", "execute_result"], second.Select(o => o.OutputType));
        Assert.Equal("shown", second[0].Data["text/plain"]);
        Assert.Equal("after\n", second[1].Text);
        Assert.Equal("second", second[2].Data["text/plain"]);     // replaced in place by Update
        Assert.Equal("<b>bold</b>", second[3].Data["text/html"]);
        Assert.Equal("3", second[4].Data["text/plain"]);
        Assert.Equal(2, second[4].ExecutionCount);

        Assert.Equal(["stream"], cells[2].Outputs.Select(o => o.OutputType));   // a void call has no value
        Assert.Empty(cells[3].Outputs);                                          // a statement has no value
    }

    [Fact]
    public void A_failing_cell_stops_the_run_with_its_number_and_error()
    {
        var path = NotebookFiles.Write("fails",
            "# Intro",
            "var n = 1;\nConsole.WriteLine(n);",
            "Console.WriteLine(\"before\");\nthrow new InvalidOperationException(\"the cell broke\");",
            "Console.WriteLine(\"never\");");
        var result = Run(path);
        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Failure!.CellNumber);
        Assert.Equal("InvalidOperationException", result.Failure.ErrorName);
        Assert.Equal("the cell broke", result.Failure.Message);
        var failed = result.Executed.Cells[2];
        Assert.Equal(["stream", "error"], failed.Outputs.Select(o => o.OutputType));
        var error = failed.Outputs[1];
        Assert.Equal(("InvalidOperationException", "the cell broke"), (error.EName, error.EValue));
        Assert.Contains(error.Traceback, l => l.Contains("cell 3"));
        var never = result.Executed.Cells[3];
        Assert.Null(never.ExecutionCount);
        Assert.Empty(never.Outputs);
    }

    [Fact]
    public void A_compile_error_names_the_cell_line_and_compiler_message()
    {
        var result = Run(NotebookFiles.Write("compile", "var a = 1;", "var b = 2;\nvar c = undefinedName + b;"));
        Assert.Equal(2, result.Failure!.CellNumber);
        Assert.Equal("CompilationError", result.Failure.ErrorName);
        Assert.Contains("(2,9): error CS0103", result.Failure.Message);
        Assert.Contains("undefinedName", result.Failure.Message);
    }

    [Fact]
    public void A_compiler_crash_is_a_failed_cell_not_a_crashed_runner()
    {
        // Roslyn's scripting binder throws NullReferenceException on this global deconstruction of a switch expression.
        var result = Run(NotebookFiles.Write("compiler-crash", "var preset = \"tiny\";",
            "var (only, overrides) = preset switch\n{\n    \"tiny\" => (new[] { \"a\" }, new[] { \"b\" }),\n    _ => (Array.Empty<string>(), Array.Empty<string>()),\n};"));
        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Failure!.CellNumber);
        Assert.Equal("CompilerCrashException", result.Failure.ErrorName);
        Assert.Contains("the C# compiler crashed on this cell", result.Failure.Message);
    }

    [Fact]
    public void NuGet_references_are_rejected_before_anything_runs()
    {
        var result = Run(NotebookFiles.Write("nuget", "Console.WriteLine(1);", "#r \"nuget: Plotly.NET, 4.2.0\"\nusing Plotly.NET;"));
        Assert.Equal(2, result.Failure!.CellNumber);
        Assert.Equal("UnsupportedCell", result.Failure.ErrorName);
        Assert.Contains("#r \"nuget: Plotly.NET, 4.2.0\"", result.Failure.Message);
        Assert.Contains("line 1", result.Failure.Message);
        Assert.Null(Code(result)[0].ExecutionCount);   // nothing ran
        Assert.Equal("error", Code(result)[1].Outputs.Single().OutputType);
    }

    [Fact]
    public void Cells_of_other_kernels_and_magic_commands_are_rejected_with_the_cell_named()
    {
        var fsharp = Run(NotebookFiles.Write("fsharp", "var a = 1;", "#!fsharp\nlet x = 1"));
        Assert.Equal(2, fsharp.Failure!.CellNumber);
        Assert.Contains("#!fsharp switches to the fsharp kernel", fsharp.Failure.Message);

        var pwshCell = NotebookCell.Code("Get-ChildItem");
        pwshCell.Metadata["polyglot_notebook"]!["kernelName"] = "pwsh";
        var pwsh = Run(NotebookFiles.Write("pwsh", NotebookCell.Code("var a = 1;"), NotebookCell.Markdown("text"), pwshCell));
        Assert.Equal(3, pwsh.Failure!.CellNumber);
        Assert.Contains("kernel is \"pwsh\"", pwsh.Failure.Message);

        var time = Run(NotebookFiles.Write("magic", "#!time\nvar a = 1;"));
        Assert.Contains("magic command #!time", time.Failure!.Message);

        // A leading #!csharp is C#.
        Assert.True(Run(NotebookFiles.Write("csharp", "#!csharp\nConsole.WriteLine(1);")).Succeeded);
    }

    [Fact]
    public void A_relative_reference_resolves_against_the_notebook_folder()
    {
        var path = NotebookFiles.Write("relative", "#r \"lib/Greeter.dll\"\nConsole.WriteLine(Greeter.Hello(\"notebook\"));");
        var lib = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(path)!, "lib")).FullName;
        CompileGreeter(Path.Combine(lib, "Greeter.dll"));
        var result = Run(path);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("hello, notebook\n", Code(result)[0].Outputs.Single().Text);
    }

    [Fact]
    public void The_working_directory_is_the_notebook_folder()
    {
        var path = NotebookFiles.Write("cwd", "Console.WriteLine(Environment.CurrentDirectory);");
        var before = Environment.CurrentDirectory;
        var result = Run(path);
        Assert.Equal(Path.GetDirectoryName(path) + "\n", Code(result)[0].Outputs.Single().Text);
        Assert.Equal(before, Environment.CurrentDirectory);
    }

    [Fact]
    public void Cells_run_on_one_thread_so_dispose_scopes_and_grad_mode_carry_over()
    {
        var path = NotebookFiles.Write("threads",
            NotebookFiles.Reference("TvrLab.Torch.dll") + "\nusing TvrLab.Torch;\nvar thread = Environment.CurrentManagedThreadId;\n" +
            "var scope = torch.NewDisposeScope();\nvar t = torch.ones(3);\nvar noGrad = torch.no_grad();",
            "await Task.Delay(20);\nConsole.WriteLine(Environment.CurrentManagedThreadId == thread);\n" +
            "Console.WriteLine(object.ReferenceEquals(DisposeScope.Current, scope));\nConsole.WriteLine(torch.is_grad_enabled());\nConsole.WriteLine(t.IsDisposed);",
            "noGrad.Dispose();\nscope.Dispose();\nConsole.WriteLine(torch.is_grad_enabled());\nt.IsDisposed");
        var result = Run(path);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var cells = Code(result);
        Assert.Equal("True\nTrue\nFalse\nFalse\n", cells[1].Outputs.Single().Text);
        Assert.Equal("True\n", cells[2].Outputs[0].Text);
        Assert.Equal("True", cells[2].Outputs[1].Data["text/plain"]);
    }

    [Fact]
    public void A_preset_is_injected_after_the_parameters_cell()
    {
        var path = NotebookFiles.Write("params",
            NotebookCell.Markdown("# Params"),
            NotebookCell.Code("var preset = \"small\";\nvar seed = 1;", "parameters"),
            NotebookCell.Code("Console.WriteLine($\"{preset} {seed}\");"));
        var result = Run(path, new Dictionary<string, object> { ["preset"] = "ti\"ny", ["seed"] = 7 });
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var injected = result.Executed.Cells[2];
        Assert.Equal(["injected-parameters"], injected.Tags);
        Assert.Contains("preset = \"ti\\\"ny\";", injected.Source);
        Assert.Equal("ti\"ny 7\n", result.Executed.Cells[3].Outputs.Single().Text);
        // Without parameters the notebook's own default stands.
        Assert.Equal("small 1\n", Code(Run(path))[1].Outputs.Single().Text);

        var none = Run(NotebookFiles.Write("noparams", "var preset = \"small\";"), new Dictionary<string, object> { ["preset"] = "tiny" });
        Assert.Equal("NoParametersCell", none.Failure!.ErrorName);
        var unknown = Run(path, new Dictionary<string, object> { ["epochs"] = 3 });
        Assert.Contains("does not declare `epochs`", unknown.Failure!.Message);
    }

    [Fact]
    public void Kit_types_render_through_the_formatter_convention()
    {
        var path = NotebookFiles.Write("kit",
            NotebookFiles.Reference("TvrLab.Torch.dll") + "\n" + NotebookFiles.Reference("TvrLab.dll") +
            "\nusing TvrLab.Torch;\nusing TvrLab.Viz;\ntorch.arange(100, torch.float32).reshape(10, 10)",
            "display(Figure.Heatmap(new double[,] { { 1, 2 } }));\nFigure.Heatmap(new double[,] { { 3 } })",
            "new Table(\"a\", \"b\").AddRow(1, 2.5)");
        var result = Run(path);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var cells = Code(result);
        var tensor = cells[0].Outputs.Single().Data;
        Assert.Equal(["text/html", "text/plain"], tensor.Keys);
        Assert.StartsWith("tensor [10, 10] torch.float32 on cpu\n[ 0.0,  1.0,  2.0, …,  7.0,  8.0,  9.0]", tensor["text/plain"]);
        Assert.Contains("…", tensor["text/html"]);
        Assert.Contains("<th>9</th>", tensor["text/html"]);
        Assert.DoesNotContain("<th>5</th>", tensor["text/html"]);   // truncated to the first and last three

        var figures = cells[1].Outputs;
        Assert.Equal(["text/html", "application/vnd.plotly.v1+json", "text/plain"], figures[0].Data.Keys);
        Assert.Contains("data-tvrlab=\"plotly.js\"", figures[0].Data["text/html"]);      // the first figure carries plotly.js
        Assert.DoesNotContain("data-tvrlab=\"plotly.js\"", figures[1].Data["text/html"]); // later ones do not
        Assert.Contains("\"z\":[[3]]", figures[1].Data["application/vnd.plotly.v1+json"]);
        Assert.Contains("<td class=\"num\">2.5</td>", cells[2].Outputs.Single().Data["text/html"]);
    }

    [Fact]
    public void The_kit_smoke_fixture_runs_and_writes_an_executed_notebook_and_a_page()
    {
        var outDir = TestPaths.NewTempDir("smoke-out");
        var (result, ipynb, html) = NotebookRunner.RunAndWrite(NotebookFiles.Fixture("kit-smoke.ipynb"), outDir,
            new NotebookRunOptions { Parameters = new Dictionary<string, object> { ["preset"] = "tiny" } });
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("preset: tiny\n", Code(result)[2].Outputs[0].Text);
        Assert.True(File.Exists(ipynb));
        var page = File.ReadAllText(html);
        Assert.Equal(1, page.Split("data-tvrlab=\"plotly.js\"").Length - 1);   // once per page
        Assert.Contains("<h1 id=\"kit-smoke-test\">Kit smoke test</h1>", page);
    }

    static void CompileGreeter(string path)
    {
        var code = "public static class Greeter { public static string Hello(string who) => \"hello, \" + who; }";
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var compilation = CSharpCompilation.Create("Greeter", [CSharpSyntaxTree.ParseText(code)],
            new[] { "System.Runtime.dll", "System.Private.CoreLib.dll" }.Select(f => MetadataReference.CreateFromFile(Path.Combine(runtime, f))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }
}
