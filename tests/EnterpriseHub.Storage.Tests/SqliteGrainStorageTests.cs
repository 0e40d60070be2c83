using System.Text;
using EnterpriseHub.Runtime;
using EnterpriseHub.Runtime.Storage;
using EnterpriseHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EnterpriseHub.Storage.Tests;

public sealed class SqliteGrainStorageTests : GrainStorageConformanceTests, IDisposable
{
    private static readonly GrainId s_grain = new("metric", "api/errors");
    private readonly TempDirectory _directory = new();

    private string DatabasePath => _directory.File("ehub.db");

    protected override IGrainStorage CreateStorage() => Open();

    // xunit disposes after DisposeAsync, so the provider has closed the file by then.
    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Records_survive_disposing_and_reopening_the_same_file()
    {
        var etags = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            etags.Add(await Storage.WriteAsync(new GrainId("metric", "s" + i), "baseline", Payloads.Counter(i), null, CancellationToken.None));
        }

        await ((SqliteGrainStorage)Storage).DisposeAsync();
        await using var reopened = Open();

        for (var i = 0; i < 20; i++)
        {
            var record = await reopened.ReadAsync(new GrainId("metric", "s" + i), "baseline", CancellationToken.None);
            Assert.NotNull(record);
            Assert.Equal(i, Payloads.ReadCounter(record.Payload));
            Assert.Equal(etags[i], record.Etag);
        }

