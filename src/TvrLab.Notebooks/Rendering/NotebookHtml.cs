using System.Net;
using System.Text;
using Markdig;
using TvrLab.Notebooks.Ipynb;
using TvrLab.Viz;

namespace TvrLab.Notebooks.Rendering;

/// <summary>
/// A standalone HTML page of an executed notebook: markdown cells rendered (Markdig), code cells with their
/// outputs, plotly.js inlined once in the head when a figure needs it. Opens offline in any browser.
/// </summary>
public static class NotebookHtml
{
    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    const string Style = """
        <style>
        .cell { margin: 1em 0; }
        .cell.code .source { border-left: 3px solid #3b6fb6; }
        .cell.code .source pre { margin: 0; }
        .prompt { color: #888; font-family: monospace; font-size: 0.8em; margin-bottom: 0.2em; }
        .output { margin: 0.4em 0 0.4em 1em; overflow-x: auto; }
        .output pre.stream { background: #fff; border: 1px solid #eee; }
        .output pre.stderr { background: #fff7e6; }
        .output pre.error { background: #fde8e8; color: #8a1c1c; }
        </style>
        """;

    /// <summary>The page; <paramref name="title"/> heads it.</summary>
    public static string Render(Notebook notebook, string title)
    {
        var body = new StringBuilder();
        var needsPlotly = false;
        foreach (var cell in notebook.Cells)
        {
            switch (cell.CellType)
            {
                case "markdown":
                    body.Append("<div class=\"cell markdown\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</div>\n");
                    break;
                case "code":
                    body.Append("<div class=\"cell code\"><div class=\"prompt\">In [").Append(cell.ExecutionCount?.ToString() ?? " ").Append("]:</div>")
                        .Append("<div class=\"source\"><pre><code class=\"language-csharp\">").Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre></div>");
                    foreach (var output in cell.Outputs) body.Append(RenderOutput(output, ref needsPlotly));
                    body.Append("</div>\n");
                    break;
                default:
                    body.Append("<div class=\"cell raw\"><pre>").Append(WebUtility.HtmlEncode(cell.Source)).Append("</pre></div>\n");
                    break;
            }
        }
        return HtmlPage.Render(title, body.ToString(), needsPlotly, Style);
    }

    static string RenderOutput(NotebookOutput output, ref bool needsPlotly)
    {
        var inner = output.OutputType switch
        {
            "stream" => $"<pre class=\"stream {output.Name}\">{WebUtility.HtmlEncode(output.Text)}</pre>",
            "error" => $"<pre class=\"error\">{WebUtility.HtmlEncode($"{output.EName}: {output.EValue}\n\n{string.Join("\n", output.Traceback)}")}</pre>",
            _ => RenderBundle(output.Data, ref needsPlotly),
        };
        return $"<div class=\"output {output.OutputType}\">{inner}</div>";
    }

    /// <summary>The richest MIME type the page can show: HTML, a plotly figure, a PNG, markdown, then text.</summary>
    static string RenderBundle(IReadOnlyDictionary<string, string> data, ref bool needsPlotly)
    {
        if (data.TryGetValue("text/html", out var html))
        {
            needsPlotly |= html.Contains("Plotly", StringComparison.Ordinal);
            return html;
        }
        if (data.TryGetValue(Figure.PlotlyMimeType, out var plotly))
        {
            needsPlotly = true;
            return Figure.FromJson(plotly).ToHtml();
        }
        if (data.TryGetValue("image/png", out var png)) return $"<img src=\"data:image/png;base64,{png.Trim()}\" alt=\"image\">";
        if (data.TryGetValue("text/markdown", out var md)) return Markdig.Markdown.ToHtml(md, Markdown);
        if (data.TryGetValue("text/plain", out var text)) return $"<pre>{WebUtility.HtmlEncode(text)}</pre>";
        return $"<pre>({WebUtility.HtmlEncode(string.Join(", ", data.Keys))})</pre>";
    }
}
