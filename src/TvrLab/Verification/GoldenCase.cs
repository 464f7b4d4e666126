using System.Text.Json;

namespace TvrLab.Verification;

/// <summary>
/// One case of a <c>tvr-golden/1</c> suite: an op name, its parameters, the tensor keys of its inputs and expected
/// outputs, and the tolerance |actual − expected| ≤ atol + rtol·|expected| (elementwise).
/// </summary>
public sealed record GoldenCase(
    string Name,
    string Op,
    JsonElement Params,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> Outputs,
    double Atol,
    double Rtol);
