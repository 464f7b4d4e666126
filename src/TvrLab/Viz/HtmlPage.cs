using System.Net;

namespace TvrLab.Viz;

/// <summary>
/// Standalone HTML pages (reports, executed notebooks, single figures): one document, plotly.js inlined once in the
/// head, and a recorder that lists any script error in <c>&lt;pre id="tvrlab-script-errors"&gt;</c> so that a page
/// that failed to draw says so (the browser tests read it).
/// </summary>
public static class HtmlPage
{
    /// <summary>The id of the element that lists script errors (empty when none).</summary>
    public const string ErrorElementId = "tvrlab-script-errors";

    const string ErrorRecorder = $$"""
        <script type="text/javascript">
        (function () {
          var errors = [];
          function show() {
            var el = document.getElementById("{{ErrorElementId}}");
            if (el && errors.length) { el.hidden = false; el.textContent = errors.join("\n"); }
          }
          window.tvrlabReportError = function (message) { errors.push(String(message)); show(); };
          window.addEventListener("error", function (e) {
            window.tvrlabReportError((e.message || "error") + (e.filename ? " at " + e.filename + ":" + e.lineno : ""));
          });
          window.addEventListener("unhandledrejection", function (e) { window.tvrlabReportError("unhandled rejection: " + e.reason); });
          document.addEventListener("DOMContentLoaded", show);
        })();
        </script>
        """;

    const string BaseStyle = """
        <style>
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #fff; }
        main { max-width: 1100px; margin: 0 auto; padding: 1.5em 2em 4em; line-height: 1.5; }
        h1, h2, h3 { line-height: 1.25; }
        pre, code { font-family: "SFMono-Regular", Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
        pre { background: #f6f8fa; padding: 0.7em 1em; overflow-x: auto; border-radius: 4px; }
        table.tvrlab-table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.92em; }
        table.tvrlab-table th, table.tvrlab-table td { border: 1px solid #d0d7de; padding: 0.25em 0.6em; }
        table.tvrlab-table th { background: #f6f8fa; }
        table.tvrlab-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.tvrlab-table caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
        #tvrlab-script-errors { background: #fde8e8; color: #8a1c1c; border: 1px solid #f3b4b4; }
        </style>
        """;

    /// <summary>A complete page around <paramref name="bodyHtml"/>; plotly.js is inlined when a figure needs it.</summary>
    public static string Render(string title, string bodyHtml, bool includePlotly, string? extraHead = null)
    {
        // The library travels once, in the head: drop copies that figures carried for notebook front ends.
        var plotly = includePlotly ? PlotlyJs.ScriptTag : "";
        if (includePlotly) bodyHtml = bodyHtml.Replace(plotly, "");
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)}</title>
            {BaseStyle}
            {extraHead}
            {ErrorRecorder}
            {plotly}
            </head>
            <body>
            <pre id="{ErrorElementId}" hidden></pre>
            <main>
            {bodyHtml}
            </main>
            </body>
            </html>
            """;
    }

    /// <summary>Writes a file through a temporary name, so that a reader never sees half a page.</summary>
    public static void WriteAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.tmp-{Guid.NewGuid():N}";
        File.WriteAllText(temp, content);
        File.Move(temp, full, overwrite: true);
    }
}
