using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

/// <summary>
/// Finds libtvrtorch.so next to TvrLab.Torch.dll, wherever that assembly was loaded from: an app folder, a test
/// folder, or a notebook's <c>#r</c> path (the .NET Interactive kernel's own folder is not ours).
/// </summary>
internal static class NativeLibraryResolver
{
    internal const string LibraryName = "tvrtorch";

#pragma warning disable CA2255 // a library needs this so that a notebook's #r finds the shim
    [ModuleInitializer]
    internal static void Install()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
    }
#pragma warning restore CA2255

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        var dir = Path.GetDirectoryName(assembly.Location);
        var candidates = new List<string>();
        var overridePath = Environment.GetEnvironmentVariable("TVRLAB_NATIVE");
        if (!string.IsNullOrEmpty(overridePath)) candidates.Add(overridePath);
        if (!string.IsNullOrEmpty(dir)) candidates.Add(Path.Combine(dir, "libtvrtorch.so"));
        foreach (var path in candidates)
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var h)) return h;
        if (NativeLibrary.TryLoad("libtvrtorch.so", assembly, searchPath, out var fallback)) return fallback;
        throw new DllNotFoundException(
            $"libtvrtorch.so was not found next to {assembly.Location} (looked in: {string.Join(", ", candidates)}). " +
            "Build the project with `dotnet build` (it runs CMake on src/TvrLab.Torch/Native) or set TVRLAB_NATIVE " +
            "to the library's path. If it exists but fails to load, libtorch may be missing: see environment.md.");
    }
}