        // ETags stay unique across restarts: a record cleared and written again after reopening gets a version
        // above every one issued before.
        await reopened.ClearAsync(new GrainId("metric", "s19"), "baseline", etags[19], CancellationToken.None);
        var fresh = await reopened.WriteAsync(new GrainId("metric", "s19"), "baseline", Payloads.Counter(99), null, CancellationToken.None);
        Assert.True(long.Parse(fresh, System.Globalization.CultureInfo.InvariantCulture) > etags.Max(e => long.Parse(e, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_database_is_in_wal_mode_at_schema_version_one()
    {
        await Storage.WriteAsync(s_grain, "state", Payloads.Json("{}"), null, CancellationToken.None);

        using var connection = OpenRaw();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal(1L, Scalar(connection, "PRAGMA user_version;"));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM grain_state WHERE grain_type = 'metric' AND grain_key = 'api/errors' AND state_name = 'state';"));
    }

    [Fact]
    public async Task A_conflicting_write_fails_only_itself_and_the_rest_of_its_batch_commits()
    {
        var storage = (SqliteGrainStorage)Storage;
        var stale = await storage.WriteAsync(s_grain, "state", Payloads.Counter(1), null, CancellationToken.None);
        var current = await storage.WriteAsync(s_grain, "state", Payloads.Counter(2), stale, CancellationToken.None);
        var batches = new List<int>();
        var plugTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        storage.Writer.BatchStarting = size =>
        {
            lock (batches)
            {
                batches.Add(size);
            }

            plugTaken.TrySetResult();
        };

        Task<string> plug;
        var writes = new List<Task<string>>();
        Task<string> conflicting;
        using (var blocker = HoldWriteLock())
        {
            // The writer takes the plug and waits for the lock; everything queued meanwhile forms the next batch.
            plug = storage.WriteAsync(new GrainId("metric", "plug"), "state", Payloads.Counter(0), null, CancellationToken.None);
            await plugTaken.Task;
            for (var i = 0; i < 5; i++)
            {
                writes.Add(storage.WriteAsync(new GrainId("metric", "other-" + i), "state", Payloads.Counter(i), null, CancellationToken.None));
            }

            conflicting = storage.WriteAsync(s_grain, "state", Payloads.Counter(3), stale, CancellationToken.None);
            for (var i = 5; i < 10; i++)
            {
                writes.Add(storage.WriteAsync(new GrainId("metric", "other-" + i), "state", Payloads.Counter(i), null, CancellationToken.None));
            }

            blocker.Commit();
        }

        await plug;
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        Assert.Equal(current, ex.StoredEtag);
        Assert.Equal(stale, ex.CurrentEtag);
        await Task.WhenAll(writes);
        Assert.Equal([1, 11], batches);
        for (var i = 0; i < 10; i++)
        {
            var record = await storage.ReadAsync(new GrainId("metric", "other-" + i), "state", CancellationToken.None);
            Assert.Equal(i, Payloads.ReadCounter(record!.Payload));
            Assert.Equal(await writes[i], record.Etag);
        }

        Assert.Equal(2, Payloads.ReadCounter((await storage.ReadAsync(s_grain, "state", CancellationToken.None))!.Payload));
    }

    [Fact]
    public async Task Reads_do_not_wait_for_the_writer_and_writes_are_not_acknowledged_before_commit()
    {
        var storage = (SqliteGrainStorage)Storage;
        var etag = await storage.WriteAsync(s_grain, "state", Payloads.Counter(1), null, CancellationToken.None);
        var batchStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        storage.Writer.BatchStarting = _ => batchStarted.TrySetResult();

        Task<string> pending;
        using (var blocker = HoldWriteLock())
        {
            pending = storage.WriteAsync(s_grain, "state", Payloads.Counter(2), etag, CancellationToken.None);
            await batchStarted.Task;

            // The writer is stuck waiting for the lock: the write is not acknowledged, and a read still returns
            // the last committed record at once.
            var record = await storage.ReadAsync(s_grain, "state", CancellationToken.None);
            Assert.Equal(1, Payloads.ReadCounter(record!.Payload));
            Assert.Equal(etag, record.Etag);
            Assert.False(pending.IsCompleted);
            blocker.Commit();
        }

        var written = await pending;
        var after = await storage.ReadAsync(s_grain, "state", CancellationToken.None);
        Assert.Equal(2, Payloads.ReadCounter(after!.Payload));
        Assert.Equal(written, after.Etag);
    }

    [Fact]
    public async Task A_write_cancelled_while_queued_is_never_applied()
    {
        var storage = (SqliteGrainStorage)Storage;
        var plugTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        storage.Writer.BatchStarting = _ => plugTaken.TrySetResult();
        using var cancellation = new CancellationTokenSource();

        Task<string> plug;
        Task<string> cancelled;
        using (var blocker = HoldWriteLock())
        {
            plug = storage.WriteAsync(new GrainId("metric", "plug"), "state", Payloads.Counter(0), null, CancellationToken.None);
            await plugTaken.Task;
            cancelled = storage.WriteAsync(s_grain, "state", Payloads.Counter(1), null, cancellation.Token);
            await cancellation.CancelAsync();
            blocker.Commit();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await plug;

        // A later write goes through the same queue, so once it is acknowledged the cancelled one would have been too.
        await storage.WriteAsync(new GrainId("metric", "after"), "state", Payloads.Counter(2), null, CancellationToken.None);
        Assert.Null(await storage.ReadAsync(s_grain, "state", CancellationToken.None));
    }

    [Fact]
    public async Task Disposing_commits_queued_writes_and_empties_the_wal()
    {
        var storage = (SqliteGrainStorage)Storage;
        var writes = Enumerable.Range(0, 500)
            .Select(i => storage.WriteAsync(new GrainId("metric", "q" + i), "state", Payloads.Counter(i), null, CancellationToken.None))
            .ToList();

        await storage.DisposeAsync();

        Assert.All(writes, write => Assert.True(write.IsCompletedSuccessfully));
        Assert.Equal(0, new FileInfo(DatabasePath + "-wal") is { Exists: true } wal ? wal.Length : 0);
        await Assert.ThrowsAsync<ObjectDisposedException>(
            () => storage.WriteAsync(s_grain, "state", Payloads.Counter(1), null, CancellationToken.None));
        await using var reopened = Open();
        for (var i = 0; i < 500; i++)
        {
            var record = await reopened.ReadAsync(new GrainId("metric", "q" + i), "state", CancellationToken.None);
            Assert.Equal(i, Payloads.ReadCounter(record!.Payload));
            Assert.Equal(await writes[i], record.Etag);
        }
    }

    [Fact]
    public async Task A_file_with_a_newer_schema_version_is_refused()
    {
        await ((SqliteGrainStorage)Storage).DisposeAsync();
        using (var connection = OpenRaw())
        {
            Execute(connection, "PRAGMA user_version = 7;");
        }

        var ex = Assert.Throws<InvalidOperationException>(Open);

        Assert.Contains("schema version 7", ex.Message, StringComparison.Ordinal);
    }

    private SqliteGrainStorage Open() => new(new SqliteStorageOptions { DataSource = DatabasePath });

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>Takes the database's write lock from a second connection, as another process could, so the
    /// provider's writer blocks in BEGIN IMMEDIATE until <see cref="WriteLock.Commit"/>.</summary>
    private WriteLock HoldWriteLock() => new(OpenRaw());

    private sealed class WriteLock : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;

        public WriteLock(SqliteConnection connection)
        {
            _connection = connection;
            _transaction = connection.BeginTransaction(deferred: false);
        }

        public void Commit() => _transaction.Commit();

        public void Dispose()
        {
            _transaction.Dispose();
            _connection.Dispose();
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
