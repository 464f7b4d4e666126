using System.Diagnostics;
using TvrLab.Runs;
using TvrLab.Testing;

namespace TvrLab.Tests.Runs;

public class RunStoreTests
{
    static RunStart Start(string? name = "run", string preset = "clip4clip-tiny", long seed = 42) =>
        new(name, preset, """{"lr": 0.0001, "epochs": 2}""", seed, new Dictionary<string, string> { [".NET"] = "10", ["libtorch"] = "1.13.0" }, "abc123");

    [Fact]
    public void RecordsARunAndReadsItBackAsTypedRecords()
    {
        var store = RunStore.Open(TestPaths.NewTempDir("runs"));
        Assert.Equal("wal", store.JournalMode());
        var run = store.Start(Start());
        run.LogEpoch(1, new Dictionary<string, double> { ["loss"] = 2.5, ["t2v_R1"] = 10 });
        run.LogEpoch(2, new Dictionary<string, double> { ["loss"] = 1.25, ["t2v_R1"] = 20.5 });
        run.RecordTiming("train", 12.5);
        run.RecordCheckpoint("last", "/ckpt/last.safetensors", 1);
        run.RecordCheckpoint("last", "/ckpt/last2.safetensors", 2);   // replaces
        run.RecordCheckpoint("best", "/ckpt/best.safetensors", 2);
        run.Complete(new Dictionary<string, double> { ["t2v_R1"] = 20.5, ["v2t_R1"] = 19 });

        var r = store.FindRun("run")!;
        Assert.Equal(run.Id, r.Id);
        Assert.Equal(("clip4clip-tiny", 42L, "abc123", RunStatus.Completed), (r.Preset, r.Seed, r.GitRevision, r.Status));
        Assert.Equal("""{"lr": 0.0001, "epochs": 2}""", r.Config);
        Assert.Equal("1.13.0", r.Versions["libtorch"]);
        Assert.NotNull(r.FinishedAt);
        Assert.InRange(r.DurationSeconds!.Value, 0, 60);
        Assert.Null(r.Error);

        Assert.Equal(
            [new EpochRow(1, new Dictionary<string, double> { ["loss"] = 2.5, ["t2v_R1"] = 10 }), new EpochRow(2, new Dictionary<string, double> { ["loss"] = 1.25, ["t2v_R1"] = 20.5 })],
            store.EpochTable(r.Id), new EpochRowComparer());
        Assert.Equal([new FinalMetric(r.Id, "t2v_R1", 20.5), new FinalMetric(r.Id, "v2t_R1", 19)], store.FinalMetrics(r.Id));
        Assert.Equal([new RunTiming(r.Id, "train", 12.5)], store.Timings(r.Id));
        var checkpoints = store.Checkpoints(r.Id);
        Assert.Equal([("best", "/ckpt/best.safetensors", (int?)2), ("last", "/ckpt/last2.safetensors", 2)], checkpoints.Select(c => (c.Kind, c.Path, c.Epoch)));
    }

    [Fact]
    public void NamesStayUniqueAndRunsAreFoundByNameOrId()
    {
        var store = RunStore.Open(TestPaths.NewTempDir("runs-names"));
        var a = store.Start(Start("same"));
        var b = store.Start(Start("same"));
        var generated = store.Start(Start(null, "drl-small", 7));
        Assert.Equal("same-2", b.Name);
        Assert.Matches(@"^drl-small-\d{8}-\d{6}-s7$", generated.Name);
        Assert.Equal(a.Id, store.FindRun(a.Id.ToString())!.Id);
        Assert.Equal(b.Id, store.FindRun("same-2")!.Id);
        Assert.Null(store.FindRun("nope"));
        Assert.Equal([generated.Id, b.Id, a.Id], store.ListRuns().Select(r => r.Id));   // newest first
        Assert.Equal([generated.Id], store.ListRuns(preset: "drl-small").Select(r => r.Id));
        Assert.Single(store.ListRuns(limit: 1));
        b.Fail("loss became NaN at step 12");
        var failed = store.FindRun("same-2")!;
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal("loss became NaN at step 12", failed.Error);
        Assert.Equal(RunStatus.Running, store.FindRun("same")!.Status);
    }

