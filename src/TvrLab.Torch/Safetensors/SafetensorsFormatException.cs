namespace TvrLab.Torch.Safetensors;

/// <summary>
/// A safetensors file that breaks the format. The message names the file, the tensor (when one is at fault) and
/// what was expected.
/// </summary>
public sealed class SafetensorsFormatException : FormatException
{
    /// <summary>The file that was being read.</summary>
    public string FilePath { get; }

    /// <summary>The header entry at fault, or null for problems of the file as a whole.</summary>
    public string? Key { get; }

    public SafetensorsFormatException(string filePath, string? key, string problem)
        : base(key is null ? $"{filePath}: {problem}" : $"{filePath}: tensor '{key}': {problem}")
    {
        FilePath = filePath;
        Key = key;
    }
}
