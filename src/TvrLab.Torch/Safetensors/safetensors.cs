namespace TvrLab.Torch.Safetensors;

/// <summary>
/// The Python package's entry points (<c>safetensors.torch.load_file</c>, <c>save_file</c>, <c>safe_open</c>), so
/// notebook code reads like the reference code.
/// </summary>
public static class safetensors
{
    /// <summary>Every tensor of a file, as <c>load_file(filename, device)</c>.</summary>
    public static Dictionary<string, Tensor> load_file(string filename, Device? device = null)
    {
        using var file = SafetensorsFile.Open(filename);
        return file.LoadAll(device);
    }

    /// <summary>Writes tensors and optional metadata, as <c>save_file(tensors, filename, metadata)</c>.</summary>
    public static void save_file(IReadOnlyDictionary<string, Tensor> tensors, string filename, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Save(filename, tensors, metadata);

    /// <summary>Opens a file lazily (memory-mapped), as <c>safe_open(filename, framework="pt")</c>.</summary>
    public static SafetensorsFile safe_open(string filename) => SafetensorsFile.Open(filename);
}
