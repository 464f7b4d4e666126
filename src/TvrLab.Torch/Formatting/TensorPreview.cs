using System.Globalization;
using System.Net;
using System.Text;

namespace TvrLab.Torch.Formatting;

/// <summary>
/// What a notebook shows of a tensor: its shape, dtype and device, and its values with long dimensions cut to their
/// first and last few entries (as PyTorch's printout summarises). Tensors of three or more dimensions show as a list of
/// 2-D slices, e.g. <c>[0, :, :]</c>.
/// </summary>
internal sealed class TensorPreview
{
    const int EdgeItems = 3;        // entries kept at each end of a long matrix dimension
    const int LeadingEdgeItems = 2; // slices kept at each end of a long leading dimension
    const string Gap = "…";

    readonly string header;
    readonly long[][] kept;         // per dimension, the original indices kept
    readonly string[] values;       // the kept values, row-major over the kept indices
    readonly bool scalar;

    TensorPreview(string header, long[][] kept, string[] values, bool scalar)
    {
        this.header = header;
        this.kept = kept;
        this.values = values;
        this.scalar = scalar;
    }

    public static TensorPreview Of(Tensor t)
    {
        if (t.IsDisposed) return new TensorPreview("tensor(disposed)", [], [], scalar: false);
        var shape = t.shape;
        var dtype = t.dtype;
        var header = $"tensor {Tensor.ShapeString(shape)} {dtype.PyTorchName()} on {t.device}" + (t.requires_grad ? ", requires_grad" : "");
        if (t.numel() == 0) return new TensorPreview(header + " (empty)", [], [], scalar: false);

        using var scope = torch.NewDisposeScope();
        var small = t.detach();
        var kept = new long[shape.Length][];
        for (int d = 0; d < shape.Length; d++)
        {
            var edge = d >= shape.Length - 2 ? EdgeItems : LeadingEdgeItems;
            kept[d] = shape[d] > 2 * edge ? [.. Enumerable.Range(0, edge).Select(i => (long)i), .. Enumerable.Range(0, edge).Select(i => shape[d] - edge + i)]
                                          : [.. Enumerable.Range(0, (int)shape[d]).Select(i => (long)i)];
            if (kept[d].Length < shape[d]) small = small.index_select(d, torch.tensor(kept[d]));
        }
        small = small.to(Device.CPU);
        string[] text = dtype switch
        {
            ScalarType.Bool => small.to(ScalarType.Int64).ToArray<long>().Select(v => v != 0 ? "True" : "False").ToArray(),
            _ when dtype.IsFloatingPoint() => small.to(ScalarType.Float64).ToArray<double>().Select(FormatFloat).ToArray(),
            _ => small.to(ScalarType.Int64).ToArray<long>().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
        };
        return new TensorPreview(header, kept, text, scalar: shape.Length == 0);
    }

    static string FormatFloat(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        var a = Math.Abs(v);
        return a == 0 || (a >= 1e-4 && a < 1e6) ? v.ToString("0.0###", CultureInfo.InvariantCulture) : v.ToString("0.###e+0", CultureInfo.InvariantCulture);
    }

    /// <summary>The 2-D slices to show: (label, row indices, column indices, offset of the slice in <see cref="values"/>).</summary>
    IEnumerable<(string label, long[] rows, long[] cols, int offset)> Slices()
    {
        var n = kept.Length;
        long[] rows = n >= 2 ? kept[n - 2] : [0], cols = n >= 1 ? kept[n - 1] : [0];
        var leading = kept.Take(Math.Max(0, n - 2)).ToArray();
        var sliceSize = rows.Length * cols.Length;
        var count = leading.Aggregate(1, (acc, k) => acc * k.Length);
        for (int s = 0; s < count; s++)
        {
            var label = "";
            if (leading.Length > 0)
            {
                var idx = new long[leading.Length];
                for (int d = leading.Length - 1, r = s; d >= 0; d--) { idx[d] = leading[d][r % leading[d].Length]; r /= leading[d].Length; }
                label = "[" + string.Join(", ", idx) + ", :, :]";
            }
            yield return (label, rows, cols, s * sliceSize);
        }
    }

    public string ToHtml()
    {
        var sb = new StringBuilder("<div class=\"tvrlab-tensor\"><div style=\"font-family:monospace;font-weight:600;margin-bottom:0.3em\">")
            .Append(WebUtility.HtmlEncode(header)).Append("</div>");
        if (scalar) sb.Append("<pre>").Append(values[0]).Append("</pre>");
        else if (values.Length > 0)
            foreach (var (label, rows, cols, offset) in Slices())
            {
                sb.Append("<table class=\"tvrlab-table\" style=\"font-family:monospace;font-size:0.85em\">");
                if (label.Length > 0) sb.Append("<caption>").Append(label).Append("</caption>");
                sb.Append("<thead><tr><th></th>");
                for (int j = 0; j < cols.Length; j++)
                {
                    if (j > 0 && cols[j] != cols[j - 1] + 1) sb.Append("<th>").Append(Gap).Append("</th>");
                    sb.Append("<th>").Append(cols[j]).Append("</th>");
                }
                sb.Append("</tr></thead><tbody>");
                for (int i = 0; i < rows.Length; i++)
                {
                    if (i > 0 && rows[i] != rows[i - 1] + 1)
                        sb.Append("<tr><th>").Append(Gap).Append("</th>").Append(string.Concat(Enumerable.Repeat("<td>" + Gap + "</td>", cols.Length + Gaps(cols)))).Append("</tr>");
                    sb.Append("<tr><th>").Append(kept.Length >= 2 ? rows[i].ToString() : "").Append("</th>");
                    for (int j = 0; j < cols.Length; j++)
                    {
                        if (j > 0 && cols[j] != cols[j - 1] + 1) sb.Append("<td>").Append(Gap).Append("</td>");
                        sb.Append("<td style=\"text-align:right\">").Append(values[offset + i * cols.Length + j]).Append("</td>");
                    }
                    sb.Append("</tr>");
                }
                sb.Append("</tbody></table>");
            }
        return sb.Append("</div>").ToString();
    }

    public string ToText()
    {
        var sb = new StringBuilder(header);
        if (scalar) return sb.Append('\n').Append(values[0]).ToString();
        if (values.Length == 0) return sb.ToString();
        var width = values.Max(v => v.Length);
        foreach (var (label, rows, cols, offset) in Slices())
        {
            sb.Append('\n');
            if (label.Length > 0) sb.Append(label).Append('\n');
            for (int i = 0; i < rows.Length; i++)
            {
                if (i > 0 && rows[i] != rows[i - 1] + 1) sb.Append(' ').Append(Gap).Append('\n');
                sb.Append('[');
                for (int j = 0; j < cols.Length; j++)
                {
                    if (j > 0 && cols[j] != cols[j - 1] + 1) sb.Append(", ").Append(Gap);
                    sb.Append(j > 0 ? ", " : "").Append(values[offset + i * cols.Length + j].PadLeft(width));
                }
                sb.Append("]\n");
            }
        }
        return sb.ToString().TrimEnd('\n');
    }

    static int Gaps(long[] idx) => idx.Where((v, j) => j > 0 && v != idx[j - 1] + 1).Count();
}
