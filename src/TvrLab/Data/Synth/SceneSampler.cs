namespace TvrLab.Data.Synth;

/// <summary>
/// Samples the videos of a dataset as families: a base video and variants that each differ from it in exactly one
/// attribute (an object's colour, motion or shape, a background colour, or the order of the shots), so that every
/// split holds hard negatives by construction. Every video's content is unique.
/// </summary>
public sealed class SceneSampler(SynthOptions options)
{
    /// <summary>Shortest visible travel of a moving object, as a fraction of the frame side.</summary>
    public const double MinTravel = 0.2;

    static readonly SynthColour[] Colours = Enum.GetValues<SynthColour>();
    static readonly SynthShape[] Shapes = Enum.GetValues<SynthShape>();
    static readonly SynthMotion[] Motions = Enum.GetValues<SynthMotion>();

    readonly SynthOptions o = options;
    readonly HashSet<string> keys = [];

    /// <summary>All videos, the training split first (video0...) and the test split last, families kept within a split.</summary>
    public IReadOnlyList<SynthVideo> Sample()
    {
        var videos = new List<SynthVideo>(o.Videos);
        var family = 0;
        foreach (var (split, count) in new[] { ("train", o.Videos - o.TestVideos), ("test", o.TestVideos) })
        {
            var end = videos.Count + count;
            for (; videos.Count < end; family++)
            {
                var rng = Seeds.Stream(o.Seed, "family", family);
                var size = Math.Min(rng.Weighted(o.FamilySizeWeights) + 1, end - videos.Count);
                var baseShots = SampleUnique(rng);
                var baseIndex = videos.Count;
                videos.Add(new SynthVideo { Index = baseIndex, Split = split, Family = family, Shots = baseShots });
                for (var attempt = 0; videos.Count - baseIndex < size && attempt < 50; attempt++)
                {
                    var kind = rng.Pick(Enum.GetValues<VariantKind>());
                    if (Variant(rng, baseShots, kind) is not { } shots || !keys.Add(SynthVideo.KeyOf(shots))) continue;
                    videos.Add(new SynthVideo { Index = videos.Count, Split = split, Family = family, VariantOf = baseIndex, DiffersIn = kind, Shots = shots });
                }
            }
        }
        return videos;
    }

    IReadOnlyList<Shot> SampleUnique(Random rng)
    {
        for (var attempt = 0; ; attempt++)
        {
            var shots = SampleShots(rng);
            if (keys.Add(SynthVideo.KeyOf(shots))) return shots;
            if (attempt > 10_000) throw new InvalidOperationException("SynthVTT: cannot find a new distinct video; the attribute space is exhausted");
        }
    }

    IReadOnlyList<Shot> SampleShots(Random rng)
    {
        var frames = o.FrameCount;
        var minFrames = (int)Math.Ceiling(o.MinShotSeconds * o.Fps - 1e-9);
        var n = 1 + rng.Next(o.ShotLimit);
        // Shot lengths: the minimum each, the remaining frames split by random weights.
        var weights = Enumerable.Range(0, n).Select(_ => rng.Uniform(1, 2)).ToArray();
        var spare = frames - n * minFrames;
        var lengths = weights.Select(w => minFrames + (int)Math.Floor(spare * w / weights.Sum())).ToArray();
        lengths[^1] += frames - lengths.Sum();
        KeepCutsOffMiddle(lengths, frames / 2, minFrames);

        var shots = new List<Shot>(n);
        for (int i = 0, first = 0; i < n; first += lengths[i], i++)
        {
            Shot shot;
            do shot = SampleShot(rng, first, lengths[i]);
            while (shots.Any(s => s.Key == shot.Key)); // shots of a video differ, so their order matters
            shots.Add(shot);
        }
        return shots;
    }

