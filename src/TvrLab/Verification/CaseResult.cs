namespace TvrLab.Verification;

/// <summary>How a case ended. Anything but <see cref="Passed"/> is a failure.</summary>
public enum CaseOutcome { Passed, Failed, UnknownOp, Error }

/// <summary>
/// The verdict on one case: the worst absolute deviation |actual − expected| over all its outputs, and the worst
/// deviation as a fraction of what the tolerance allows there (≤ 1 passes). <see cref="Detail"/> says where the worst
/// element is, or what went wrong.
/// </summary>
public sealed record CaseResult(string Case, string Op, CaseOutcome Outcome, double WorstDeviation, double WorstToleranceRatio, string? Detail)
{
    public bool Passed => Outcome == CaseOutcome.Passed;

    /// <summary>A case that could not be run (unknown op, an exception, an unreadable record).</summary>
    public static CaseResult NotRun(string @case, string op, CaseOutcome outcome, string detail) =>
        new(@case, op, outcome, double.NaN, double.NaN, detail);
}

/// <summary>All results of one golden source (a suite folder or a checked file).</summary>
public sealed record VerificationReport(string Path, IReadOnlyList<CaseResult> Results)
{
    public int PassedCount => Results.Count(r => r.Passed);
    public int FailedCount => Results.Count - PassedCount;
    /// <summary>True when there is at least one case and every case passed.</summary>
    public bool Passed => Results.Count > 0 && FailedCount == 0;
}
