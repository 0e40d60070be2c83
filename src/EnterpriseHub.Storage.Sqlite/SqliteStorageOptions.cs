namespace EnterpriseHub.Storage.Sqlite;

/// <summary>Options of a <see cref="SqliteGrainStorage"/> provider.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The default database file name; the silo places it under its data directory.</summary>
    public const string DefaultDataSource = "ehub.db";

    /// <summary>The default durability: <see cref="SqliteSynchronousMode.Normal"/>.</summary>
    public const SqliteSynchronousMode DefaultSynchronous = SqliteSynchronousMode.Normal;

    /// <summary>The default time, in milliseconds, a connection waits for a lock held by another connection.</summary>
    public const int DefaultBusyTimeoutMilliseconds = 5_000;

    /// <summary>The default largest number of writes and clears applied in one transaction.</summary>
    public const int DefaultMaxBatchSize = 512;

    /// <summary>The default number of pooled read connections kept open.</summary>
    public const int DefaultReadConnections = 4;

    /// <summary>Path of the database file. Relative paths resolve against the working directory, so the silo
    /// should pass a path under its data directory. The file and its directory are created when missing.</summary>
    public string DataSource { get; set; } = DefaultDataSource;

    /// <summary>
    /// Durability of each commit. <see cref="SqliteSynchronousMode.Normal"/> is the default because in WAL mode it
    /// never corrupts the database and never loses a commit when the process is killed (committed pages are in
    /// the OS cache); only a power loss or kernel crash may lose the last commits before the next checkpoint.
    /// Use <see cref="SqliteSynchronousMode.Full"/> when those must survive power loss too.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = DefaultSynchronous;

    /// <summary>How long a connection waits for a lock held by another connection (for example a checkpoint or a
    /// second process) before failing with SQLITE_BUSY.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromMilliseconds(DefaultBusyTimeoutMilliseconds);

    /// <summary>The largest number of writes and clears applied in one transaction. Larger batches amortise the
    /// commit; smaller ones bound the latency of the first write in a batch.</summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>How many read connections stay open for reuse; more concurrent reads open short-lived ones.</summary>
    public int ReadConnections { get; set; } = DefaultReadConnections;
}
