namespace TvrLab.Notebooks.Display;

/// <summary>
/// What a notebook cell's <c>display(...)</c> and <c>HTML(...)</c> do in the headless runner: the names and shapes of
/// .NET Interactive's <c>Microsoft.DotNet.Interactive.Kernel</c> helpers, so that a notebook runs unchanged in VS Code
/// and here. Cells reach them through the runner's prelude (see ScriptSession).
/// </summary>
public static class NotebookKernel
{
    /// <summary>Shows a value below the cell (as its formatters render it, or in the given MIME types).</summary>
    public static DisplayedValue display(object? value, params string[] mimeTypes) =>
        CellOutputs.Current.Display(MimeFormatter.Format(value, mimeTypes));

    /// <summary>HTML to show as it is: <c>display(HTML("&lt;b&gt;hi&lt;/b&gt;"))</c> or a cell's last expression.</summary>
    public static HtmlString HTML(string content) => new(content);
}

/// <summary>HTML text shown as it is (text/html).</summary>
public sealed record HtmlString(string Content)
{
    public override string ToString() => Content;
}

/// <summary>A displayed output that can be replaced in place, e.g. a progress line: <c>var d = display("epoch 1"); d.Update("epoch 2");</c></summary>
public sealed class DisplayedValue
{
    readonly CellOutputs owner;
    readonly Ipynb.NotebookOutput output;

    internal DisplayedValue(CellOutputs owner, Ipynb.NotebookOutput output) => (this.owner, this.output) = (owner, output);

    /// <summary>Replaces the shown value.</summary>
    public void Update(object? value) => owner.Replace(output, MimeFormatter.Format(value));
}
