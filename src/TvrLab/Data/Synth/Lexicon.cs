namespace TvrLab.Data.Synth;

/// <summary>The colours SynthVTT paints with. Each has a canonical name, an sRGB value chosen to stay distinct after
/// yuv420p compression, and the words captions may use for it.</summary>
public enum SynthColour { Red, Orange, Yellow, Green, Blue, Purple, Pink, Brown, White, Grey, Black, Cyan }

/// <summary>The shapes. Every shape is inscribed in a circle of its radius, so motion bounds do not depend on it.</summary>
public enum SynthShape { Circle, Square, Triangle, Diamond, Star, Cross, Ring, Hexagon }

/// <summary>How an object moves during its shot.</summary>
public enum SynthMotion { Still, Left, Right, Up, Down, Diagonal, Growing, Shrinking, Rotating, Bouncing }

/// <summary>An object's size class: its radius as a fraction of the frame's shorter side (see <see cref="Lexicon.Radius"/>).</summary>
public enum SynthSize { Small, Medium, Large }

/// <summary>A shot's background: a plain colour, or stripes or a checkerboard of the colour and a shade of it.</summary>
public enum SynthTexture { Solid, Stripes, Checker }

/// <summary>The direction of a diagonal motion (image coordinates: up is towards row 0).</summary>
public enum DiagonalDirection { UpLeft, UpRight, DownLeft, DownRight }

/// <summary>
/// Everything SynthVTT can say and paint: colour values, shape geometry constants, and the words and phrases of the
/// caption grammar. Tests and notebooks use it to map caption words back to canonical attributes.
/// </summary>
public static class Lexicon
{
    /// <summary>sRGB of each colour, well apart in RGB so that the nearest palette colour of a decoded pixel is its own.</summary>
    public static (byte R, byte G, byte B) Rgb(SynthColour c) => c switch
    {
        SynthColour.Red => (220, 30, 30),
        SynthColour.Orange => (245, 140, 20),
        SynthColour.Yellow => (240, 225, 40),
        SynthColour.Green => (40, 165, 60),
        SynthColour.Blue => (40, 80, 225),
        SynthColour.Purple => (140, 50, 190),
        SynthColour.Pink => (250, 140, 200),
        SynthColour.Brown => (125, 75, 35),
        SynthColour.White => (245, 245, 245),
        SynthColour.Grey => (128, 128, 128),
        SynthColour.Black => (20, 20, 20),
        SynthColour.Cyan => (40, 205, 220),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>The second tone of a textured background: the colour darkened by 15 % (black is lightened instead).</summary>
    public static (byte R, byte G, byte B) Shade(SynthColour c)
    {
        var (r, g, b) = Rgb(c);
        return c == SynthColour.Black ? ((byte)(r + 30), (byte)(g + 30), (byte)(b + 30))
                                      : ((byte)(r * 0.85), (byte)(g * 0.85), (byte)(b * 0.85));
    }

    /// <summary>Radius of the circle a shape is inscribed in, as a fraction of the frame's shorter side.</summary>
    public static double Radius(SynthSize s) => s switch
    {
        SynthSize.Small => 0.13,
        SynthSize.Medium => 0.17,
        SynthSize.Large => 0.22,
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>Scale at the start and the end of a growing object (shrinking runs it backwards).</summary>
    public const double GrowFrom = 0.7, GrowTo = 1.3;

    /// <summary>Shapes whose rotation is visible (a spinning circle or ring looks still, so they never rotate).</summary>
    public static bool RotationVisible(SynthShape s) => s is not (SynthShape.Circle or SynthShape.Ring);

    /// <summary>Words for a colour; the first is the canonical name.</summary>
    public static IReadOnlyList<string> Words(SynthColour c) => ColourWords[c];

    /// <summary>Words for a shape; the first is the canonical name.</summary>
    public static IReadOnlyList<string> Words(SynthShape s) => ShapeWords[s];

    /// <summary>Adjectives for a size (ordinary captions leave medium out; exhaustive ones say "medium sized").</summary>
    public static IReadOnlyList<string> Words(SynthSize s) => SizeWords[s];

    /// <summary>Canonical lower-case name used in the JSON files: "red", "circle", "growing", "up_left".</summary>
    public static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    static readonly Dictionary<SynthColour, string[]> ColourWords = new()
    {
        [SynthColour.Red] = ["red", "scarlet"],
        [SynthColour.Orange] = ["orange"],
        [SynthColour.Yellow] = ["yellow"],
        [SynthColour.Green] = ["green"],
        [SynthColour.Blue] = ["blue"],
        [SynthColour.Purple] = ["purple", "violet"],
        [SynthColour.Pink] = ["pink"],
        [SynthColour.Brown] = ["brown"],
        [SynthColour.White] = ["white"],
        [SynthColour.Grey] = ["grey", "gray"],
        [SynthColour.Black] = ["black"],
        [SynthColour.Cyan] = ["cyan", "turquoise"],
    };

    static readonly Dictionary<SynthShape, string[]> ShapeWords = new()
    {
        [SynthShape.Circle] = ["circle", "disc", "dot"],
        [SynthShape.Square] = ["square", "box"],
        [SynthShape.Triangle] = ["triangle"],
        [SynthShape.Diamond] = ["diamond", "rhombus"],
        [SynthShape.Star] = ["star"],
        [SynthShape.Cross] = ["cross", "plus sign"],
        [SynthShape.Ring] = ["ring", "hoop", "donut"],
        [SynthShape.Hexagon] = ["hexagon"],
    };

    static readonly Dictionary<SynthSize, string[]> SizeWords = new()
    {
        [SynthSize.Small] = ["small", "little", "tiny"],
        [SynthSize.Medium] = ["medium sized"],
        [SynthSize.Large] = ["large", "big", "huge"],
    };

    /// <summary>The colours a text names, found by whole-word match of every colour word (synonyms included).</summary>
    public static IReadOnlySet<SynthColour> ColoursIn(string text) => Find(text, ColourWords);

    /// <summary>The shapes a text names, found by whole-word match of every shape word (synonyms included).</summary>
    public static IReadOnlySet<SynthShape> ShapesIn(string text) => Find(text, ShapeWords);

    static HashSet<T> Find<T>(string text, Dictionary<T, string[]> words) where T : struct, Enum
    {
        var padded = " " + text.ToLowerInvariant() + " ";
        var found = new HashSet<T>();
        foreach (var (value, list) in words)
            if (list.Any(w => padded.Contains(" " + w + " ", StringComparison.Ordinal))) found.Add(value);
        return found;
    }
}
