namespace TvrLab.Data.Synth;

/// <summary>
/// Writes MSR-VTT-style captions (lower case, no punctuation) for a video: global ones that walk through every shot
/// in order ("a red circle moves left then a blue square spins") and local ones about a single shot ("a blue square
/// spins on a green background"). Synonyms, paraphrased verbs and varied sentence frames keep matching from being
/// string lookup. Each caption carries its meaning (<see cref="SynthCaption.Clauses"/>).
/// </summary>
public static class CaptionGrammar
{
    /// <summary><paramref name="count"/> distinct captions for <paramref name="video"/> (global and local mixed, shuffled).</summary>
    public static IReadOnlyList<SynthCaption> Captions(SynthVideo video, int count, double globalShare, Random rng)
    {
        var shots = video.Shots.Count;
        var global = shots == 1 ? count : Math.Clamp((int)Math.Round(globalShare * count), 1, count);
        var captions = new List<SynthCaption>(count);
        var seen = new HashSet<string>();
        for (var k = 0; k < count; k++)
        {
            SynthCaption caption = null!;
            for (var attempt = 0; attempt < 40 && (caption is null || seen.Contains(caption.Text)); attempt++)
                caption = k < global ? Global(video, rng) : Local(video.Shots[(k - global) % shots], (k - global) % shots, rng);
            seen.Add(caption.Text);
            captions.Add(caption);
        }
        return captions.OrderBy(_ => rng.Next()).ToList();
    }

    /// <summary>How much a caption says: chances of naming both objects of a shot, the background, its texture,
    /// an object's size and its colour change. Annotators name what strikes them, so most captions are partial.</summary>
    sealed record Detail(double BothObjects, double Background, double Texture, double Size, double ColourChange);

    static readonly Detail LocalDetail = new(0.4, 0.5, 0.7, 0.35, 0.7);
    static readonly Detail GlobalDetail = new(0.2, 0.25, 0.7, 0.35, 0.7);
    static readonly Detail Complete = new(1, 1, 1, 1, 1);

    /// <summary>A caption of the whole video: one clause per shot, joined in order.</summary>
    public static SynthCaption Global(SynthVideo video, Random rng) => Global(video, rng, GlobalDetail);

    /// <summary>A global caption that names every object, size, colour change and background: the test query of a
    /// video whose ordinary captions all fit another test video too.</summary>
    public static SynthCaption Exhaustive(SynthVideo video, Random rng) => Global(video, rng, Complete);

    static SynthCaption Global(SynthVideo video, Random rng, Detail detail)
    {
        if (video.Shots.Count == 1)
            return Local(video.Shots[0], 0, rng, detail == Complete ? Complete : LocalDetail) with { Scope = CaptionScope.Video };
        // Two objects in a clause only in two-shot videos (or when complete), so captions stay within 32 tokens.
        var both = video.Shots.Count == 2 || detail == Complete ? detail : detail with { BothObjects = 0 };
        var parts = video.Shots.Select((s, i) => ClauseOf(s, i, rng, both, detail.Background)).ToList();
        var c = parts.Select(p => p.Finite).ToList();
        var n = c.Count;
        var text = rng.Next(6) switch
        {
            0 => string.Join(" then ", c),
            1 => string.Join(" and then ", c),
            2 => n == 2 ? $"first {c[0]} and then {c[1]}" : $"first {c[0]} then {c[1]} and finally {c[2]}",
            3 when parts[1].Meaning.Objects.Count == 1 => $"{c[0]} followed by {parts[1].Gerund}" + (n == 3 ? $" and then {c[2]}" : ""),
            4 => n == 2 ? $"in the first scene {c[0]} and in the next scene {c[1]}" : $"in the first scene {c[0]} in the next one {c[1]} and in the last scene {c[2]}",
            _ => $"a video where {string.Join(" and then ", c)}",
        };
        return new SynthCaption(text, CaptionScope.Video, parts.Select(p => p.Meaning).ToList());
    }

    /// <summary>A caption of one shot only.</summary>
    public static SynthCaption Local(Shot shot, int shotIndex, Random rng) => Local(shot, shotIndex, rng, LocalDetail);

    static SynthCaption Local(Shot shot, int shotIndex, Random rng, Detail detail)
    {
        var part = ClauseOf(shot, shotIndex, rng, detail, backgroundChance: 0);
        SynthTexture? texture = null;
        var bg = rng.Chance(detail.Background) ? BackgroundPhrase(shot, rng, detail, out texture) : null;
        var meaning = bg is null ? part.Meaning : part.Meaning with { Background = shot.Background, Texture = texture };
        var after = bg is null ? "" : " " + bg;
        var text = rng.Next(6) switch
        {
            0 => part.Finite + after,
            1 when bg is not null => $"{bg} {part.Finite}",
            2 => $"there is {part.Gerund}{after}",
            3 => $"{rng.Pick(Frames)} {part.Gerund}{after}",
            4 => part.Gerund + after,
            _ => part.Progressive + after,
        };
        return new SynthCaption(text, CaptionScope.Shot, [meaning]);
    }