    /// <summary>Moves a cut that falls within one frame of the middle frame two frames away when the lengths allow,
    /// so that the middle frame (the auxiliary caption's) and its neighbours belong to one shot.</summary>
    static void KeepCutsOffMiddle(int[] lengths, int middle, int minFrames)
    {
        for (var i = 0; i < lengths.Length - 1; i++)
        {
            var cut = lengths.Take(i + 1).Sum();
            if (Math.Abs(cut - middle) > 1) continue;
            foreach (var shift in new[] { middle - 2 - cut, middle + 2 - cut })
                if (lengths[i] + shift >= minFrames && lengths[i + 1] - shift >= minFrames)
                {
                    lengths[i] += shift;
                    lengths[i + 1] -= shift;
                    break;
                }
        }
    }

    Shot SampleShot(Random rng, int firstFrame, int frameCount)
    {
        var background = rng.Pick(Colours);
        var texture = rng.Weighted([0.5, 0.25, 0.25]) switch { 0 => SynthTexture.Solid, 1 => SynthTexture.Stripes, _ => SynthTexture.Checker };
        var count = rng.Chance(o.TwoObjectShare) ? 2 : 1;
        var used = new HashSet<SynthColour> { background };
        var specs = new List<(SynthShape Shape, SynthColour Colour, SynthMotion Motion, SynthColour? After)>();
        for (var k = 0; k < count; k++)
        {
            var shape = rng.Pick(Shapes);
            var colour = rng.Pick(Colours.Except(used).ToArray());
            used.Add(colour);
            var motion = rng.Pick(Motions.Where(m => m != SynthMotion.Rotating || Lexicon.RotationVisible(shape)).ToArray());
            SynthColour? after = null;
            if (rng.Chance(o.ColourChangeShare)) used.Add((after = rng.Pick(Colours.Except(used).ToArray())).Value);
            specs.Add((shape, colour, motion, after));
        }
        for (var attempt = 0; ; attempt++)
        {
            var objects = Place(rng, specs.Select(s => (s.Shape, s.Colour, s.Motion, RandomSize(rng, count))).ToList(), frameCount);
            if (objects is not null)
                return new Shot
                {
                    Background = background, Texture = texture, FirstFrame = firstFrame, FrameCount = frameCount,
                    Objects = objects.Select((obj, k) => WithColourChange(rng, obj, specs[k].After, firstFrame, frameCount)).ToList(),
                };
            if (attempt > 100) throw new InvalidOperationException($"SynthVTT: cannot place objects in a {o.Width}x{o.Height} frame");
        }
    }

    static SynthSize RandomSize(Random rng, int objectsInShot) =>
        objectsInShot == 1 ? rng.Pick(Enum.GetValues<SynthSize>()) : rng.Pick([SynthSize.Small, SynthSize.Medium]);

    SceneObject WithColourChange(Random rng, SceneObject obj, SynthColour? after, int firstFrame, int frameCount)
    {
        if (after is null) return obj;
        // Change between 35 % and 65 % of the shot, never on the middle frame of the video or its neighbours.
        var middle = o.FrameCount / 2;
        var candidates = Enumerable.Range((int)Math.Round(0.35 * frameCount), Math.Max(1, (int)Math.Round(0.3 * frameCount)) + 1)
            .Where(c => c >= 1 && c < frameCount && Math.Abs(firstFrame + c - middle) > 1).ToArray();
        return candidates.Length == 0 ? obj : obj with { ColourAfter = after, ColourChangeFrame = rng.Pick(candidates) };
    }

