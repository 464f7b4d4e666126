using TvrLab.Torch;

namespace TvrLab.Verification;

/// <summary>
/// Runs golden references against the kit: every case of a <c>tvr-golden/1</c> suite through the registered op, or a
/// golden file through the checker that understands it. A case fails when any output is out of tolerance, when an
/// output is missing, when its op is unknown, or when the implementation throws.
/// </summary>
public static class Verifier
{
    /// <summary>
    /// Verifies <paramref name="path"/>: a suite folder (or its manifest.json), a golden file some registered checker
    /// understands, or a folder of those (each suite sub-folder and each checkable file, one report each).
    /// </summary>
    public static IReadOnlyList<VerificationReport> Run(string path, GoldenOpRegistry registry, Device? device = null)
    {
        var d = device ?? Device.CPU;
        if (GoldenSuite.IsSuite(path) || Path.GetFileName(path) == "manifest.json")
            return [RunSuite(path, registry, d)];
        if (File.Exists(path))
            return [RunFile(path, registry, d)];
        if (!Directory.Exists(path))
            throw new FileNotFoundException($"{path}: no such golden suite folder or file", path);
        // A folder of golden sources: its suite sub-folders, and the files beside them (or one level down) that are
        // golden files: .jsonl records, or anything a registered checker understands.
        var subfolders = Directory.GetDirectories(path);
        var files = Directory.GetFiles(path).Concat(subfolders.Where(s => !GoldenSuite.IsSuite(s)).SelectMany(Directory.GetFiles))
            .Where(f => f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || registry.FileCheckers.Any(c => c.CanCheck(f)));
        var sources = subfolders.Where(GoldenSuite.IsSuite).Concat(files).Order(StringComparer.Ordinal).ToList();
        if (sources.Count == 0)
            throw new InvalidDataException($"{path}: holds no golden suite (a folder with manifest.json) and no file a registered checker understands");
        return sources.Select(s => GoldenSuite.IsSuite(s) ? RunSuite(s, registry, d) : RunFile(s, registry, d)).ToList();
    }

    /// <summary>Runs every case of one suite folder.</summary>
    public static VerificationReport RunSuite(string folder, GoldenOpRegistry registry, Device? device = null)
    {
        using var suite = GoldenSuite.Open(folder);
        return new VerificationReport(suite.Directory, suite.Cases.Select(c => RunCase(suite, c, registry, device ?? Device.CPU)).ToList());
    }

    /// <summary>Runs one case: the op on its inputs, then every expected output against what the op returned.</summary>
    public static CaseResult RunCase(GoldenSuite suite, GoldenCase c, GoldenOpRegistry registry, Device device)
    {
        if (!registry.TryGet(c.Op, out var op))
            return CaseResult.NotRun(c.Name, c.Op, CaseOutcome.UnknownOp, $"unknown op \"{c.Op}\" (known: {string.Join(", ", registry.Ops)})");
        using var scope = torch.NewDisposeScope();
        IReadOnlyDictionary<string, Tensor> actual;
        try
        {
            using var noGrad = torch.no_grad();
            actual = op(new GoldenCaseContext(suite, c, device));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return CaseResult.NotRun(c.Name, c.Op, CaseOutcome.Error, $"{e.GetType().Name}: {e.Message}");
        }
        var comparisons = new List<OutputComparison>();
        foreach (var (output, key) in c.Outputs)
        {
            if (!actual.TryGetValue(output, out var value))
            {
                comparisons.Add(new(output, false, double.PositiveInfinity, double.PositiveInfinity,
                    $"{output}: the implementation did not return it (it returned: {string.Join(", ", actual.Keys)})"));
                continue;
            }
            using var expected = suite.Tensors.Load(key);
            comparisons.Add(ToleranceCheck.Compare(output, value, expected, c.Atol, c.Rtol));
        }
        var worst = comparisons.MaxBy(x => (x.WorstToleranceRatio, x.WorstDeviation))!;
        var failed = comparisons.Where(x => !x.Passed).ToList();
        var detail = failed.Count == 0 ? worst.Detail : string.Join("; ", failed.Select(x => x.Detail));
        return new CaseResult(c.Name, c.Op, failed.Count == 0 ? CaseOutcome.Passed : CaseOutcome.Failed,
            comparisons.Max(x => x.WorstDeviation), worst.WorstToleranceRatio, detail);
    }

    /// <summary>Checks a golden file with the first registered checker that understands it.</summary>
    public static VerificationReport RunFile(string path, GoldenOpRegistry registry, Device? device = null)
    {
        var checker = registry.FileCheckers.FirstOrDefault(c => c.CanCheck(path));
        if (checker is null)
        {
            var known = registry.FileCheckers.Count == 0 ? "none is registered" : "registered: " + string.Join(", ", registry.FileCheckers.Select(c => c.Name));
            return new VerificationReport(path, [CaseResult.NotRun(Path.GetFileName(path), "(file)", CaseOutcome.UnknownOp,
                $"no checker understands {path} ({known})")]);
        }
        return new VerificationReport(path, checker.Check(path, device ?? Device.CPU).ToList());
    }
}
