using TvrLab.Data.Synth;
using Xunit.Abstractions;
namespace TvrLab.Tests.Data.Synth;
[Collection("SynthVTT tiny")]
public sealed class CalibrationTmp(TinyDatasetFixture tiny, ITestOutputHelper output)
{
    [Fact]
    public void Stats()
    {
        var O = tiny.Dataset.Settings;
        var ratios = new List<(double r, string w)>();
        var leaks = new List<(int n, string w)>();
        foreach (var e in tiny.Dataset.Entries)
        {
            var d = tiny.Decoded(e.Video);
            foreach (var (shot, si) in e.Video.Shots.Select((s, i) => (s, i)))
            {
                foreach (var o in shot.Objects)
                    for (var f = 0; f < shot.FrameCount; f++)
                    {
                        if (o.ColourAfter is not null && Math.Abs(f - o.ColourChangeFrame) <= 1) continue;
                        var exp = ShapeGeometry.Area(o, o.PoseAt(shot.Progress(f)), O.Width, O.Height);
                        ratios.Add((d.Mask(shot.FirstFrame + f, o.ColourAt(f)).Count / exp, $"{e.Video.Id} s{si} f{f} {o.Key} exp {exp:0}"));
                    }
                var shown = shot.Objects.SelectMany(o => o.ColourAfter is { } a ? new[] { o.Colour, a } : [o.Colour]).Append(shot.Background).ToHashSet();
                foreach (var c in Enum.GetValues<SynthColour>().Except(shown))
                    for (var f = 0; f < shot.FrameCount; f++)
                        leaks.Add((d.Mask(shot.FirstFrame + f, c).Count, $"{e.Video.Id} s{si} f{f} {c}"));
            }
        }
        var sorted = ratios.OrderBy(r => r.r).ToList();
        foreach (var q in new[] { 0, 1, 5, 10, 50, 90 }) output.WriteLine($"ratio p{q}: {sorted[q * (sorted.Count - 1) / 100].r:0.00} {sorted[q * (sorted.Count - 1) / 100].w}");
        foreach (var r in sorted.Take(8)) output.WriteLine($"low {r.r:0.00} {r.w}");
        foreach (var l in leaks.OrderByDescending(l => l.n).Take(8)) output.WriteLine($"leak {l.n} {l.w}");
    }
}