    /// <summary>
    /// Trajectories for the objects of a shot. One object has the whole frame; two objects split it in halves
    /// (side by side when their motions are vertical, one above the other otherwise) so that they never overlap.
    /// Returns null when a motion cannot travel <see cref="MinTravel"/> in its region.
    /// </summary>
    List<SceneObject>? Place(Random rng, List<(SynthShape Shape, SynthColour Colour, SynthMotion Motion, SynthSize Size)> specs, int frameCount)
    {
        static bool Vertical(SynthMotion m) => m is SynthMotion.Up or SynthMotion.Down or SynthMotion.Bouncing;
        static bool Horizontal(SynthMotion m) => m is SynthMotion.Left or SynthMotion.Right;
        var sideBySide = specs.Any(s => Vertical(s.Motion)) && !specs.Any(s => Horizontal(s.Motion));
        var regions = specs.Count == 1 ? [(0.0, 0.0, 1.0, 1.0)]
            : sideBySide ? new[] { (0.0, 0.0, 0.5, 1.0), (0.5, 0.0, 1.0, 1.0) }
            : [(0.0, 0.0, 1.0, 0.5), (0.0, 0.5, 1.0, 1.0)];
        if (specs.Count == 2 && rng.Chance(0.5)) Array.Reverse(regions);
        var placed = new List<SceneObject>();
        for (var k = 0; k < specs.Count; k++)
        {
            var obj = PlaceOne(rng, specs[k], regions[k], frameCount);
            if (obj is null) return null;
            placed.Add(obj);
        }
        return placed;
    }

    SceneObject? PlaceOne(Random rng, (SynthShape Shape, SynthColour Colour, SynthMotion Motion, SynthSize Size) s, (double X0, double Y0, double X1, double Y1) region, int frameCount)
    {
        var side = Math.Min(o.Width, o.Height);
        var maxScale = s.Motion is SynthMotion.Growing or SynthMotion.Shrinking ? Lexicon.GrowTo : 1;
        var rx = Lexicon.Radius(s.Size) * maxScale * side / o.Width;
        var ry = Lexicon.Radius(s.Size) * maxScale * side / o.Height;
        double xlo = region.X0 + rx, xhi = region.X1 - rx, ylo = region.Y0 + ry, yhi = region.Y1 - ry;
        if (xhi < xlo || yhi < ylo) return null;
        double availX = xhi - xlo, availY = yhi - ylo;
        double Travel(double avail) => rng.Uniform(Math.Max(MinTravel, 0.5 * avail), avail);
        double x = rng.Uniform(xlo, xhi), y = rng.Uniform(ylo, yhi);
        var start = new Pose(x, y, 1, 0);
        var obj = new SceneObject { Shape = s.Shape, Colour = s.Colour, Size = s.Size, Motion = s.Motion, Start = start, End = start };
        switch (s.Motion)
        {
            case SynthMotion.Left or SynthMotion.Right:
            {
                if (availX < MinTravel) return null;
                var d = Travel(availX);
                var x0 = rng.Uniform(xlo, xhi - d);
                return s.Motion == SynthMotion.Right ? obj with { Start = start with { X = x0 }, End = start with { X = x0 + d } }
                                                     : obj with { Start = start with { X = x0 + d }, End = start with { X = x0 } };
            }
            case SynthMotion.Up or SynthMotion.Down:
            {
                if (availY < MinTravel) return null;
                var d = Travel(availY);
                var y0 = rng.Uniform(ylo, yhi - d);
                return s.Motion == SynthMotion.Down ? obj with { Start = start with { Y = y0 }, End = start with { Y = y0 + d } }
                                                    : obj with { Start = start with { Y = y0 + d }, End = start with { Y = y0 } };
            }
            case SynthMotion.Diagonal:
            {
                if (availX < MinTravel || availY < MinTravel) return null;
                var dir = rng.Pick(Enum.GetValues<DiagonalDirection>());
                double dx = Travel(availX), dy = Travel(availY);
                double x0 = rng.Uniform(xlo, xhi - dx), y0 = rng.Uniform(ylo, yhi - dy);
                var right = dir is DiagonalDirection.UpRight or DiagonalDirection.DownRight;
                var down = dir is DiagonalDirection.DownLeft or DiagonalDirection.DownRight;
                return obj with
                {
                    Direction = dir,
                    Start = start with { X = right ? x0 : x0 + dx, Y = down ? y0 : y0 + dy },
                    End = start with { X = right ? x0 + dx : x0, Y = down ? y0 + dy : y0 },
                };
            }
            case SynthMotion.Growing:
                return obj with { Start = start with { Scale = Lexicon.GrowFrom }, End = start with { Scale = Lexicon.GrowTo } };
            case SynthMotion.Shrinking:
                return obj with { Start = start with { Scale = Lexicon.GrowTo }, End = start with { Scale = Lexicon.GrowFrom } };
            case SynthMotion.Rotating:
            {
                var turn = rng.Uniform(180, 360) * (rng.Chance(0.5) ? 1 : -1);
                return obj with { End = start with { Angle = turn } };
            }
            case SynthMotion.Bouncing:
            {
                if (availY < MinTravel) return null;
                var h = Travel(availY);
                var ground = rng.Uniform(ylo + h, yhi);
                var bounces = Math.Clamp(rng.Next(2, 4), 1, Math.Max(1, frameCount / 5));
                return obj with { Start = start with { Y = ground }, End = start with { Y = ground }, BounceHeight = h, Bounces = bounces };
            }
            default:
                return obj;
        }
    }

