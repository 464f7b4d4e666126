using System.Text.Json;
using System.Text.Json.Nodes;

namespace TvrLab.Viz;

/// <summary>
/// A plotly.js figure: <c>{"data": [traces], "layout": {...}, "config": {...}}</c>. Build one with the typed
/// builders (<see cref="Heatmap"/>, <see cref="Bars"/>, <see cref="Lines"/>, <see cref="Scatter"/>,
/// <see cref="Subplots"/>) or the domain plots in <see cref="Plots"/>; tweak <see cref="Layout"/> directly for
/// anything else plotly offers. In a notebook a figure renders itself (HTML with plotly.js inlined once per
/// notebook, and the <c>application/vnd.plotly.v1+json</c> bundle).
/// </summary>
[TypeFormatterSource(typeof(VizFormatterSource), PreferredMimeTypes = [VizFormatterSource.HtmlMime, PlotlyMimeType, VizFormatterSource.PlainMime])]
public sealed partial class Figure
{
    /// <summary>The MIME type Jupyter-style front ends render with their own plotly.</summary>
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    static int nextId;

    /// <summary>The traces, in drawing order.</summary>
    public JsonArray Data { get; } = new();

    /// <summary>The layout: titles, axes, legend, annotations, shapes.</summary>
    public JsonObject Layout { get; }

    /// <summary>Plotly's config (display options that are not part of the figure).</summary>
    public JsonObject Config { get; } = new() { ["responsive"] = true, ["displaylogo"] = false };

    /// <summary>An empty figure with an optional title and size in pixels.</summary>
    public Figure(string? title = null, int? width = null, int? height = null)
    {
        Layout = new JsonObject();
        if (title is not null) Layout["title"] = PlotlyJson.Title(title);
        if (width is { } w) Layout["width"] = w;
        if (height is { } h) Layout["height"] = h;
        Layout["margin"] = new JsonObject { ["t"] = title is null ? 30 : 60, ["l"] = 70, ["r"] = 30, ["b"] = 60 };
    }

    /// <summary>The title text, or null.</summary>
    public string? Title => Layout["title"]?["text"]?.GetValue<string>();

    /// <summary>Adds a trace (drawn in the first subplot unless its xaxis/yaxis say otherwise).</summary>
    public Figure Add(JsonObject trace)
    {
        Data.Add(trace);
        return this;
    }

    /// <summary>
    /// The figure as plotly.js takes it: <c>{data, layout, config}</c>. System.Text.Json escapes &lt; &gt; &amp; and
    /// quotes as \uXXXX, so the text is safe inside a script element.
    /// </summary>
    public string ToJson(bool indented = false) =>
        new JsonObject { ["data"] = Data.DeepClone(), ["layout"] = Layout.DeepClone(), ["config"] = Config.DeepClone() }
            .ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    /// <summary>A figure from plotly JSON (<c>{data, layout[, config]}</c>), e.g. a notebook's plotly MIME bundle.</summary>
    public static Figure FromJson(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("plotly figure JSON must be an object with \"data\" and \"layout\"");
        var fig = new Figure();
        fig.Layout.Clear();
        foreach (var trace in root["data"] as JsonArray ?? []) fig.Data.Add(trace!.DeepClone());
        foreach (var (key, value) in root["layout"] as JsonObject ?? []) fig.Layout[key] = value?.DeepClone();
        foreach (var (key, value) in root["config"] as JsonObject ?? []) fig.Config[key] = value?.DeepClone();
        return fig;
    }

    /// <summary>The <c>application/vnd.plotly.v1+json</c> bundle: <c>{data, layout}</c>.</summary>
    public string ToMimeJson() =>
        new JsonObject { ["data"] = Data.DeepClone(), ["layout"] = Layout.DeepClone() }.ToJsonString();

    /// <summary>
    /// An HTML fragment: a div and the script that draws the figure into it once plotly.js is on the page (it waits
    /// for <c>window.Plotly</c>, so the library may come later on the page). The fragment never includes the library.
    /// </summary>
    public string ToHtml()
    {
        var id = $"tvrlab-fig-{Environment.ProcessId:x}-{Interlocked.Increment(ref nextId)}";
        var height = Layout["height"]?.GetValue<int>() ?? 450;
        return $$"""
            <div id="{{id}}" class="tvrlab-figure" style="width:100%;min-height:{{height}}px"></div>
            <script type="text/javascript">
            (function () {
              var fig = {{ToJson()}};
              var tries = 0;
              function draw() {
                var el = document.getElementById("{{id}}");
                if (!el) return;
                if (!window.Plotly) {
                  if (++tries < 200) { setTimeout(draw, 50); return; }
                  el.textContent = "plotly.js is not loaded on this page: display the first figure of the notebook again, or open the HTML written by `tvrlab notebooks run`.";
                  return;
                }
                window.Plotly.newPlot(el, fig.data, fig.layout, fig.config).catch(function (e) {
                  if (window.tvrlabReportError) window.tvrlabReportError("plotly: " + e); else throw e;
                });
              }
              draw();
            })();
            </script>
            """;
    }

    /// <summary>A standalone HTML page holding this figure, plotly.js inlined (works offline).</summary>
    public string ToHtmlPage(string? pageTitle = null) => HtmlPage.Render(pageTitle ?? Title ?? "figure", ToHtml(), includePlotly: true);

    /// <summary>Writes <see cref="ToHtmlPage"/> to a file (through a temporary name).</summary>
    public void SaveHtml(string path) => HtmlPage.WriteAtomically(path, ToHtmlPage());

    public override string ToString() => $"Figure({Title ?? "untitled"}, {Data.Count} trace(s))";
}
