namespace TvrLab.Data.Synth;

/// <summary>What a caption says about one object; attributes the caption leaves out are null.</summary>
public sealed record ObjectMention
{
    /// <summary>Index of the object in its shot.</summary>
    public required int Object { get; init; }
    public required SynthShape Shape { get; init; }
    public required SynthColour Colour { get; init; }
    public required SynthMotion Motion { get; init; }
    public SynthSize? Size { get; init; }
    public SynthColour? ColourAfter { get; init; }
    public DiagonalDirection? Direction { get; init; }
    public bool? Clockwise { get; init; }

    /// <summary>True when every attribute said is true of <paramref name="o"/> (its colour may be the one before or after a change).</summary>
    public bool Fits(SceneObject o) =>
        Shape == o.Shape && Motion == o.Motion && (Colour == o.Colour || Colour == o.ColourAfter)
        && (Size is null || Size == o.Size) && (ColourAfter is null || ColourAfter == o.ColourAfter)
        && (Direction is null || Direction == o.Direction) && (Clockwise is null || Clockwise == o.Clockwise);
}

/// <summary>What a caption says about one shot: one or two objects and perhaps its background.</summary>
public sealed record Clause
{
    public required int Shot { get; init; }
    public required IReadOnlyList<ObjectMention> Objects { get; init; }
    public SynthColour? Background { get; init; }
    public SynthTexture? Texture { get; init; }

    /// <summary>True when the background said fits and the mentioned objects fit distinct objects of <paramref name="s"/>.</summary>
    public bool Fits(Shot s)
    {
        if (Background is { } b && b != s.Background || Texture is { } t && t != s.Texture) return false;
        return Objects.Count switch
        {
            0 => true,
            1 => s.Objects.Any(Objects[0].Fits),
            _ => s.Objects.Count >= 2 && (Objects[0].Fits(s.Objects[0]) && Objects[1].Fits(s.Objects[1]) || Objects[0].Fits(s.Objects[1]) && Objects[1].Fits(s.Objects[0])),
        };
    }
}

/// <summary>Whether a caption describes the whole video (one clause per shot, in order) or one shot (local).</summary>
public enum CaptionScope { Video, Shot }

/// <summary>A generated caption with its meaning: the ground truth of what its words name.</summary>
public sealed record SynthCaption(string Text, CaptionScope Scope, IReadOnlyList<Clause> Clauses)
{
    /// <summary>The sentence's sen_id in MSRVTT_data.json (-1 until the dataset numbers it).</summary>
    public int SenId { get; init; } = -1;

    /// <summary>
    /// True when the caption is a true description of <paramref name="video"/>: its clauses fit shots of the video in
    /// the same order (a subsequence, so "A then B" also fits a video showing A, B, C). Used to choose test queries
    /// that name exactly one test video.
    /// </summary>
    public bool Describes(SynthVideo video)
    {
        var next = 0;
        foreach (var clause in Clauses)
        {
            while (next < video.Shots.Count && !clause.Fits(video.Shots[next])) next++;
            if (next++ >= video.Shots.Count) return false;
        }
        return true;
    }
}
