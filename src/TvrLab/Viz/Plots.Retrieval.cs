using System.Net;
using System.Text.Json.Nodes;

namespace TvrLab.Viz;

/// <summary>A retrieved video: its id, its similarity to the query and its sampled frames.</summary>
public sealed record RankedVideo(string VideoId, double Score, FrameStrip Frames);

/// <summary>A text query, the video it describes, and the top-k videos a model ranked for it (best first).</summary>
public sealed record RetrievalExample(string Query, string GroundTruthId, IReadOnlyList<RankedVideo> TopK, int? GroundTruthRank = null);

// Retrieval examples: what a model actually returns for a caption.
public static partial class Plots
{
    const string GroundTruthColour = "#2ca02c";

    /// <summary>
    /// One row per query: the query text, then its top-k videos as frame strips left to right with rank and score;
    /// the ground-truth video framed in green (or its rank named when it is not in the top k).
    /// </summary>
    public static Figure RetrievalExamples(IReadOnlyList<RetrievalExample> examples, string? title = null)
    {
        if (examples.Count == 0) throw new ArgumentException("retrieval examples: none given");
        var k = examples.Max(e => e.TopK.Count);
        if (k == 0) throw new ArgumentException("retrieval examples: every query has an empty top-k list");
        var titles = examples.SelectMany(e => Enumerable.Range(0, k).Select(i => i < e.TopK.Count
            ? $"#{i + 1} {e.TopK[i].VideoId} · {e.TopK[i].Score:0.###}" + (e.TopK[i].VideoId == e.GroundTruthId ? " ✓" : "")
            : "")).ToArray();
        var fig = Figure.Subplots(examples.Count, k, titles, title ?? "retrieval examples (text → video)",
            horizontalSpacing: 0.02, verticalSpacing: 0.5 / examples.Count, height: 120 + 190 * examples.Count);
        var shapes = new JsonArray();
        var annotations = fig.Layout["annotations"] as JsonArray ?? new JsonArray();
        for (int q = 0; q < examples.Count; q++)
        {
            var e = examples[q];
            var found = e.TopK.Select(v => v.VideoId).ToList().IndexOf(e.GroundTruthId);
            var missing = found < 0 ? $"  (ground truth {e.GroundTruthId}" + (e.GroundTruthRank is { } r ? $" at rank {r})" : " not in the top " + e.TopK.Count + ")") : "";
            for (int i = 0; i < e.TopK.Count; i++)
            {
                var v = e.TopK[i];
                fig.Add(new JsonObject
                {
                    ["type"] = "image", ["source"] = v.Frames.DataUri, ["name"] = v.VideoId,
                    ["hovertemplate"] = $"{WebUtility.HtmlEncode(v.VideoId)}: score {v.Score:0.####}<extra></extra>",
                }, q + 1, i + 1);
                foreach (var axis in new[] { fig.XAxis(q + 1, i + 1), fig.YAxis(q + 1, i + 1) })
                    (axis["visible"], axis["showgrid"]) = (false, false);
                if (i == found)
                {
                    var cell = q * k + i + 1;
                    shapes.Add(new JsonObject
                    {
                        ["type"] = "rect", ["xref"] = $"{(cell == 1 ? "x" : "x" + cell)} domain", ["yref"] = $"{(cell == 1 ? "y" : "y" + cell)} domain",
                        ["x0"] = 0, ["x1"] = 1, ["y0"] = 0, ["y1"] = 1, ["line"] = new JsonObject { ["color"] = GroundTruthColour, ["width"] = 4 },
                    });
                }
            }
            var top = fig.YAxis(q + 1, 1)["domain"]![1]!.GetValue<double>();
            annotations.Add(new JsonObject
            {
                ["text"] = $"<b>“{WebUtility.HtmlEncode(e.Query)}”</b>{WebUtility.HtmlEncode(missing)}", ["showarrow"] = false,
                ["xref"] = "paper", ["yref"] = "paper", ["x"] = 0, ["y"] = top, ["xanchor"] = "left", ["yanchor"] = "bottom", ["yshift"] = 24,
                ["font"] = new JsonObject { ["size"] = 14 },
            });
        }
        fig.Layout["annotations"] = annotations;
        fig.Layout["shapes"] = shapes;
        fig.Layout["margin"] = new JsonObject { ["t"] = 110, ["l"] = 10, ["r"] = 10, ["b"] = 10 };
        return fig;
    }
}