    /// <summary>The base video's shots with one attribute changed, or null when this change does not apply.</summary>
    IReadOnlyList<Shot>? Variant(Random rng, IReadOnlyList<Shot> shots, VariantKind kind)
    {
        var si = rng.Next(shots.Count);
        var shot = shots[si];
        var oi = rng.Next(shot.Objects.Count);
        var obj = shot.Objects[oi];
        var taken = shot.Objects.SelectMany(x => x.ColourAfter is { } a ? new[] { x.Colour, a } : [x.Colour]).Append(shot.Background).ToHashSet();
        IReadOnlyList<Shot> Replace(Shot changed) => shots.Select((s, i) => i == si ? changed : s).ToList();
        Shot ReplaceObject(SceneObject changed) => shot with { Objects = shot.Objects.Select((x, k) => k == oi ? changed : x).ToList() };
        switch (kind)
        {
            case VariantKind.Colour:
                return Replace(ReplaceObject(obj with { Colour = rng.Pick(Colours.Except(taken).ToArray()) }));
            case VariantKind.Shape:
            {
                var options = Shapes.Where(s => s != obj.Shape && (obj.Motion != SynthMotion.Rotating || Lexicon.RotationVisible(s))).ToArray();
                return Replace(ReplaceObject(obj with { Shape = rng.Pick(options) }));
            }
            case VariantKind.Background:
                return Replace(shot with { Background = rng.Pick(Colours.Except(taken).ToArray()) });
            case VariantKind.Motion:
            {
                var motion = rng.Pick(Motions.Where(m => m != obj.Motion && (m != SynthMotion.Rotating || Lexicon.RotationVisible(obj.Shape))).ToArray());
                var specs = shot.Objects.Select((x, k) => (x.Shape, x.Colour, k == oi ? motion : x.Motion, x.Size)).ToList();
                if (Place(rng, specs, shot.FrameCount) is not { } moved) return null;
                // Keep the colour changes: only the motion (and so the trajectories) differ.
                var objects = moved.Select((x, k) => x with { ColourAfter = shot.Objects[k].ColourAfter, ColourChangeFrame = shot.Objects[k].ColourChangeFrame }).ToList();
                return Replace(shot with { Objects = objects });
            }
            case VariantKind.Order:
            {
                if (shots.Count < 2) return null;
                int[] order;
                do order = Enumerable.Range(0, shots.Count).OrderBy(_ => rng.Next()).ToArray();
                while (order.Select((v, i) => v == i).All(same => same));
                var reordered = new List<Shot>();
                var first = 0;
                foreach (var i in order)
                {
                    reordered.Add(shots[i] with { FirstFrame = first });
                    first += shots[i].FrameCount;
                }
                var middle = o.FrameCount / 2;
                var colourChangeAtMiddle = reordered.Any(s => s.Objects.Any(x => x.ColourAfter is not null && Math.Abs(s.FirstFrame + x.ColourChangeFrame - middle) <= 1));
                return colourChangeAtMiddle ? null : reordered;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
