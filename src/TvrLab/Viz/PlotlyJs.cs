namespace TvrLab.Viz;

/// <summary>
/// The plotly.js library, read from the repository's node_modules (npm package <c>plotly.js-dist-min</c>, pinned in
/// package.json; scripts/setup.sh installs it) and inlined into pages so that they render offline. Never a CDN.
/// </summary>
public static class PlotlyJs
{
    /// <summary>Where the library lives below the repository root.</summary>
    public const string RelativePath = "node_modules/plotly.js-dist-min/plotly.min.js";

    /// <summary>Overrides the search with a file path.</summary>
    public const string PathVariable = "TVRLAB_PLOTLY_JS";

    /// <summary>
    /// The AppContext switch recording that the library was sent with a figure in this notebook session. AppContext
    /// is process-wide, so every loaded copy of this assembly (a notebook's <c>#r</c> and a host's) shares it; the
    /// headless runner clears it when it starts a notebook.
    /// </summary>
    public const string SessionKey = "TvrLab.Viz.PlotlyJsSent";

    static readonly Lock gate = new();
    static string? scriptTag;

    /// <summary>The library's path; a clear error when it is missing.</summary>
    public static string Locate()
    {
        var overridePath = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(overridePath))
            return File.Exists(overridePath) ? overridePath
                : throw new FileNotFoundException($"{PathVariable} names {overridePath}, which does not exist");
        var roots = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(PlotlyJs).Assembly.Location), Environment.CurrentDirectory }
            .Where(r => !string.IsNullOrEmpty(r)).Distinct().ToArray();
        foreach (var root in roots)
            for (var dir = new DirectoryInfo(root!); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException(
            $"plotly.js was not found: no {RelativePath} above {string.Join(" or ", roots)}. Run scripts/setup.sh in the " +
            $"repository (it runs `npm ci` for the version pinned in package.json), or set {PathVariable} to plotly.min.js.");
    }

    /// <summary>The library in a script element, read once per process (about 4.8 MB).</summary>
    public static string ScriptTag
    {
        get
        {
            lock (gate)
                return scriptTag ??= $"<script type=\"text/javascript\" data-tvrlab=\"plotly.js\">\n{File.ReadAllText(Locate())}\n</script>";
        }
    }

    /// <summary>
    /// <see cref="ScriptTag"/> the first time in a notebook session, then "": a notebook carries the library once,
    /// with its first figure, and later figures use <c>window.Plotly</c>.
    /// </summary>
    public static string OncePerSession()
    {
        lock (gate)
        {
            if (AppContext.GetData(SessionKey) is true) return "";
            var tag = ScriptTag;
            AppContext.SetData(SessionKey, true);
            return tag;
        }
    }

    /// <summary>Starts a new session: the next figure carries the library again.</summary>
    public static void ResetSession() => AppContext.SetData(SessionKey, null);
}
