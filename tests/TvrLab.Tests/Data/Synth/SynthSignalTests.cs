using TvrLab.Data.Synth;

namespace TvrLab.Tests.Data.Synth;

/// <summary>
/// The dataset carries the signal it is designed for, shown without any model: the tiny preset's videos are decoded
/// with ffmpeg and their pixels checked against what the captions say (colours in the named shot and only there,
/// motions visible in the centroids, the middle frame holding what the auxiliary caption names).
/// </summary>
[Collection("SynthVTT tiny")]
public sealed class SynthSignalTests(TinyDatasetFixture tiny)
{
    SynthOptions O => tiny.Dataset.Settings;

    /// <summary>Frames of a shot, without the frames next to a colour change (where the colour is in transit).</summary>
    static IEnumerable<int> SteadyFrames(Shot shot) => Enumerable.Range(0, shot.FrameCount)
        .Where(f => shot.Objects.All(o => o.ColourAfter is null || Math.Abs(f - o.ColourChangeFrame) > 1));

    /// <summary>
    /// True when the shot shows colour <paramref name="c"/> as the caption says: as the background (at least a third
    /// of every frame) or as an object (in every frame at least a fifth of the object's area, measured in core pixels,
    /// i.e. without the blended edges; calibrated on the tiny preset, where the smallest share seen is 0.27).
    /// </summary>
    bool Shows(DecodedVideo d, Shot shot, SynthColour c, bool asBackground)
    {
        if (asBackground) return SteadyFrames(shot).All(f => d.Share(shot.FirstFrame + f, c) >= 0.33);
        var frames = SteadyFrames(shot).Where(f => shot.Objects.Any(o => o.ColourAt(f) == c)).ToList();
        return frames.Count > 0 && frames.All(f =>
            d.Mask(shot.FirstFrame + f, c).Count >= 0.2 * shot.Objects.Where(o => o.ColourAt(f) == c).Sum(o => ShapeGeometry.Area(o, o.PoseAt(shot.Progress(f)), O.Width, O.Height)));
    }

    /// <summary>Core pixels a frame may show of a colour it does not contain (compression noise; calibrated at 2).</summary>
    const int AbsentAtMost = 3;

    static IEnumerable<(SynthColour Colour, bool Background)> NamedColours(Clause clause) =>
        clause.Objects.SelectMany(m => m.ColourAfter is { } a ? new[] { (m.Colour, false), (a, false) } : [(m.Colour, false)])
            .Concat(clause.Background is { } b ? [(b, true)] : []);

    [Fact]
    public void EveryVideoDecodesToItsFrameCountAndSize()
    {
        Assert.True(tiny.Report.Complete);
        foreach (var e in tiny.Dataset.Entries)
            Assert.Equal(e.Video.FrameCount, tiny.Decoded(e.Video).FrameCount);
    }

    [Fact]
    public void ColoursNamedByLocalCaptionsArePresentInTheirShotAndAbsentFromShotsWithoutThem()
    {
        int checkedColours = 0, checkedAbsences = 0;
        foreach (var e in tiny.Dataset.Entries)
        {
            var d = tiny.Decoded(e.Video);
            foreach (var caption in e.Captions.Where(c => c.Clauses.Count == 1))
            {
                var clause = caption.Clauses[0];
                var shot = e.Video.Shots[clause.Shot];
                // The words of the caption (synonyms mapped back by the lexicon) name exactly the colours of its meaning.
                Assert.Equal(NamedColours(clause).Select(x => x.Colour).ToHashSet(), Lexicon.ColoursIn(caption.Text).ToHashSet());
                foreach (var (colour, background) in NamedColours(clause))
                {
                    Assert.True(Shows(d, shot, colour, background), $"{e.Video.Id} shot {clause.Shot}: '{caption.Text}' names {colour}, not seen in its frames");
                    checkedColours++;
                    // Locality: another shot that has no such colour at all shows (almost) none of it.
                    foreach (var other in e.Video.Shots.Where(s => s != shot && !ColoursOf(s).Contains(colour)))
                    {
                        var most = SteadyFrames(other).Max(f => d.Mask(other.FirstFrame + f, colour).Count);
                        Assert.True(most <= AbsentAtMost, $"{e.Video.Id}: {colour} of shot {clause.Shot} seen in a shot without it ({most} px)");
                        checkedAbsences++;
                    }
                }
            }
        }
        Assert.True(checkedColours > 2000 && checkedAbsences > 300, $"{checkedColours} colours, {checkedAbsences} absences checked");
    }

