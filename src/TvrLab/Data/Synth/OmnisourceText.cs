namespace TvrLab.Data.Synth;

/// <summary>A narration-like subtitle and the attribute words it names, true (shown in the video) or false (not shown).</summary>
public sealed record Subtitle(string Text, IReadOnlyList<string> TrueWords, IReadOnlyList<string> FalseWords);

/// <summary>An auxiliary caption of the middle frame: objects and colours, no motion (what an image captioner sees).</summary>
public sealed record AuxiliaryCaption(string Text, int Frame, int Shot, IReadOnlyList<AuxObject> Objects, SynthColour Background);

/// <summary>An object as the middle frame shows it.</summary>
public sealed record AuxObject(SynthShape Shape, SynthColour Colour);

/// <summary>
/// The extra text sources of CLIP-ViP's omnisource cross-modal learning: an ASR-like subtitle per video, only weakly
/// related to what is shown, and an auxiliary caption of the middle frame in the style of the OFA image captioner.
/// </summary>
public static class OmnisourceText
{
    static readonly string[] Openers = ["so", "okay so", "alright", "um", "hey guys", "welcome back", "right so", "okay"];
    static readonly string[] Fillers =
    [
        "today we are going to try something a little different", "let me show you what happens next", "this is one of my favourite ones",
        "you can see it right here", "i was not sure about this at first", "pay attention to this part", "that is pretty cool",
        "watch this", "i think it looks great", "let me know in the comments", "there we go", "as you can see", "it is really simple",
        "i made this last week", "this took me a while", "so yeah", "you know what i mean", "it kind of surprised me",
    ];
    static readonly string[] Closers = ["thanks for watching", "do not forget to subscribe", "see you next time", "bye for now", "that is it for today"];
    static readonly string[] AttributeFrames = ["look at the {0} one", "i really like this {0}", "the {0} part is my favourite", "see that {0} there", "i went with {0} this time", "check out the {0}"];
    /// <summary>ASR confusions applied to attribute words with some probability.</summary>
    static readonly Dictionary<string, string> Mishearings = new()
    {
        ["red"] = "read", ["blue"] = "blew", ["star"] = "start", ["square"] = "scare", ["circle"] = "circuit", ["ring"] = "bring",
        ["cross"] = "across", ["grey"] = "gray day", ["green"] = "grain", ["pink"] = "think", ["white"] = "right", ["brown"] = "around",
    };

    /// <summary>
    /// A subtitle: an opener, two or three filler phrases, usually one true attribute word of the video (a colour or a
    /// shape), sometimes a false one, a closer; attribute words are misheard now and then, as ASR does.
    /// </summary>
    public static Subtitle Subtitle(SynthVideo video, Random rng)
    {
        var shownColours = video.Shots.SelectMany(s => s.Objects.SelectMany(o => o.ColourAfter is { } a ? new[] { o.Colour, a } : [o.Colour]).Append(s.Background)).ToHashSet();
        var shownShapes = video.Shots.SelectMany(s => s.Objects.Select(o => o.Shape)).ToHashSet();
        var shown = shownColours.Select(Lexicon.Name).Concat(shownShapes.Select(Lexicon.Name)).Order(StringComparer.Ordinal).ToArray();
        var absent = Enum.GetValues<SynthColour>().Except(shownColours).Select(Lexicon.Name)
            .Concat(Enum.GetValues<SynthShape>().Except(shownShapes).Select(Lexicon.Name)).Order(StringComparer.Ordinal).ToArray();

        var segments = new List<string> { rng.Pick(Openers) };
        segments.AddRange(Fillers.OrderBy(_ => rng.Next()).Take(2 + rng.Next(2)));
        var trueWords = new List<string>();
        var falseWords = new List<string>();
        void Mention(string word, List<string> record)
        {
            record.Add(word);
            var heard = rng.Chance(0.25) && Mishearings.TryGetValue(word, out var m) ? m : word;
            segments.Insert(1 + rng.Next(segments.Count), string.Format(rng.Pick(AttributeFrames), heard));
        }
        if (rng.Chance(0.8)) Mention(rng.Pick(shown), trueWords);
        if (rng.Chance(0.3)) Mention(rng.Pick(absent), falseWords);
        if (rng.Chance(0.6)) segments.Add(rng.Pick(Closers));
        return new Subtitle(string.Join(" ", segments), trueWords, falseWords);
    }

    /// <summary>The auxiliary caption of the middle frame: the objects there with the colours they have on that frame,
    /// the background, and sometimes where each object is; never how anything moves.</summary>
    public static AuxiliaryCaption Auxiliary(SynthVideo video, Random rng)
    {
        var frame = video.MiddleFrame;
        var si = video.ShotAt(frame);
        var shot = video.Shots[si];
        var inShot = frame - shot.FirstFrame;
        var withPlace = rng.Chance(0.4);
        var objects = shot.Objects.Select(o =>
        {
            var np = CaptionGrammar.NounPhrase(o.Shape, o.ColourAt(inShot), null, rng);
            return withPlace ? $"{np} {Place(o.PoseAt(shot.Progress(inShot)))}" : np;
        }).ToList();
        var things = string.Join(" and ", objects);
        var bg = rng.Pick(Lexicon.Words(shot.Background));
        var texture = shot.Texture switch { SynthTexture.Stripes => "striped ", SynthTexture.Checker => "checkered ", _ => "" };
        var text = rng.Next(4) switch
        {
            0 => $"{things} on a {texture}{bg} background",
            1 => $"a picture of {things} on a {texture}{bg} background",
            2 => $"an image of {things} in front of a {texture}{bg} background",
            _ => $"a {texture}{bg} background with {things}",
        };
        return new AuxiliaryCaption(text.Replace(" a o", " an o", StringComparison.Ordinal), frame, si,
            shot.Objects.Select(o => new AuxObject(o.Shape, o.ColourAt(inShot))).ToList(), shot.Background);
    }

    static string Place(Pose p)
    {
        var h = p.X < 0.38 ? "left" : p.X > 0.62 ? "right" : null;
        var v = p.Y < 0.38 ? "top" : p.Y > 0.62 ? "bottom" : null;
        return (v, h) switch
        {
            (null, null) => "in the middle",
            (null, _) => $"on the {h}",
            (_, null) => $"at the {v}",
            _ => $"in the {v} {h}",
        };
    }
}
