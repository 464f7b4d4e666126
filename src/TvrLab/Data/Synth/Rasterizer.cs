namespace TvrLab.Data.Synth;

/// <summary>
/// Paints SynthVTT frames as packed RGB24 (row-major, 3 bytes per pixel). Shapes are signed distance functions
/// evaluated at pixel centres; coverage = clamp(0.5 - d, 0, 1) with d in pixels gives one pixel of anti-aliasing.
/// </summary>
public sealed class Rasterizer(int width, int height)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    /// <summary>Bytes of one frame.</summary>
    public int FrameBytes => Width * Height * 3;

    byte[]? background;
    (SynthColour, SynthTexture) backgroundKey;

    /// <summary>Paints frame <paramref name="frame"/> of <paramref name="video"/> into <paramref name="rgb"/>.</summary>
    public void Render(SynthVideo video, int frame, Span<byte> rgb)
    {
        var shot = video.Shots[video.ShotAt(frame)];
        var inShot = frame - shot.FirstFrame;
        if (background is null || backgroundKey != (shot.Background, shot.Texture))
        {
            background = new byte[FrameBytes];
            PaintBackground(shot.Background, shot.Texture, background);
            backgroundKey = (shot.Background, shot.Texture);
        }
        background.CopyTo(rgb);
        foreach (var obj in shot.Objects)
            PaintShape(obj.Shape, obj.PoseAt(shot.Progress(inShot)), Lexicon.Radius(obj.Size), Lexicon.Rgb(obj.ColourAt(inShot)), rgb);
    }

    /// <summary>Fills the frame with a background: plain, vertical stripes, or a checkerboard of the colour and its shade.</summary>
    public void PaintBackground(SynthColour colour, SynthTexture texture, Span<byte> rgb)
    {
        var a = Lexicon.Rgb(colour);
        var b = Lexicon.Shade(colour);
        var cell = Math.Max(2, Math.Min(Width, Height) / 8);
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
            {
                var second = texture switch
                {
                    SynthTexture.Stripes => (x / cell) % 2 == 1,
                    SynthTexture.Checker => (x / cell + y / cell) % 2 == 1,
                    _ => false,
                };
                var (r, g, bl) = second ? b : a;
                var i = (y * Width + x) * 3;
                rgb[i] = r; rgb[i + 1] = g; rgb[i + 2] = bl;
            }
    }

    /// <summary>Blends one shape over the frame. <paramref name="radius"/> is a fraction of the shorter side.</summary>
    public void PaintShape(SynthShape shape, Pose pose, double radius, (byte R, byte G, byte B) colour, Span<byte> rgb)
    {
        var r = radius * pose.Scale * Math.Min(Width, Height);
        double cx = pose.X * Width, cy = pose.Y * Height;
        var (sin, cos) = Math.SinCos(pose.Angle * Math.PI / 180);
        int x0 = Math.Max(0, (int)Math.Floor(cx - r - 1)), x1 = Math.Min(Width - 1, (int)Math.Ceiling(cx + r + 1));
        int y0 = Math.Max(0, (int)Math.Floor(cy - r - 1)), y1 = Math.Min(Height - 1, (int)Math.Ceiling(cy + r + 1));
        for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
            {
                // Into the shape's frame: translate to the centre, rotate by -angle, unit = the radius.
                double px = x + 0.5 - cx, py = y + 0.5 - cy;
                double qx = (cos * px + sin * py) / r, qy = (-sin * px + cos * py) / r;
                var coverage = Math.Clamp(0.5 - Sdf(shape, qx, qy) * r, 0, 1);
                if (coverage <= 0) continue;
                var i = (y * Width + x) * 3;
                rgb[i] = Blend(rgb[i], colour.R, coverage);
                rgb[i + 1] = Blend(rgb[i + 1], colour.G, coverage);
                rgb[i + 2] = Blend(rgb[i + 2], colour.B, coverage);
            }
    }

    static byte Blend(byte under, byte over, double alpha) => (byte)Math.Round(under + (over - under) * alpha);

    /// <summary>Signed distance (negative inside) from (x, y) to a shape inscribed in the unit circle, pointing up.</summary>
    public static double Sdf(SynthShape shape, double x, double y) => shape switch
    {
        SynthShape.Circle => Math.Sqrt(x * x + y * y) - 1,
        SynthShape.Ring => Math.Abs(Math.Sqrt(x * x + y * y) - 0.7) - 0.3,
        SynthShape.Square => Box(x, y, Math.Sqrt(0.5), Math.Sqrt(0.5)),
        SynthShape.Cross => Math.Min(Box(x, y, 0.95, 0.31), Box(x, y, 0.31, 0.95)),
        SynthShape.Triangle => Polygon(x, y, TriangleVertices),
        SynthShape.Diamond => Polygon(x, y, DiamondVertices),
        SynthShape.Hexagon => Polygon(x, y, HexagonVertices),
        SynthShape.Star => Polygon(x, y, StarVertices),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    // Axis-aligned box of half-sizes (hx, hy): outside distance from the clamped excess, inside the largest negative excess.
    static double Box(double x, double y, double hx, double hy)
    {
        double dx = Math.Abs(x) - hx, dy = Math.Abs(y) - hy;
        return Math.Sqrt(Math.Max(dx, 0) * Math.Max(dx, 0) + Math.Max(dy, 0) * Math.Max(dy, 0)) + Math.Min(Math.Max(dx, dy), 0);
    }

    // Polygon: the distance to the nearest edge, negative when an even-odd crossing count says the point is inside.
    static double Polygon(double x, double y, (double X, double Y)[] v)
    {
        var best = double.MaxValue;
        var inside = false;
        for (int i = 0, j = v.Length - 1; i < v.Length; j = i++)
        {
            double ex = v[i].X - v[j].X, ey = v[i].Y - v[j].Y, wx = x - v[j].X, wy = y - v[j].Y;
            var t = Math.Clamp((wx * ex + wy * ey) / (ex * ex + ey * ey), 0, 1);
            double dx = wx - ex * t, dy = wy - ey * t;
            best = Math.Min(best, dx * dx + dy * dy);
            if ((v[i].Y > y) != (v[j].Y > y) && x < v[j].X + (y - v[j].Y) * ex / ey) inside = !inside;
        }
        return inside ? -Math.Sqrt(best) : Math.Sqrt(best);
    }

    // Vertices on circles of radius 1 (and 0.5 for the star's inner points), starting at the top (y = -1 is up).
    static (double X, double Y)[] Regular(int n, double innerRadius = 0)
    {
        var points = innerRadius > 0 ? 2 * n : n;
        return Enumerable.Range(0, points).Select(k =>
        {
            var a = -Math.PI / 2 + 2 * Math.PI * k / points;
            var rad = innerRadius > 0 && k % 2 == 1 ? innerRadius : 1;
            return (rad * Math.Cos(a), rad * Math.Sin(a));
        }).ToArray();
    }

    static readonly (double X, double Y)[] TriangleVertices = Regular(3);
    static readonly (double X, double Y)[] HexagonVertices = Regular(6);
    static readonly (double X, double Y)[] StarVertices = Regular(5, innerRadius: 0.5);
    static readonly (double X, double Y)[] DiamondVertices = [(0, -1), (0.6, 0), (0, 1), (-0.6, 0)];
}
