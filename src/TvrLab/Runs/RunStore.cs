using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace TvrLab.Runs;

/// <summary>
/// Every run of the kit in one SQLite database (<c>runs.db</c> in <see cref="Folder"/>): what ran (preset, config,
/// seed, versions, git revision), how it went (status, timings, per-epoch and final metrics) and what it left
/// (checkpoint paths). The database is in WAL mode with a busy timeout and every write is one short immediate
/// transaction, so a notebook and a CLI training run can write to it at the same time. Queries return typed records.
/// </summary>
/// <example><code>
/// var store = RunStore.Open();                                   // $TVRLAB_RUNS or data/runs/ under the repository
/// var run = store.Start(new RunStart(null, "clip4clip-tiny", configJson, 42, RunEnvironment.Versions(), RunEnvironment.GitRevision()));
/// run.LogEpoch(1, new Dictionary&lt;string, double&gt; { ["loss"] = 2.3, ["t2v_R1"] = 12.5 });
/// run.Complete(new Dictionary&lt;string, double&gt; { ["t2v_R1"] = 12.5 });
/// foreach (var r in store.ListRuns()) Console.WriteLine(r.Name);
/// </code></example>
public sealed class RunStore
{
    /// <summary>The environment variable that moves the run store.</summary>
    public const string FolderVariable = "TVRLAB_RUNS";

    const int SchemaVersion = 1;
    static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    readonly string connectionString;

    /// <summary>The folder holding runs.db.</summary>
    public string Folder { get; }

    /// <summary>The database file.</summary>
    public string DatabasePath => Path.Combine(Folder, "runs.db");

