using TvrLab.Models;
using TvrLab.Torch;
using TvrLab.Torch.Safetensors;
using static TvrLab.Torch.torch;

namespace TvrLab.Experiments;

/// <summary>
/// Model kinds by name: each turns a preset's <see cref="ModelSection"/> into an <see cref="IRetrievalModel"/> (a
/// torch.nn.Module, on the CPU, initialised from the current torch seed). "clip4clip" is built in; a paper adds its own:
/// <code>ModelRegistry.Register("drl", model => new DRL(...));</code>
/// </summary>
public static class ModelRegistry
{
    static readonly Dictionary<string, Func<ModelSection, IRetrievalModel>> factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["clip4clip"] = CreateClip4Clip,
        ["drl"] = DrlAblation.CreateModel,
    };
    static readonly Lock gate = new();

    /// <summary>Adds (or replaces) a kind.</summary>
    public static void Register(string kind, Func<ModelSection, IRetrievalModel> factory)
    {
        lock (gate) factories[kind] = factory;
    }

    /// <summary>The kinds known now.</summary>
    public static IReadOnlyList<string> Kinds { get { lock (gate) return factories.Keys.Order().ToList(); } }

    /// <summary>Builds the model of <paramref name="section"/>, with an error listing the known kinds for an unknown one.</summary>
    public static IRetrievalModel Create(ModelSection section)
    {
        Func<ModelSection, IRetrievalModel>? factory;
        lock (gate) factories.TryGetValue(section.kind, out factory);
        if (factory is null) throw new ArgumentException($"model.kind = \"{section.kind}\" is not a known model kind; known: {string.Join(", ", Kinds)}");
        return factory(section);
    }

    /// <summary>CLIP4Clip from a model section: the head by name, CLIP from <see cref="ModelSection.pretrained"/> or the named config.</summary>
    public static CLIP4Clip CreateClip4Clip(ModelSection section)
    {
        CheckOptions(section);
        var header = ParseSimHeader(section.sim_header);
        if (section.pretrained is { } path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"model.pretrained: {path} does not exist (expected a CLIP or CLIP4Clip .safetensors file)", path);
            using var scope = NewDisposeScope();
            var state = safetensors.load_file(path);
            var (model, report) = CLIP4Clip.FromPretrained(state, header);
            return model;
        }
        var clip = ClipConfig.Preset(section.clip);
        if (section.image_resolution > 0)
        {
            if (section.image_resolution % clip.vision_patch_size != 0)
                throw new ArgumentException($"model.image_resolution = {section.image_resolution}: expected a multiple of {section.clip}'s patch size {clip.vision_patch_size}");
            clip = clip with { image_resolution = section.image_resolution };
        }
        return new CLIP4Clip(new Clip4ClipConfig(clip, header, section.cross_num_hidden_layers));
    }

    /// <summary>A sim_header name (case-insensitive), with an error listing the heads.</summary>
    public static SimHeader ParseSimHeader(string name) =>
        Enum.GetNames<SimHeader>().FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } found
            ? Enum.Parse<SimHeader>(found)
            : throw new ArgumentException($"model.sim_header = \"{name}\": expected one of {string.Join(", ", Enum.GetNames<SimHeader>())}");

    /// <summary>Throws when <paramref name="section"/>'s options hold a name not in <paramref name="known"/> (a kind's factory calls it).</summary>
    public static void CheckOptions(ModelSection section, params string[] known)
    {
        foreach (var key in section.options.Keys)
            if (!known.Contains(key, StringComparer.Ordinal))
                throw new ArgumentException($"model.options.{key}: not a setting of model kind \"{section.kind}\"" +
                                            (known.Length == 0 ? " (it has none)" : $"; its settings are {string.Join(", ", known)}"));
    }

    /// <summary>The device a section asks for: "auto" is CUDA when available, else the CPU.</summary>
    public static Device ResolveDevice(string spec) =>
        spec.Equals("auto", StringComparison.OrdinalIgnoreCase) ? (cuda.is_available() ? Device.CUDA(0) : Device.CPU) : Device.Parse(spec);
}
