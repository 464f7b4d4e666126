using System.Text.Json.Nodes;
using TvrLab.Torch;
using TvrLab.Viz;

namespace TvrLab.Tests.Viz;

public class FigureTests
{
    static JsonObject Parse(Figure f) => (JsonObject)JsonNode.Parse(f.ToJson())!;

    [Fact]
    public void Heatmap_z_is_the_matrix_and_NaN_becomes_null()
    {
        var z = new double[,] { { 1.5, -2 }, { double.NaN, 0.25 }, { double.PositiveInfinity, 3 } };
        var json = Parse(Figure.Heatmap(z, ["a", "a"], ["r0", "r1", "r2"], "m"));
        var trace = json["data"]![0]!;
        Assert.Equal("heatmap", trace["type"]!.GetValue<string>());
        var rows = trace["z"]!.AsArray();
        Assert.Equal(3, rows.Count);
        Assert.Equal(1.5, rows[0]![0]!.GetValue<double>());
        Assert.Equal(-2, rows[0]![1]!.GetValue<double>());
        Assert.Null(rows[1]![0]);
        Assert.Equal(0.25, rows[1]![1]!.GetValue<double>());
        Assert.Null(rows[2]![0]);
        Assert.DoesNotContain("NaN", json.ToJsonString());
        // Repeated labels keep their own columns: positions 0..n-1 with the labels as tick text.
        Assert.Equal([0, 1], trace["x"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal(["a", "a"], json["layout"]!["xaxis"]!["ticktext"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("reversed", json["layout"]!["yaxis"]!["autorange"]!.GetValue<string>());
        Assert.Equal("r1", trace["customdata"]![1]![0]![0]!.GetValue<string>());
        Assert.Equal("m", json["layout"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Zero_centred_heatmap_is_symmetric_about_zero()
    {
        var trace = Parse(Figure.Heatmap(new double[,] { { -0.5, 2 }, { 1, 0 } }, style: new HeatmapStyle { ZeroCentred = true, TextTemplate = "%{z:.2f}" }))["data"]![0]!;
        Assert.Equal(0, trace["zmid"]!.GetValue<double>());
        Assert.Equal(-2, trace["zmin"]!.GetValue<double>());
        Assert.Equal(2, trace["zmax"]!.GetValue<double>());
        Assert.Equal("%{z:.2f}", trace["texttemplate"]!.GetValue<string>());
        Assert.IsType<JsonArray>(trace["colorscale"]);
    }

    [Fact]
    public void Heatmap_rejects_labels_of_the_wrong_length()
    {
        var e = Assert.Throws<ArgumentException>(() => Figure.Heatmap(new double[2, 3], ["a", "b"]));
        Assert.Contains("2 column labels for 3 columns", e.Message);
    }

    [Fact]
    public void Interaction_marks_argmax_of_every_row_and_column_and_reports_t2v_v2t()
    {
        // Words x frames. Best frame per word: 0, 1, 1. Best word per frame: 0, 1.
        var s = new double[,] { { 0.9, 0.1 }, { 0.2, 0.7 }, { 0.3, 0.4 } };
        var json = Parse(Plots.Interaction(s, ["a", "dog", "a"]));
        var data = json["data"]!.AsArray();
        var rowMarks = data[1]!;
        Assert.Equal([0.0, 1.0, 1.0], rowMarks["x"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal([0.0, 1.0, 2.0], rowMarks["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        var colMarks = data[2]!;
        Assert.Equal([0.0, 1.0], colMarks["x"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal([0.0, 1.0], colMarks["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        // Uniform weights (TI): t2v = (0.9 + 0.7 + 0.4) / 3, v2t = (0.9 + 0.7) / 2.
        var title = json["layout"]!["title"]!["text"]!.GetValue<string>();
        Assert.Contains("t2v 0.667", title);
        Assert.Contains("v2t 0.8", title);
        Assert.Contains("0.733", title);
        Assert.Equal(3, data.Count);
    }

    [Fact]
    public void Interaction_with_WTI_weights_draws_them_beside_rows_and_columns()
    {
        var s = new double[,] { { 0.9, 0.1 }, { 0.2, 0.7 }, { 0.3, 0.4 } };
        var json = Parse(Plots.Interaction(s, ["a", "dog", "a"], tokenWeights: [0.2, 0.5, 0.3], frameWeights: [0.6, 0.4]));
        var data = json["data"]!.AsArray();
        var wordBars = data.Single(t => t!["name"]?.GetValue<string>() == "WTI word weight")!;
        Assert.Equal("h", wordBars["orientation"]!.GetValue<string>());
        Assert.Equal([0.2, 0.5, 0.3], wordBars["x"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal("y", json["layout"]!["yaxis2"]!["matches"]!.GetValue<string>());
        var frameBars = data.Single(t => t!["name"]?.GetValue<string>() == "WTI frame weight")!;
        Assert.Equal([0.6, 0.4], frameBars["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        // t2v = 0.2*0.9 + 0.5*0.7 + 0.3*0.4 = 0.65; v2t = 0.6*0.9 + 0.4*0.7 = 0.82.
        var title = json["layout"]!["title"]!["text"]!.GetValue<string>();
        Assert.Contains("t2v 0.65", title);
        Assert.Contains("v2t 0.82", title);
    }

    [Fact]
    public void Interaction_reads_tensors()
    {
        using var scope = torch.NewDisposeScope();
        var s = torch.tensor(new float[,] { { 0.1f, 0.8f }, { 0.6f, 0.2f } });
        var z = Parse(Plots.Interaction(s, ["x", "y"]))["data"]![0]!["z"]!;
        Assert.Equal(0.8, z[0]![1]!.GetValue<double>(), 6);
        Assert.Equal(0.6, z[1]![0]!.GetValue<double>(), 6);
    }

    [Fact]
    public void Proxy_guided_mask_follows_the_rule_for_M4_T3()
    {
        const int M = 4, T = 3, P = 4;
        var mask = AttentionMasks.ProxyGuided(M, T, P);
        Assert.Equal(M + T * P, mask.GetLength(0));
        // The rule written out independently: token i's frame is known from the layout [P0..P3, f1 x4, f2 x4, f3 x4].
        int?[] frame = [null, null, null, null, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
        for (int q = 0; q < 16; q++)
            for (int k = 0; k < 16; k++)
                Assert.Equal(frame[q] is null || frame[k] is null || frame[q] == frame[k], mask[q, k]);
        Assert.True(mask[5, 7]);    // f1 patch sees its own frame
        Assert.False(mask[5, 8]);   // ... but not frame 2
        Assert.True(mask[9, 2]);    // patches see the proxies
        Assert.True(mask[1, 15]);   // proxies see everything
        // Blocked: patch pairs of different frames, 12 patches x 8 patches of other frames = 96.
        Assert.Equal(96, mask.Cast<bool>().Count(b => !b));
    }

    [Fact]
    public void Proxy_guided_with_one_frame_is_full_attention_and_without_proxies_is_per_frame()
    {
        var oneFrame = AttentionMasks.ProxyGuided(4, 1, 6);
        var full = AttentionMasks.Full(10);
        Assert.Equal(full.Cast<bool>(), oneFrame.Cast<bool>());
        var perFrame = AttentionMasks.PerFrame(2, 3);
        Assert.Equal([true, true, true, false, false, false], Enumerable.Range(0, 6).Select(k => perFrame[0, k]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionMasks.ProxyGuided(4, 0, 4));
    }

    [Fact]
    public void Attention_mask_figure_has_three_panels_with_the_masks_as_z()
    {
        var json = Parse(Plots.AttentionMasks(4, 3, 4));
        var data = json["data"]!.AsArray();
        Assert.Equal(3, data.Count);
        Assert.Equal(["x", "x2", "x3"], data.Select(t => t!["xaxis"]!.GetValue<string>()));
        var expected = AttentionMasks.ProxyGuided(4, 3, 4);
        var z = data[2]!["z"]!.AsArray();
        for (int q = 0; q < 16; q++)
            for (int k = 0; k < 16; k++)
                Assert.Equal(expected[q, k] ? 1.0 : 0.0, z[q]![k]!.GetValue<double>());
        Assert.Equal(12, data[1]!["z"]!.AsArray().Count);   // per frame: T x P tokens, no proxies
        Assert.Equal("P0", json["layout"]!["xaxis3"]!["ticktext"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Subplots_name_axes_per_cell_and_place_domains_in_a_grid()
    {
        var fig = Figure.Subplots(2, 2, ["a", "b", "c", "d"], "grid", horizontalSpacing: 0.1, verticalSpacing: 0.1);
        fig.Add(Traces.Line([0, 1], [1, 2]), 2, 2);
        var json = Parse(fig);
        Assert.Equal("x4", json["data"]![0]!["xaxis"]!.GetValue<string>());
        Assert.Equal("y4", json["data"]![0]!["yaxis"]!.GetValue<string>());
        var x4 = json["layout"]!["xaxis4"]!;
        Assert.Equal(0.55, x4["domain"]![0]!.GetValue<double>(), 9);
        Assert.Equal(1.0, x4["domain"]![1]!.GetValue<double>(), 9);
        Assert.Equal("y4", x4["anchor"]!.GetValue<string>());
        Assert.Equal(0.0, json["layout"]!["yaxis4"]!["domain"]![0]!.GetValue<double>(), 9);
        Assert.Equal(4, json["layout"]!["annotations"]!.AsArray().Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => fig.Add(Traces.Line([0], [0]), 3, 1));
    }

    [Fact]
    public void Channel_correlation_is_zero_centred_on_minus_one_to_one_and_reports_the_CDCR_terms()
    {
        var c = new double[,] { { 1, 0.5 }, { -0.5, 0.9 } };
        var json = Parse(Plots.ChannelCorrelation(c));
        var trace = json["data"]![0]!;
        Assert.Equal(-1, trace["zmin"]!.GetValue<double>());
        Assert.Equal(1, trace["zmax"]!.GetValue<double>());
        Assert.Equal(0, trace["zmid"]!.GetValue<double>());
        var title = json["layout"]!["title"]!["text"]!.GetValue<string>();
        Assert.Contains("= 0.01", title);   // sum_i (C_ii - 1)^2 = 0 + 0.01
        Assert.Contains("= 0.5", title);    // sum_{i!=j} C_ij^2 = 0.25 + 0.25
        var pair = Parse(Plots.ChannelCorrelation(c, c, "before", "after"))["data"]!.AsArray();
        Assert.Equal(2, pair.Count);
        Assert.False(pair[0]!["showscale"]!.GetValue<bool>());
        Assert.Throws<ArgumentException>(() => Plots.ChannelCorrelation(new double[2, 3]));
    }

    [Fact]
    public void Ablation_bars_average_seeds_with_sample_std_error_bars()
    {
        AblationRun[] runs =
        [
            new("TI", "no CDCR", 44, 0), new("TI", "no CDCR", 45, 1), new("TI", "no CDCR", 46, 2),
            new("WTI", "no CDCR", 46.6, 0),
            new("TI", "+CDCR", 45.8, 0), new("TI", "+CDCR", 46.8, 1),
        ];
        var json = Parse(Plots.Ablation(runs, "R@1"));
        var data = json["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        var noCdcr = data[0]!;
        Assert.Equal("no CDCR", noCdcr["name"]!.GetValue<string>());
        Assert.Equal(["TI", "WTI"], noCdcr["x"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(45, noCdcr["y"]![0]!.GetValue<double>(), 9);
        Assert.Equal(1, noCdcr["error_y"]!["array"]![0]!.GetValue<double>(), 9);   // std of 44, 45, 46 (n - 1)
        Assert.Null(noCdcr["error_y"]!["array"]![1]);                              // one seed: no error bar
        var cdcr = data[1]!;
        Assert.Equal(46.3, cdcr["y"]![0]!.GetValue<double>(), 9);
        Assert.Null(cdcr["y"]![1]);                                                // WTI + CDCR not run: a gap
        Assert.Equal(Math.Sqrt(0.5), cdcr["error_y"]!["array"]![0]!.GetValue<double>(), 9);
        Assert.Equal("group", json["layout"]!["barmode"]!.GetValue<string>());
        var table = Plots.AblationTable(runs);
        Assert.Equal("45", table.Cell(0, 2));
        Assert.Equal("3", table.Cell(0, 4));
    }

    [Fact]
    public void Training_curves_share_colours_and_legend_entries_across_panels()
    {
        Curve[] curves =
        [
            new("TI", "loss", [0, 1, 2], [2, 1.5, double.NaN]), new("WTI", "loss", [0, 1, 2], [2, 1.2, 1]),
            new("TI", "R@1", [2], [40]), new("WTI", "R@1", [2], [44]),
        ];
        var json = Parse(Plots.TrainingCurves(curves));
        var data = json["data"]!.AsArray();
        Assert.Equal([true, true, false, false], data.Select(t => t!["showlegend"]!.GetValue<bool>()));
        Assert.Equal(data[0]!["line"]!["color"]!.GetValue<string>(), data[2]!["line"]!["color"]!.GetValue<string>());
        Assert.Equal("x2", data[2]!["xaxis"]!.GetValue<string>());
        Assert.Null(data[0]!["y"]![2]);
        Assert.Equal("R@1", json["layout"]!["yaxis2"]!["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Mime_bundle_has_data_and_layout_and_round_trips()
    {
        var fig = Figure.Bars(["a", "b"], [new BarSeries("s", [1, 2], [0.1, 0.2])], "bars");
        var bundle = (JsonObject)JsonNode.Parse(fig.ToMimeJson())!;
        Assert.Equal(["data", "layout"], bundle.Select(p => p.Key));
        var again = Figure.FromJson(fig.ToJson());
        Assert.Equal(fig.ToJson(), again.ToJson());
        Assert.Equal("bars", again.Title);
    }
}