    [Fact]
    public void GlobalCaptionsWalkThroughEveryShotInOrderAndTheirColoursArePresent()
    {
        var multiShot = 0;
        foreach (var e in tiny.Dataset.Entries)
        {
            var d = tiny.Decoded(e.Video);
            foreach (var caption in e.Captions.Where(c => c.Scope == CaptionScope.Video))
            {
                Assert.Equal(Enumerable.Range(0, e.Video.Shots.Count), caption.Clauses.Select(c => c.Shot));
                Assert.Equal(caption.Clauses.SelectMany(NamedColours).Select(x => x.Colour).ToHashSet(), Lexicon.ColoursIn(caption.Text).ToHashSet());
                Assert.Equal(caption.Clauses.SelectMany(c => c.Objects).Select(m => m.Shape).ToHashSet(), Lexicon.ShapesIn(caption.Text).ToHashSet());
                foreach (var clause in caption.Clauses)
                    foreach (var (colour, background) in NamedColours(clause))
                        Assert.True(Shows(d, e.Video.Shots[clause.Shot], colour, background), $"{e.Video.Id}: '{caption.Text}' names {colour} in shot {clause.Shot}");
                if (caption.Clauses.Count > 1) multiShot++;
            }
        }
        Assert.True(multiShot > 200, $"only {multiShot} multi-shot global captions");
    }

    [Fact]
    public void EveryMotionIsVisibleInTheObjectsCentroidAndArea()
    {
        var seen = new HashSet<SynthMotion>();
        foreach (var e in tiny.Dataset.Entries)
        {
            var d = tiny.Decoded(e.Video);
            foreach (var (shot, si) in e.Video.Shots.Select((s, i) => (s, i)))
                foreach (var o in shot.Objects)
                {
                    var track = SteadyFrames(shot).Select(f => d.Mask(shot.FirstFrame + f, o.ColourAt(f))).ToList();
                    var where = $"{e.Video.Id} shot {si}: {o.Key}";
                    Assert.All(track, t => Assert.True(t.Count > 0, $"{where}: object not found"));
                    var (first, last) = (track[0], track[^1]);
                    var start = o.PoseAt(0);
                    Assert.True(Math.Abs(first.X - start.X) < 0.05 && Math.Abs(first.Y - start.Y) < 0.05, $"{where}: starts at ({first.X:0.00},{first.Y:0.00}), ground truth ({start.X:0.00},{start.Y:0.00})");
                    double dx = last.X - first.X, dy = last.Y - first.Y;
                    var travel = 0.5 * SceneSampler.MinTravel;
                    var ok = o.Motion switch
                    {
                        SynthMotion.Left => dx < -travel && Math.Abs(dy) < 0.05,
                        SynthMotion.Right => dx > travel && Math.Abs(dy) < 0.05,
                        SynthMotion.Up => dy < -travel && Math.Abs(dx) < 0.05,
                        SynthMotion.Down => dy > travel && Math.Abs(dx) < 0.05,
                        SynthMotion.Diagonal => Math.Sign(dx) == (o.Direction is DiagonalDirection.UpRight or DiagonalDirection.DownRight ? 1 : -1)
                                                && Math.Sign(dy) == (o.Direction is DiagonalDirection.DownLeft or DiagonalDirection.DownRight ? 1 : -1)
                                                && Math.Abs(dx) > travel && Math.Abs(dy) > travel,
                        SynthMotion.Growing => last.Count > 2.0 * first.Count && Math.Abs(dx) + Math.Abs(dy) < 0.05,
                        SynthMotion.Shrinking => last.Count < 0.5 * first.Count && Math.Abs(dx) + Math.Abs(dy) < 0.05,
                        SynthMotion.Bouncing => track.Min(t => t.Y) < first.Y - 0.5 * o.BounceHeight && Math.Abs(dy) < 0.05 && track.All(t => Math.Abs(t.X - first.X) < 0.03),
                        SynthMotion.Still => track.All(t => Math.Abs(t.X - first.X) < 0.02 && Math.Abs(t.Y - first.Y) < 0.02 && t.Count < 1.3 * first.Count && t.Count > first.Count / 1.3),
                        SynthMotion.Rotating => track.All(t => Math.Abs(t.X - first.X) < 0.03 && Math.Abs(t.Y - first.Y) < 0.03) && MinOverlapWithFirst(d, shot, o) < 0.9,
                        _ => false,
                    };
                    Assert.True(ok, $"{where}: motion {o.Motion} not visible (dx {dx:0.000}, dy {dy:0.000}, area {first.Count} -> {last.Count})");
                    seen.Add(o.Motion);
                }
        }
        Assert.Equal(Enum.GetValues<SynthMotion>().ToHashSet(), seen);
    }