    static readonly string[] Frames = ["a video of", "a clip showing", "we see", "an animation of", "a cartoon of", "footage of"];

    /// <summary>A clause about a shot in three forms: finite ("a red circle moves left"), progressive ("a red circle
    /// is moving left") and gerund ("a red circle moving left"), with its meaning.</summary>
    sealed record ClauseText(string Finite, string Progressive, string Gerund, Clause Meaning);

    static ClauseText ClauseOf(Shot shot, int shotIndex, Random rng, Detail detail, double backgroundChance)
    {
        var chosen = shot.Objects.Count == 2 && rng.Chance(detail.BothObjects) ? [0, 1] : new[] { rng.Next(shot.Objects.Count) };
        var phrases = chosen.Select(k => ObjectPhrase(shot.Objects[k], k, rng, detail)).ToList();
        string finite, progressive, gerund;
        if (phrases.Count == 1)
            (finite, progressive, gerund) = ($"{phrases[0].Np} {phrases[0].Vp}", $"{phrases[0].Np} is {phrases[0].Ving}", $"{phrases[0].Np} {phrases[0].Ving}");
        else
        {
            var (a, b) = (phrases[0], phrases[1]);
            var join = rng.Pick(["while", "as", "and"]);
            (finite, progressive, gerund) = ($"{a.Np} {a.Vp} {join} {b.Np} {b.Vp}", $"{a.Np} is {a.Ving} {join} {b.Np} is {b.Ving}", $"{a.Np} {a.Ving} and {b.Np} {b.Ving}");
        }
        var meaning = new Clause { Shot = shotIndex, Objects = phrases.Select(p => p.Meaning).ToList() };
        if (rng.Chance(backgroundChance))
        {
            var bg = " " + BackgroundPhrase(shot, rng, detail, out var texture);
            (finite, progressive, gerund) = (finite + bg, progressive + bg, gerund + bg);
            meaning = meaning with { Background = shot.Background, Texture = texture };
        }
        return new ClauseText(finite, progressive, gerund, meaning);
    }

    sealed record ObjectText(string Np, string Vp, string Ving, ObjectMention Meaning);

    static ObjectText ObjectPhrase(SceneObject o, int index, Random rng, Detail detail)
    {
        // Sizes are said of small and large objects that keep their size; an exhaustive caption says every size
        // (of a growing or shrinking object, the size class it has at scale 1).
        var sized = detail == Complete || o.Motion is not (SynthMotion.Growing or SynthMotion.Shrinking) && o.Size != SynthSize.Medium && rng.Chance(detail.Size);
        var np = NounPhrase(o.Shape, o.Colour, sized ? o.Size : null, rng);
        var (vp, ving, direction, clockwise) = Verb(o, rng);
        SynthColour? after = null;
        if (o.ColourAfter is { } a && rng.Chance(detail.ColourChange))
        {
            after = a;
            var word = rng.Pick(Lexicon.Words(a));
            var (v, g) = rng.Pick<(string, string)>([("turns", "turning"), ("changes to", "changing to"), ("becomes", "becoming")]);
            (vp, ving) = ($"{vp} and {v} {word}", $"{ving} and {g} {word}");
        }
        return new ObjectText(np, vp, ving, new ObjectMention
        {
            Object = index, Shape = o.Shape, Colour = o.Colour, Motion = o.Motion, Size = sized ? o.Size : null,
            ColourAfter = after, Direction = direction, Clockwise = clockwise,
        });
    }

    /// <summary>"a small red circle", "an orange star": article, optional size, colour and shape words.</summary>
    public static string NounPhrase(SynthShape shape, SynthColour colour, SynthSize? size, Random rng)
    {
        var words = string.Join(" ", new[] { size is { } s ? rng.Pick(Lexicon.Words(s)) : null, rng.Pick(Lexicon.Words(colour)), rng.Pick(Lexicon.Words(shape)) }.OfType<string>());
        return ("aeiou".Contains(words[0]) ? "an " : "a ") + words;
    }

    /// <summary>"on a green background", "against a striped blue backdrop"; tells whether the texture was named.</summary>
    static string BackgroundPhrase(Shot shot, Random rng, Detail detail, out SynthTexture? texture)
    {
        var colour = rng.Pick(Lexicon.Words(shot.Background));
        // A plain background is seldom called plain, except by an exhaustive caption.
        var named = rng.Chance(shot.Texture == SynthTexture.Solid && detail != Complete ? 0.3 : detail.Texture);
        texture = named ? shot.Texture : null;
        var adjective = texture switch
        {
            SynthTexture.Stripes => rng.Pick(["striped ", "stripy "]),
            SynthTexture.Checker => rng.Pick(["checkered ", "checkerboard "]),
            SynthTexture.Solid => "plain ",
            _ => "",
        };
        var noun = rng.Pick(["background", "background", "backdrop"]);
        var phrase = rng.Pick(["on", "against", "over", "in front of"]) + $" a {adjective}{colour} {noun}";
        return phrase.Replace(" a o", " an o", StringComparison.Ordinal);
    }