    [Fact]
    public async Task ConcurrentWritersInThisProcessAndAnotherProcessLoseNothing()
    {
        var folder = TestPaths.NewTempDir("runs-concurrent");
        var store = RunStore.Open(folder);
        var other = RunStore.Open(folder);                          // a second store object, as a notebook beside a CLI
        var runA = store.Start(Start("a"));
        var runB = other.Start(Start("b"));
        var runC = store.Start(Start("python"));
        const int epochs = 150;

        // Another process (Python's own SQLite) writes epoch rows into the same database for 3 seconds, then prints how
        // many and when its first and last writes happened, to show that the writers really overlapped.
        var python = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-c", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
            print("ready", flush=True)
            times = []
            while not times or times[-1] - times[0] < float(sys.argv[3]):
                db.execute("BEGIN IMMEDIATE")
                epoch = len(times) + 1
                db.execute("INSERT INTO epoch_metrics (run_id, epoch, name, value) VALUES (?, ?, 'loss', ?)", (int(sys.argv[2]), epoch, 1.0 / epoch))
                db.execute("COMMIT")
                times.append(time.time())
                time.sleep(0.002)   # a writer between steps; in a tight loop it would starve SQLite's sleeping busy handlers
            print(len(times), times[0], times[-1])
            """, store.DatabasePath, runC.Id.ToString(), "3" })
            python.ArgumentList.Add(arg);
        using var process = Process.Start(python)!;
        Assert.Equal("ready", process.StandardOutput.ReadLine());         // connected; its writes start now

        var ours = new System.Collections.Concurrent.ConcurrentBag<double>();
        void Stamp() => ours.Add(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        Parallel.Invoke(
            () => { for (int e = 1; e <= epochs; e++) { runA.LogEpoch(e, new Dictionary<string, double> { ["loss"] = e, ["t2v_R1"] = e / 2.0 }); Stamp(); } },
            () => { for (int e = 1; e <= epochs; e++) { runB.LogEpoch(e, new Dictionary<string, double> { ["loss"] = -e }); Stamp(); } },
            () => { for (int e = 1; e <= epochs; e++) { store.RecordTiming(runA.Id, $"epoch_{e}", e); Stamp(); } });
        var stderr = process.StandardError.ReadToEndAsync();
        var pythonReport = process.StandardOutput.ReadToEnd().Split(' ').Select(double.Parse).ToArray();
        var (pythonRows, pythonSpan) = ((int)pythonReport[0], pythonReport[1..]);
        Assert.True(process.WaitForExit(120_000), "the Python writer did not finish");
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.True(pythonSpan[0] < ours.Max() && ours.Min() < pythonSpan[1],
            $"the writers did not overlap: Python wrote from {pythonSpan[0]} to {pythonSpan[1]}, this process from {ours.Min()} to {ours.Max()}");

        Assert.Equal(2 * epochs, store.EpochMetrics(runA.Id).Count);
        Assert.Equal(epochs, other.EpochMetrics(runB.Id).Count);
        Assert.Equal(epochs, store.Timings(runA.Id).Count);
        var fromPython = store.EpochMetrics(runC.Id);
        Assert.Equal(pythonRows, fromPython.Count);
        Assert.Equal(1.0 / 7, fromPython.Single(m => m.Epoch == 7).Value);
    }

    [Fact]
    public void RefusesADatabaseWrittenByANewerSchema()
    {
        var folder = TestPaths.NewTempDir("runs-newer");
        var store = RunStore.Open(folder);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 99";
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<InvalidDataException>(() => RunStore.Open(folder));
        Assert.Contains(store.DatabasePath, ex.Message);
        Assert.Contains("schema version 99", ex.Message);
    }

    [Fact]
    public void TheDefaultFolderIsDataRunsUnderTheRepository()
    {
        if (Environment.GetEnvironmentVariable(RunStore.FolderVariable) is { Length: > 0 }) return;   // moved on purpose
        Assert.Equal(Path.Combine(TestPaths.RepoRoot, "data", "runs"), RunStore.DefaultFolder());
    }

    [Fact]
    public void GitRevisionIsTheCheckedOutCommitOrNullOutsideGit()
    {
        Assert.Matches("^[0-9a-f]{40}(\\+dirty)?$", RunEnvironment.GitRevision(TestPaths.RepoRoot));
        var outside = Directory.CreateTempSubdirectory("tvrlab-nogit").FullName;
        Assert.Null(RunEnvironment.GitRevision(outside));
        Directory.Delete(outside);
        Assert.Equal("1.13.0 (CPU build)", RunEnvironment.Versions()["libtorch"]);
    }

    sealed class EpochRowComparer : IEqualityComparer<EpochRow>
    {
        public bool Equals(EpochRow? x, EpochRow? y) =>
            x!.Epoch == y!.Epoch && x.Metrics.OrderBy(k => k.Key).SequenceEqual(y.Metrics.OrderBy(k => k.Key));
        public int GetHashCode(EpochRow r) => r.Epoch;
    }
}