    RunStore(string folder)
    {
        Folder = folder;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
            Pooling = true,
        }.ToString();
    }

    /// <summary>
    /// The default folder: $TVRLAB_RUNS when set, else data/runs/ under the repository that holds the running program
    /// or the current directory (the folder with Notebooks.sln), else data/runs/ under the current directory.
    /// </summary>
    public static string DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } env) return Path.GetFullPath(env);
        var root = FindRepoRoot(AppContext.BaseDirectory) ?? FindRepoRoot(Environment.CurrentDirectory) ?? Environment.CurrentDirectory;
        return Path.Combine(root, "data", "runs");
    }

    static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Notebooks.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>Opens (creating when needed) the store in <paramref name="folder"/> (default: <see cref="DefaultFolder"/>).</summary>
    public static RunStore Open(string? folder = null)
    {
        var store = new RunStore(Path.GetFullPath(folder ?? DefaultFolder()));
        Directory.CreateDirectory(store.Folder);
        store.CreateSchema();
        return store;
    }

    void CreateSchema()
    {
        using var c = Connect();
        var version = Convert.ToInt32(Scalar(c, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
            throw new InvalidDataException($"{DatabasePath}: schema version {version} is newer than this TvrLab understands ({SchemaVersion})");
        Scalar(c, "PRAGMA journal_mode = WAL");   // persistent: every later connection is in WAL mode too
        using var tx = c.BeginTransaction();
        Execute(c, """
            CREATE TABLE IF NOT EXISTS runs (
              id               INTEGER PRIMARY KEY AUTOINCREMENT,
              name             TEXT NOT NULL UNIQUE,
              preset           TEXT NOT NULL,
              config           TEXT NOT NULL,
              seed             INTEGER NOT NULL,
              versions         TEXT NOT NULL,
              git_revision     TEXT,
              status           TEXT NOT NULL,
              started_at       TEXT NOT NULL,
              finished_at      TEXT,
              duration_seconds REAL,
              error            TEXT);
            CREATE TABLE IF NOT EXISTS epoch_metrics (
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              epoch  INTEGER NOT NULL,
              name   TEXT NOT NULL,
              value  REAL NOT NULL,
              PRIMARY KEY (run_id, epoch, name));
            CREATE TABLE IF NOT EXISTS final_metrics (
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              name   TEXT NOT NULL,
              value  REAL NOT NULL,
              PRIMARY KEY (run_id, name));
            CREATE TABLE IF NOT EXISTS timings (
              run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              name    TEXT NOT NULL,
              seconds REAL NOT NULL,
              PRIMARY KEY (run_id, name));
            CREATE TABLE IF NOT EXISTS checkpoints (
              run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              kind       TEXT NOT NULL,
              path       TEXT NOT NULL,
              epoch      INTEGER,
              written_at TEXT NOT NULL,
              PRIMARY KEY (run_id, kind));
            """);
        Execute(c, $"PRAGMA user_version = {SchemaVersion}");
        tx.Commit();
    }

    // ---- writing ----------------------------------------------------------------------------------------------------

    /// <summary>Records a new running run and returns a writer for it. A taken name gets a numeric suffix.</summary>
    public RunWriter Start(RunStart start)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var baseName = start.Name ?? $"{start.Preset}-{startedAt:yyyyMMdd-HHmmss}-s{start.Seed}";
        return Write(c =>
        {
            var name = baseName;
            for (var n = 2; Scalar(c, "SELECT 1 FROM runs WHERE name = $name", ("$name", name)) is not null; n++) name = $"{baseName}-{n}";
            var id = (long)Scalar(c, """
                INSERT INTO runs (name, preset, config, seed, versions, git_revision, status, started_at)
                VALUES ($name, $preset, $config, $seed, $versions, $git, $status, $started) RETURNING id
                """, ("$name", name), ("$preset", start.Preset), ("$config", start.Config), ("$seed", start.Seed),
                ("$versions", JsonSerializer.Serialize(start.Versions)), ("$git", start.GitRevision),
                ("$status", nameof(RunStatus.Running)), ("$started", Time(startedAt)))!;
            return new RunWriter(this, id, name, startedAt);
        });
    }

    /// <summary>Stores (or replaces) the metrics of one epoch.</summary>
    public void LogEpoch(long runId, int epoch, IReadOnlyDictionary<string, double> metrics) => Write(c =>
    {
        foreach (var (name, value) in metrics)
            Execute(c, "INSERT OR REPLACE INTO epoch_metrics (run_id, epoch, name, value) VALUES ($run, $epoch, $name, $value)",
                ("$run", runId), ("$epoch", epoch), ("$name", name), ("$value", value));
        return 0;
    });

    /// <summary>Stores (or replaces) a named duration.</summary>
    public void RecordTiming(long runId, string name, double seconds) => Write(c =>
        Execute(c, "INSERT OR REPLACE INTO timings (run_id, name, seconds) VALUES ($run, $name, $seconds)",
            ("$run", runId), ("$name", name), ("$seconds", seconds)));

    /// <summary>Stores the path of a checkpoint of a kind ("best", "last"), replacing the previous one of that kind.</summary>
    public void RecordCheckpoint(long runId, string kind, string path, int? epoch = null) => Write(c =>
        Execute(c, "INSERT OR REPLACE INTO checkpoints (run_id, kind, path, epoch, written_at) VALUES ($run, $kind, $path, $epoch, $at)",
            ("$run", runId), ("$kind", kind), ("$path", path), ("$epoch", epoch), ("$at", Time(DateTimeOffset.UtcNow))));

    /// <summary>Ends a run: its status, final metrics, the time it took and, for a failure, the error.</summary>
    public void Finish(long runId, RunStatus status, IReadOnlyDictionary<string, double>? finalMetrics = null, string? error = null) => Write(c =>
    {
        var startedText = Scalar(c, "SELECT started_at FROM runs WHERE id = $run", ("$run", runId)) as string
            ?? throw new KeyNotFoundException($"{DatabasePath}: no run with id {runId}");
        var finishedAt = DateTimeOffset.UtcNow;
        Execute(c, "UPDATE runs SET status = $status, finished_at = $at, duration_seconds = $duration, error = $error WHERE id = $run",
            ("$status", status.ToString()), ("$at", Time(finishedAt)), ("$duration", (finishedAt - ParseTime(startedText)).TotalSeconds),
            ("$error", error), ("$run", runId));
        foreach (var (name, value) in finalMetrics ?? new Dictionary<string, double>())
            Execute(c, "INSERT OR REPLACE INTO final_metrics (run_id, name, value) VALUES ($run, $name, $value)",
                ("$run", runId), ("$name", name), ("$value", value));
        return 0;
    });

    // ---- reading ----------------------------------------------------------------------------------------------------

    /// <summary>Runs, newest first, optionally of one preset and at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<RunRecord> ListRuns(string? preset = null, int? limit = null) =>
        Query($"SELECT {RunColumns} FROM runs WHERE ($preset IS NULL OR preset = $preset) ORDER BY id DESC LIMIT $limit",
            ReadRun, ("$preset", preset), ("$limit", limit ?? -1));

    /// <summary>A run by name or, for a number, by id; null when there is none.</summary>
    public RunRecord? FindRun(string nameOrId) =>
        Query($"SELECT {RunColumns} FROM runs WHERE name = $key OR (CAST(id AS TEXT) = $key) ORDER BY name = $key DESC LIMIT 1",
            ReadRun, ("$key", nameOrId)).FirstOrDefault();

    public IReadOnlyList<EpochMetric> EpochMetrics(long runId) =>
        Query("SELECT run_id, epoch, name, value FROM epoch_metrics WHERE run_id = $run ORDER BY epoch, name",
            r => new EpochMetric(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetDouble(3)), ("$run", runId));

    /// <summary>Per-epoch metrics pivoted: one row per epoch, every metric of that epoch.</summary>
    public IReadOnlyList<EpochRow> EpochTable(long runId) =>
        EpochMetrics(runId).GroupBy(m => m.Epoch)
            .Select(g => new EpochRow(g.Key, g.ToDictionary(m => m.Name, m => m.Value))).ToList();

    public IReadOnlyList<FinalMetric> FinalMetrics(long runId) =>
        Query("SELECT run_id, name, value FROM final_metrics WHERE run_id = $run ORDER BY name",
            r => new FinalMetric(r.GetInt64(0), r.GetString(1), r.GetDouble(2)), ("$run", runId));

    public IReadOnlyList<RunTiming> Timings(long runId) =>
        Query("SELECT run_id, name, seconds FROM timings WHERE run_id = $run ORDER BY name",
            r => new RunTiming(r.GetInt64(0), r.GetString(1), r.GetDouble(2)), ("$run", runId));

    public IReadOnlyList<CheckpointRecord> Checkpoints(long runId) =>
        Query("SELECT run_id, kind, path, epoch, written_at FROM checkpoints WHERE run_id = $run ORDER BY kind",
            r => new CheckpointRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3), ParseTime(r.GetString(4))), ("$run", runId));

    /// <summary>The journal mode SQLite reports for a new connection ("wal").</summary>
    public string JournalMode()
    {
        using var c = Connect();
        return (string)Scalar(c, "PRAGMA journal_mode")!;
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------------

    const string RunColumns = "id, name, preset, config, seed, versions, git_revision, status, started_at, finished_at, duration_seconds, error";

    RunRecord ReadRun(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(5)) ?? [],
        r.IsDBNull(6) ? null : r.GetString(6),
        Enum.TryParse<RunStatus>(r.GetString(7), out var s) ? s : throw new InvalidDataException($"{DatabasePath}: run {r.GetInt64(0)} has unknown status \"{r.GetString(7)}\""),
        ParseTime(r.GetString(8)), r.IsDBNull(9) ? null : ParseTime(r.GetString(9)),
        r.IsDBNull(10) ? null : r.GetDouble(10), r.IsDBNull(11) ? null : r.GetString(11));

    SqliteConnection Connect()
    {
        var c = new SqliteConnection(connectionString);
        c.Open();
        // Wait for another writer instead of failing at once (SQLite's own busy handler, besides the command timeout).
        Execute(c, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL");
        return c;
    }

    /// <summary>One write transaction, taken with BEGIN IMMEDIATE so concurrent writers queue instead of deadlocking.</summary>
    T Write<T>(Func<SqliteConnection, T> write)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction(deferred: false);
        var result = write(c);
        tx.Commit();
        return result;
    }

    List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var c = Connect();
        using var command = Command(c, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    static int Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, sql, parameters);
        return command.ExecuteNonQuery();
    }

    static object? Scalar(SqliteConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, sql, parameters);
        return command.ExecuteScalar();
    }

    static SqliteCommand Command(SqliteConnection c, string sql, (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
    static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
