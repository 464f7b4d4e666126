using TvrLab.Torch;

namespace TvrLab.Verification;

/// <summary>
/// An op implementation for the verifier: the case's inputs and params in, output tensors out, named as the manifest's
/// outputs. It runs inside a dispose scope (its tensors are freed after the comparison) and under no_grad (use
/// <c>torch.enable_grad()</c> inside for an op that differentiates).
/// </summary>
public delegate IReadOnlyDictionary<string, Tensor> GoldenOp(GoldenCaseContext context);

/// <summary>
/// A kind of golden file that is not a <c>tvr-golden/1</c> folder, e.g. the tokenizer's <c>clip_bpe.jsonl</c>: it
/// says which paths it understands and checks one, one result per record.
/// </summary>
public interface IGoldenFileChecker
{
    /// <summary>A short name for listings, e.g. "CLIP BPE tokenizer (.jsonl)".</summary>
    string Name { get; }

    /// <summary>Whether this checker understands the file (by its name, extension or first line).</summary>
    bool CanCheck(string path);

    /// <summary>Checks every record of the file against the kit's implementation.</summary>
    IEnumerable<CaseResult> Check(string path, Device device);
}

/// <summary>
/// Maps the op names of golden manifests ("retrieval.metrics", "drl.interaction", ...) to the kit's implementations,
/// and holds the checkers for other golden file kinds. <see cref="KnownGoldenOps.Create"/> fills one with everything
/// the kit implements; an area adds its ops with one Register line there.
/// </summary>
public sealed class GoldenOpRegistry
{
    readonly Dictionary<string, GoldenOp> ops = new(StringComparer.Ordinal);
    readonly List<IGoldenFileChecker> fileCheckers = [];

    /// <summary>The registered op names, sorted.</summary>
    public IReadOnlyList<string> Ops => ops.Keys.Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<IGoldenFileChecker> FileCheckers => fileCheckers;

    /// <summary>Adds an op; an op name can be registered once.</summary>
    public GoldenOpRegistry Register(string op, GoldenOp implementation)
    {
        if (!ops.TryAdd(op, implementation)) throw new InvalidOperationException($"golden op \"{op}\" is already registered");
        return this;
    }

    public bool TryGet(string op, out GoldenOp implementation) => ops.TryGetValue(op, out implementation!);

    /// <summary>Adds a checker for a kind of golden file (tried in registration order).</summary>
    public GoldenOpRegistry RegisterFileChecker(IGoldenFileChecker checker)
    {
        fileCheckers.Add(checker);
        return this;
    }
}
