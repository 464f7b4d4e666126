using System.Globalization;
using TvrLab.Models.Heads;

namespace TvrLab.Models;

/// <summary>
/// DRL's settings as name/value strings (a preset's <c>model.options</c>, <c>--set model.options.interaction=ti</c>),
/// read into a <see cref="DrlConfig"/> with errors that name the setting.
/// </summary>
public static class DrlOptions
{
    /// <summary>The settings a DRL preset may hold.</summary>
    public static readonly string[] Names =
        ["interaction", "temporal", "cdcr", "cdcr_lambda", "cdcr_alpha1", "cdcr_alpha2", "wti_arch", "eval_text_chunk", "eval_video_chunk"];

    /// <summary>
    /// A config for <paramref name="clip"/> from <paramref name="options"/> (missing ones keep <see cref="DrlConfig"/>'s
    /// defaults; <c>cdcr</c> may be a mode 0-3 or "on" for the interaction's reference mode).
    /// </summary>
    public static DrlConfig Parse(ClipConfig clip, IReadOnlyDictionary<string, string> options, long cross_num_hidden_layers = 4, string where = "model.options")
    {
        foreach (var key in options.Keys)
            if (!Names.Contains(key, StringComparer.Ordinal))
                throw new ArgumentException($"{where}.{key}: not a DRL setting; DRL's settings are {string.Join(", ", Names)}");
        string? Get(string key) => options.TryGetValue(key, out var v) ? v.Trim() : null;
        var config = new DrlConfig(clip, cross_num_hidden_layers: cross_num_hidden_layers);
        if (Get("interaction") is { } i)
            config = config with { interaction = ParseEnum<Interaction>(i, $"{where}.interaction") };
        if (Get("temporal") is { } t)
            config = config with { temporal = t.Equals("None", StringComparison.OrdinalIgnoreCase) ? DrlTemporal.none : ParseEnum<DrlTemporal>(t, $"{where}.temporal") };
        if (Get("cdcr") is { } c)
            config = config with
            {
                cdcr = c.ToLowerInvariant() switch
                {
                    "on" or "true" => DrlConfig.DefaultCdcrMode(config.interaction),
                    "off" or "false" => 0,
                    _ => (int)Number(c, $"{where}.cdcr"),
                },
            };
        if (Get("cdcr_lambda") is { } l) config = config with { cdcr_lambda = Number(l, $"{where}.cdcr_lambda") };
        if (Get("cdcr_alpha1") is { } a1) config = config with { cdcr_alpha1 = Number(a1, $"{where}.cdcr_alpha1") };
        if (Get("cdcr_alpha2") is { } a2) config = config with { cdcr_alpha2 = Number(a2, $"{where}.cdcr_alpha2") };
        if (Get("wti_arch") is { } w) config = config with { wti_arch = (int)Number(w, $"{where}.wti_arch") };
        if (Get("eval_text_chunk") is { } tc) config = config with { eval_text_chunk = (long)Number(tc, $"{where}.eval_text_chunk") };
        if (Get("eval_video_chunk") is { } vc) config = config with { eval_video_chunk = (long)Number(vc, $"{where}.eval_video_chunk") };
        try { return config.Validated(); }
        catch (ArgumentException e) { throw new ArgumentException($"{where}: {e.Message}", e); }
    }

    /// <summary>The options that give <paramref name="config"/> (the inverse of <see cref="Parse"/>, CLIP aside).</summary>
    public static Dictionary<string, string> From(DrlConfig config)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["interaction"] = config.interaction.ToString(),
            ["temporal"] = config.temporal.ToString(),
            ["cdcr"] = config.cdcr.ToString(CultureInfo.InvariantCulture),
        };
        if (config.cdcr != 0)
        {
            options["cdcr_lambda"] = config.cdcr_lambda.ToString("R", CultureInfo.InvariantCulture);
            options["cdcr_alpha1"] = config.Cdcr.alpha1.ToString("R", CultureInfo.InvariantCulture);
            options["cdcr_alpha2"] = config.cdcr_alpha2.ToString("R", CultureInfo.InvariantCulture);
        }
        if (config.interaction == Interaction.wti) options["wti_arch"] = config.wti_arch.ToString(CultureInfo.InvariantCulture);
        return options;
    }

    static T ParseEnum<T>(string value, string where) where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => n.Equals(value, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<T>(name)
            : throw new ArgumentException($"{where} = \"{value}\": expected one of {string.Join(", ", Enum.GetNames<T>())}");

    static double Number(string value, string where) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : throw new ArgumentException($"{where} = \"{value}\": expected a number");
}