    /// <summary>A motion in third person and gerund, with the direction or rotation sense when the phrase names one.</summary>
    static (string Vp, string Ving, DiagonalDirection? Direction, bool? Clockwise) Verb(SceneObject o, Random rng)
    {
        if (o.Motion == SynthMotion.Diagonal && rng.Chance(0.8))
        {
            var d = o.Direction!.Value;
            var (vertical, horizontal) = (d is DiagonalDirection.UpLeft or DiagonalDirection.UpRight ? "up" : "down", d is DiagonalDirection.UpLeft or DiagonalDirection.DownLeft ? "left" : "right");
            var corner = $"{(vertical == "up" ? rng.Pick(["top", "upper"]) : rng.Pick(["bottom", "lower"]))} {horizontal}";
            var (v, g) = rng.Pick<(string, string)>([("moves", "moving"), ("glides", "gliding"), ("slides", "sliding")]);
            return rng.Next(3) switch
            {
                0 => ($"{v} diagonally {vertical} and to the {horizontal}", $"{g} diagonally {vertical} and to the {horizontal}", d, null),
                1 => ($"{v} toward the {corner} corner", $"{g} toward the {corner} corner", d, null),
                _ => ($"{v} diagonally to the {corner}", $"{g} diagonally to the {corner}", d, null),
            };
        }
        if (o.Motion == SynthMotion.Rotating && rng.Chance(0.4))
        {
            var sense = o.Clockwise ? "clockwise" : rng.Pick(["counterclockwise", "anticlockwise"]);
            var (v, g) = rng.Pick<(string, string)>([("spins", "spinning"), ("rotates", "rotating"), ("turns", "turning")]);
            return ($"{v} {sense}", $"{g} {sense}", null, o.Clockwise);
        }
        var (vp, ving) = rng.Pick(MotionPhrases[o.Motion]);
        return (vp, ving, null, null);
    }

    /// <summary>Paraphrases of each motion (third person, gerund). Diagonal and rotating add directional forms above.</summary>
    public static IReadOnlyDictionary<SynthMotion, (string Vp, string Ving)[]> MotionPhrases { get; } = new Dictionary<SynthMotion, (string, string)[]>
    {
        [SynthMotion.Still] = [("stays still", "staying still"), ("sits still", "sitting still"), ("does not move", "not moving"), ("rests in place", "resting in place"), ("remains motionless", "remaining motionless"), ("stays in one place", "staying in one place")],
        [SynthMotion.Left] = [("moves left", "moving left"), ("moves to the left", "moving to the left"), ("slides left", "sliding left"), ("travels leftward", "travelling leftward"), ("drifts to the left", "drifting to the left"), ("goes left", "going left")],
        [SynthMotion.Right] = [("moves right", "moving right"), ("moves to the right", "moving to the right"), ("slides right", "sliding right"), ("travels rightward", "travelling rightward"), ("drifts to the right", "drifting to the right"), ("goes right", "going right")],
        [SynthMotion.Up] = [("moves up", "moving up"), ("rises", "rising"), ("floats upward", "floating upward"), ("goes up", "going up"), ("climbs", "climbing"), ("moves upward", "moving upward")],
        [SynthMotion.Down] = [("moves down", "moving down"), ("falls", "falling"), ("sinks", "sinking"), ("drops down", "dropping down"), ("goes down", "going down"), ("descends", "descending")],
        [SynthMotion.Diagonal] = [("moves diagonally", "moving diagonally"), ("moves diagonally across the screen", "moving diagonally across the screen"), ("travels diagonally", "travelling diagonally")],
        [SynthMotion.Growing] = [("grows", "growing"), ("gets bigger", "getting bigger"), ("expands", "expanding"), ("grows larger", "growing larger"), ("swells up", "swelling up"), ("becomes larger", "becoming larger")],
        [SynthMotion.Shrinking] = [("shrinks", "shrinking"), ("gets smaller", "getting smaller"), ("contracts", "contracting"), ("becomes smaller", "becoming smaller"), ("shrinks down", "shrinking down")],
        [SynthMotion.Rotating] = [("spins", "spinning"), ("rotates", "rotating"), ("turns around", "turning around"), ("twirls", "twirling"), ("spins around", "spinning around")],
        [SynthMotion.Bouncing] = [("bounces", "bouncing"), ("bounces up and down", "bouncing up and down"), ("hops", "hopping"), ("jumps up and down", "jumping up and down"), ("keeps bouncing", "bouncing around")],
    };
}
