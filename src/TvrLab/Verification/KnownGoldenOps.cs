using TvrLab.Verification.Ops;

namespace TvrLab.Verification;

/// <summary>
/// Every golden op and golden file checker the kit implements: what <c>tvrlab verify</c> runs against.
/// </summary>
/// <remarks>
/// To plug in an area: write <c>Verification/Ops/&lt;Area&gt;GoldenOps.cs</c> with a <c>Register(GoldenOpRegistry)</c> that
/// calls <c>registry.Register("op.name", context =&gt; outputs)</c> for each op (inputs via <c>context.Input(name)</c>,
/// params via <c>context.Double/Long/Bool/String/FilePath(name)</c>, outputs named as in the manifest), and add its
/// Register line below. A golden file kind that is not a suite folder (the tokenizer's <c>.jsonl</c>) is an
/// <see cref="IGoldenFileChecker"/> added with <c>registry.RegisterFileChecker(...)</c>.
/// </remarks>
public static class KnownGoldenOps
{
    /// <summary>A registry holding every op the kit implements.</summary>
    public static GoldenOpRegistry Create()
    {
        var registry = new GoldenOpRegistry();
        RetrievalGoldenOps.Register(registry);
        ClipGoldenOps.Register(registry);
        DrlGoldenOps.Register(registry);
        registry.RegisterFileChecker(new TokenizerGoldenChecker());
        return registry;
    }
}