    /// <summary>Smallest intersection-over-union between the object's first mask and its later masks (a rotation changes it).</summary>
    static double MinOverlapWithFirst(DecodedVideo d, Shot shot, SceneObject o)
    {
        var frames = SteadyFrames(shot).ToList();
        var first = d.Pixels(shot.FirstFrame + frames[0], o.ColourAt(frames[0]));
        return frames.Skip(1).Min(f =>
        {
            var mask = d.Pixels(shot.FirstFrame + f, o.ColourAt(f));
            return mask.Intersect(first).Count() / (double)mask.Union(first).Count();
        });
    }

    [Fact]
    public void AuxiliaryCaptionNamesExactlyWhatTheMiddleFrameShowsAndNoMotion()
    {
        var motionWords = CaptionGrammar.MotionPhrases.Values.SelectMany(p => p).SelectMany(p => new[] { p.Vp, p.Ving }).ToList();
        foreach (var e in tiny.Dataset.Entries)
        {
            var aux = e.AuxCaption;
            var v = e.Video;
            Assert.Equal(v.MiddleFrame, aux.Frame);
            var shot = v.Shots[aux.Shot];
            var inShot = aux.Frame - shot.FirstFrame;
            Assert.Equal(shot.Objects.Select(o => o.ColourAt(inShot)).Append(shot.Background).ToHashSet(), Lexicon.ColoursIn(aux.Text).ToHashSet());
            Assert.Equal(shot.Objects.Select(o => o.Shape).ToHashSet(), Lexicon.ShapesIn(aux.Text).ToHashSet());
            Assert.DoesNotContain(motionWords, w => $" {aux.Text} ".Contains($" {w} ", StringComparison.Ordinal));

            var d = tiny.Decoded(v);
            Assert.True(d.Share(aux.Frame, shot.Background) >= 0.33, $"{v.Id}: background {shot.Background} not in the middle frame");
            foreach (var o in shot.Objects)
            {
                var expected = ShapeGeometry.Area(o, o.PoseAt(shot.Progress(inShot)), O.Width, O.Height);
                var seen = d.Mask(aux.Frame, o.ColourAt(inShot)).Count;
                Assert.True(seen >= 0.2 * expected, $"{v.Id}: '{aux.Text}': {o.ColourAt(inShot)} {o.Shape} covers {seen} px of {expected:0} expected in the middle frame");
            }
        }
    }

    [Fact]
    public void HardNegativeVariantsDifferFromTheirBaseInOneShotOnly()
    {
        var kinds = new HashSet<VariantKind>();
        var entries = tiny.Dataset.Entries;
        foreach (var e in entries.Where(e => e.Video.DiffersIn is not null and not VariantKind.Order))
        {
            var baseVideo = entries[e.Video.VariantOf!.Value].Video;
            var (a, b) = (tiny.Decoded(baseVideo), tiny.Decoded(e.Video));
            var changed = e.Video.Shots.Select((s, i) => s.Key != baseVideo.Shots[i].Key).ToList();
            Assert.Equal(1, changed.Count(c => c));
            for (var i = 0; i < changed.Count; i++)
            {
                var shot = e.Video.Shots[i];
                var differing = Enumerable.Range(shot.FirstFrame, shot.FrameCount).Average(f => a.DifferentPixels(b, f));
                if (changed[i]) Assert.True(differing > 0.005, $"{e.Video.Id} vs {baseVideo.Id}: changed shot {i} looks the same");
                else Assert.True(differing < 0.005, $"{e.Video.Id} vs {baseVideo.Id}: unchanged shot {i} differs in {differing:P1} of pixels");
            }
            kinds.Add(e.Video.DiffersIn!.Value);
        }
        Assert.Equal(4, kinds.Count);
    }

    static HashSet<SynthColour> ColoursOf(Shot s) =>
        s.Objects.SelectMany(o => o.ColourAfter is { } a ? new[] { o.Colour, a } : [o.Colour]).Append(s.Background).ToHashSet();
}
