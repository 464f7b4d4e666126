using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace TvrLab.Notebooks.Execution;

/// <summary>
/// Resolves <c>#r</c> paths against the notebook's folder, and an assembly that a referenced assembly needs from
/// the runtime's folder or that assembly's own folder (a notebook that #r's TvrLab.dll gets TvrLab.Torch.dll from
/// beside it). Never from the runner's folder: the kit assemblies a notebook uses are the ones it names.
/// </summary>
internal sealed class NotebookMetadataResolver(string baseDirectory) : MetadataReferenceResolver
{
    readonly ScriptMetadataResolver inner = ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory);
    static readonly string RuntimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) =>
        inner.ResolveReference(reference, baseFilePath, properties);

    public override bool ResolveMissingAssemblies => true;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
    {
        var fileName = referenceIdentity.Name + ".dll";
        var runtimeCandidate = Path.Combine(RuntimeDirectory, fileName);
        if (File.Exists(runtimeCandidate)) return MetadataReference.CreateFromFile(runtimeCandidate);
        if (definition is not PortableExecutableReference { FilePath: { } definitionPath }) return null;
        var besideCandidate = Path.Combine(Path.GetDirectoryName(definitionPath)!, fileName);
        return File.Exists(besideCandidate) ? MetadataReference.CreateFromFile(besideCandidate) : null;
    }

    public override bool Equals(object? other) => other is NotebookMetadataResolver r && r.inner.Equals(inner);
    public override int GetHashCode() => inner.GetHashCode();
}
