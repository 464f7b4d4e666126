using System.Globalization;
using System.Text.RegularExpressions;

namespace TvrLab.Cli.Tests;

/// <summary>`tvrlab demo --engine` and `tvrlab bench ops` run as a user runs them (the built CLI in a child process).</summary>
public class EngineCommandTests
{
    static (int exitCode, string output) Tvrlab(params string[] args)
    {
        var (code, output, _) = CliProcess.Run(args);
        return (code, output);
    }

    [Fact]
    public void DemoTrainsAndTheLossFalls()
    {
        var (code, output) = Tvrlab("demo", "--engine", "--steps", "200");
        Assert.True(code == 0, output);
        var summary = Regex.Match(output, @"Loss (\d+\.\d+) -> (\d+\.\d+), accuracy (\d+\.\d) %");
        Assert.True(summary.Success, output);
        var (first, last) = (double.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.InRange(first, 1.0, 1.2);          // about ln 3 for three balanced classes
        Assert.True(last < 0.2 * first, output);
        Assert.True(double.Parse(summary.Groups[3].Value, CultureInfo.InvariantCulture) > 90, output);
        Assert.Equal(2, Tvrlab("demo", "--engine", "--steps", "3").exitCode);
    }

    [Fact]
    public void BenchOpsPrintsEveryMeasurementBesidePython()
    {
        var (code, output) = Tvrlab("bench", "ops", "--scale", "0.01", "--reps", "1", "--python", "/usr/bin/python3");
        Assert.True(code == 0, output);
        foreach (var row in new[] { "a + b, 1 element, µs", "a.add_(b), 1 element, µs", "matmul 64x64, µs", "MLP 4 layers, train step, ms", "2 transformer blocks, train step, ms" })
        {
            var line = output.Split('\n').FirstOrDefault(l => l.Contains(row));
            Assert.True(line is not null, $"no row {row} in:\n{output}");
            // cells: measurement, libtorch alone, C#, Python, C#/Py, overhead C#/Py
            var cells = line!.Split('│')[1..^1].Select(c => c.Trim()).ToArray();
            Assert.True(cells.Length == 6, $"expected 6 cells in: {line}");
            foreach (var number in cells[2..5])
                Assert.True(double.TryParse(number, CultureInfo.InvariantCulture, out var v) && v > 0, $"not a positive number \"{number}\" in: {line}");
        }
        Assert.Contains("Python torch 1.13", output);
        Assert.Contains("clock: the calling thread's CPU time", output);   // the default clock, on both sides
    }

    [Fact]
    public void BenchOpsTimesWithTheWallClockOnRequestAndRejectsOtherClocks()
    {
        var (code, output) = Tvrlab("bench", "ops", "--scale", "0.01", "--reps", "1", "--clock", "wall");
        Assert.True(code == 0, output);
        Assert.Contains("clock: wall time", output);
        Assert.Contains("a + b, 1 element, µs", output);
        var (bad, badOutput) = Tvrlab("bench", "ops", "--clock", "sundial");
        Assert.True(bad != 0, badOutput);
        Assert.DoesNotContain("a + b, 1 element", badOutput);   // nothing was measured
    }

    [Fact]
    public void BenchOpsReportsAMissingPython()
    {
        var (code, output) = Tvrlab("bench", "ops", "--scale", "0.01", "--reps", "1", "--python", "/nonexistent/python3");
        Assert.Equal(1, code);
        Assert.Contains("could not run /nonexistent/python3", output);
    }
}
