using System.Net;
using System.Text;

namespace TvrLab.Viz;

/// <summary>
/// A standalone HTML report: headings, paragraphs, tables and figures in order, plotly.js inlined once, readable
/// offline. <c>new Report("DRL ablation").Heading("Results").Add(table).Add(figure).Save(path)</c>.
/// </summary>
public sealed class Report(string title)
{
    readonly StringBuilder body = new($"<h1>{WebUtility.HtmlEncode(title)}</h1>\n");
    bool hasFigures;

    public string Title { get; } = title;

    public Report Heading(string text)
    {
        body.Append("<h2>").Append(WebUtility.HtmlEncode(text)).Append("</h2>\n");
        return this;
    }

    /// <summary>A paragraph of plain text (escaped).</summary>
    public Report Paragraph(string text)
    {
        body.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Raw HTML, as it is.</summary>
    public Report Html(string html)
    {
        body.Append(html).Append('\n');
        return this;
    }

    public Report Add(Table table) => Html(table.ToHtml());

    public Report Add(Figure figure)
    {
        hasFigures = true;
        return Html(figure.ToHtml());
    }

    /// <summary>The page.</summary>
    public string ToHtml() => HtmlPage.Render(Title, body.ToString(), includePlotly: hasFigures);

    /// <summary>Writes the page (through a temporary name) and returns its full path.</summary>
    public string Save(string path)
    {
        HtmlPage.WriteAtomically(path, ToHtml());
        return Path.GetFullPath(path);
    }
}
