namespace EnterpriseHub.Storage.Sqlite;

/// <summary>How hard SQLite flushes to disk on commit (<c>PRAGMA synchronous</c>); the store always runs in WAL mode.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>Syncs the WAL only at checkpoints. A process crash never loses or corrupts a committed write; a
    /// power loss or OS crash may roll back the last commits but still leaves a consistent database.</summary>
    Normal,

    /// <summary>Syncs the WAL on every commit, so commits survive power loss too, at the cost of one fsync per batch.</summary>
    Full,
}
