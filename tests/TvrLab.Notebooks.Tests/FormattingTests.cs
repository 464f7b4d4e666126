using TvrLab.Notebooks.Display;
using TvrLab.Torch;
using TvrLab.Viz;

namespace TvrLab.Notebooks.Tests;

/// <summary>The formatter convention as the runner applies it to the kit's types and to plain values.</summary>
public class FormattingTests
{
    [Fact]
    public void A_matrix_shows_every_value_with_its_header()
    {
        using var scope = torch.NewDisposeScope();
        var bundle = MimeFormatter.Format(torch.tensor(new float[,] { { 1.5f, -2 }, { 0.25f, 1e-6f } }));
        Assert.Equal("tensor [2, 2] torch.float32 on cpu\n[ 1.5, -2.0]\n[0.25, 1e-6]", bundle["text/plain"]);
        Assert.Contains("<td style=\"text-align:right\">0.25</td>", bundle["text/html"]);
    }

    [Fact]
    public void Large_and_high_dimensional_tensors_are_cut_to_their_edges()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(5 * 8 * 8, torch.int64).reshape(5, 8, 8).requires_grad_(false);
        var text = MimeFormatter.Format(x)["text/plain"];
        Assert.StartsWith("tensor [5, 8, 8] torch.int64 on cpu\n[0, :, :]\n", text);
        // Leading dimension 5 > 2 * 2: slices 0, 1, 3, 4 shown; 2 left out.
        Assert.Contains("[1, :, :]", text);
        Assert.DoesNotContain("[2, :, :]", text);
        Assert.Contains("[4, :, :]", text);
        // In slice 4 (values 256..319) the rows 0, 1, 2, 5, 6, 7 and the same columns remain.
        Assert.Contains("[256, 257, 258, …, 261, 262, 263]", text);
        Assert.Contains(" …\n", text);
        Assert.EndsWith("[312, 313, 314, …, 317, 318, 319]", text);
    }

    [Fact]
    public void Scalars_booleans_gradients_and_disposed_tensors()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal("tensor [] torch.float32 on cpu\n3.0", MimeFormatter.Format(torch.tensor(new[] { 3f }).reshape())["text/plain"]);
        Assert.Equal("tensor [3] torch.bool on cpu\n[ True, False,  True]", MimeFormatter.Format(torch.tensor(new[] { true, false, true }))["text/plain"]);
        Assert.StartsWith("tensor [2] torch.float32 on cpu, requires_grad", MimeFormatter.Format(torch.ones(2).requires_grad_())["text/plain"]);
        var gone = torch.ones(2);
        gone.Dispose();
        Assert.Equal("tensor(disposed)", MimeFormatter.Format(gone)["text/plain"]);
    }

    [Fact]
    public void Plain_values_fall_back_to_text_and_explicit_mime_types_are_honoured()
    {
        Assert.Equal(["text/plain"], MimeFormatter.Format("text").Keys);
        Assert.Equal("<null>", MimeFormatter.Format(null)["text/plain"]);
        Assert.Equal("[ 1, 2, 3 ]", MimeFormatter.Format(new List<int> { 1, 2, 3 })["text/plain"]);
        Assert.Equal("2.5", MimeFormatter.Format(2.5)["text/plain"]);
        var html = MimeFormatter.Format("<x>", ["text/html"]);
        Assert.Equal("<div class=\"dni-plaintext\"><pre>&lt;x&gt;</pre></div>", html["text/html"]);
        var figureJsonOnly = MimeFormatter.Format(Figure.Heatmap(new double[,] { { 1 } }), [Figure.PlotlyMimeType]);
        Assert.Equal([Figure.PlotlyMimeType], figureJsonOnly.Keys);
        var e = Assert.Throws<InvalidOperationException>(() => MimeFormatter.Format(42, ["image/png"]));
        Assert.Contains("no formatter gives image/png", e.Message);
    }
}
