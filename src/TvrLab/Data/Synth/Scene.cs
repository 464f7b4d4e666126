using System.Text.Json.Serialization;

namespace TvrLab.Data.Synth;

/// <summary>Where an object is at one instant: centre in [0,1] of the frame's width and height, scale of its radius,
/// rotation in degrees (clockwise on screen, since image rows grow downwards).</summary>
public readonly record struct Pose(double X, double Y, double Scale, double Angle);

/// <summary>
/// One object of a shot and its whole trajectory. Poses interpolate linearly from <see cref="Start"/> to
/// <see cref="End"/> over the shot; a bouncing object adds y -= BounceHeight * |sin(pi * Bounces * u)|.
/// </summary>
public sealed record SceneObject
{
    public required SynthShape Shape { get; init; }
    public required SynthColour Colour { get; init; }
    public required SynthSize Size { get; init; }
    public required SynthMotion Motion { get; init; }
    /// <summary>Only for <see cref="SynthMotion.Diagonal"/>.</summary>
    public DiagonalDirection? Direction { get; init; }
    public required Pose Start { get; init; }
    public required Pose End { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double BounceHeight { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Bounces { get; init; }
    /// <summary>The colour after a mid-shot colour change, or null.</summary>
    public SynthColour? ColourAfter { get; init; }
    /// <summary>First frame (index within the shot) that shows <see cref="ColourAfter"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ColourChangeFrame { get; init; }

    /// <summary>Rotation sense of a rotating object: true when its angle grows (clockwise on screen).</summary>
    [JsonIgnore]
    public bool Clockwise => End.Angle > Start.Angle;

    /// <summary>The pose at shot progress u in [0, 1].</summary>
    public Pose PoseAt(double u)
    {
        double Lerp(double a, double b) => a + (b - a) * u;
        var y = Lerp(Start.Y, End.Y);
        if (Motion == SynthMotion.Bouncing) y -= BounceHeight * Math.Abs(Math.Sin(Math.PI * Bounces * u));
        return new Pose(Lerp(Start.X, End.X), y, Lerp(Start.Scale, End.Scale), Lerp(Start.Angle, End.Angle));
    }

    /// <summary>The colour shown at frame <paramref name="frameInShot"/> of the shot.</summary>
    public SynthColour ColourAt(int frameInShot) => ColourAfter is { } after && frameInShot >= ColourChangeFrame ? after : Colour;

    /// <summary>Canonical description of what a viewer can tell apart (used to keep videos distinct).</summary>
    [JsonIgnore]
    public string Key => $"{Lexicon.Name(Shape)}:{Lexicon.Name(Colour)}>{(ColourAfter is { } a ? Lexicon.Name(a) : "-")}:{Lexicon.Name(Size)}:" +
                         $"{Lexicon.Name(Motion)}{(Direction is { } d ? "/" + Lexicon.Name(d) : "")}{(Motion == SynthMotion.Rotating ? (Clockwise ? "/cw" : "/ccw") : "")}";
}

/// <summary>A shot: a background and one or two objects, shown for the frames [FirstFrame, FirstFrame + FrameCount).</summary>
public sealed record Shot
{
    public required SynthColour Background { get; init; }
    public required SynthTexture Texture { get; init; }
    public required IReadOnlyList<SceneObject> Objects { get; init; }
    public required int FirstFrame { get; init; }
    public required int FrameCount { get; init; }

    /// <summary>Progress u in [0, 1] of frame <paramref name="frameInShot"/>.</summary>
    public double Progress(int frameInShot) => FrameCount <= 1 ? 0 : frameInShot / (double)(FrameCount - 1);

    [JsonIgnore]
    public string Key => $"{Lexicon.Name(Background)}/{Lexicon.Name(Texture)}[{string.Join(",", Objects.Select(o => o.Key))}]";
}

/// <summary>How a hard-negative variant differs from its family's base video.</summary>
public enum VariantKind { Colour, Motion, Shape, Background, Order }

/// <summary>
/// One SynthVTT video: its shots and where it sits in the dataset. Videos of one family share everything but one
/// attribute (<see cref="DiffersIn"/>): the hard negatives.
/// </summary>
public sealed record SynthVideo
{
    public required int Index { get; init; }
    [JsonPropertyName("video_id"), JsonPropertyOrder(-1)]
    public string Id => $"video{Index}";
    public required string Split { get; init; }
    public required int Family { get; init; }
    /// <summary>Index of the family's base video, or null for the base itself.</summary>
    public int? VariantOf { get; init; }
    public VariantKind? DiffersIn { get; init; }
    public required IReadOnlyList<Shot> Shots { get; init; }

    public int FrameCount => Shots[^1].FirstFrame + Shots[^1].FrameCount;

    /// <summary>The middle frame (index FrameCount / 2), the one the auxiliary caption describes.</summary>
    public int MiddleFrame => FrameCount / 2;

    /// <summary>The shot showing frame <paramref name="frame"/>.</summary>
    public int ShotAt(int frame)
    {
        for (var i = Shots.Count - 1; i >= 0; i--)
            if (frame >= Shots[i].FirstFrame) return i;
        throw new ArgumentOutOfRangeException(nameof(frame));
    }

    /// <summary>Canonical content (shots in order), unique within a dataset.</summary>
    [JsonIgnore]
    public string Key => KeyOf(Shots);

    /// <summary>The key of a video showing <paramref name="shots"/>.</summary>
    public static string KeyOf(IEnumerable<Shot> shots) => string.Join(" | ", shots.Select(s => s.Key));
}
