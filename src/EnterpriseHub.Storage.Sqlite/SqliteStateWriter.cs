using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Storage.Sqlite;

/// <summary>
/// The single writer of the state database (group commit). Callers queue operations; one dedicated thread takes
/// whatever has queued up, to <c>MaxBatchSize</c>, applies it in one transaction with prepared statements, commits,
/// and only then completes each caller's task. One fsync-bound commit thus carries hundreds of grains' writes.
/// </summary>
internal sealed class SqliteStateWriter : IDisposable
{
    private const string KeyFilter = "grain_type = $type AND grain_key = $key AND state_name = $state";

    // Unbounded because every queued operation has a caller awaiting it, and a grain issues one write per turn:
    // the queue can never hold more than the number of active grains, so a bound would add no back-pressure.
    private readonly Channel<StorageOperation> _queue = Channel.CreateUnbounded<StorageOperation>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteConnection _connection;
    private readonly string _dataSource;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly List<StorageOperation> _batch;
    private readonly Thread _thread;

    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _selectEtag;
    private readonly SqliteCommand _saveLastEtag;

    private long _lastVersion;

    /// <summary>Takes ownership of <paramref name="connection"/> and starts the writer thread.</summary>
    public SqliteStateWriter(SqliteConnection connection, string dataSource, int maxBatchSize, ILogger logger)
    {
        _connection = connection;
        _dataSource = dataSource;
        _maxBatchSize = maxBatchSize;
        _logger = logger;
        _batch = new List<StorageOperation>(maxBatchSize);
        _lastVersion = SqliteDatabase.ReadLastEtag(connection);

        _insert = Prepare(
            "INSERT INTO grain_state(grain_type, grain_key, state_name, etag, payload, modified_utc) "
            + "VALUES ($type, $key, $state, $etag, $payload, $modified) ON CONFLICT DO NOTHING;",
            withKey: true, "$etag", "$payload", "$modified");
        _update = Prepare(
            "UPDATE grain_state SET etag = $etag, payload = $payload, modified_utc = $modified "
            + $"WHERE {KeyFilter} AND etag = $expected;",
            withKey: true, "$etag", "$payload", "$modified", "$expected");
        _delete = Prepare($"DELETE FROM grain_state WHERE {KeyFilter} AND etag = $expected;", withKey: true, "$expected");
        _selectEtag = Prepare($"SELECT etag FROM grain_state WHERE {KeyFilter};", withKey: true);
        _saveLastEtag = Prepare(
            $"UPDATE storage_meta SET value = $value WHERE name = '{SqliteDatabase.LastEtagKey}';",
            withKey: false, "$value");

        // A dedicated thread, not a pool task: every commit blocks in SQLite (and in fsync with synchronous=FULL),
        // and on a two-core machine a blocked pool thread would delay the grains' own work.
        _thread = new Thread(Run) { IsBackground = true, Name = "ehub-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>Called on the writer thread with a batch's size just before its transaction begins; lets tests line
    /// operations up into one batch without timing guesses.</summary>
    internal Action<int>? BatchStarting { get; set; }

    /// <summary>Queues <paramref name="operation"/>; false once the writer is stopping.</summary>
    public bool TryEnqueue(StorageOperation operation) => _queue.Writer.TryWrite(operation);

    /// <summary>Stops accepting operations and completes when every queued one has been committed or failed.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return _stopped.Task;
    }

    /// <summary>Checkpoints the WAL into the database file and closes the connection. Call after <see cref="StopAsync"/>.</summary>
    public void Dispose()
    {
        try
        {
            // Graceful shutdown only: leaves a single self-contained file and an empty WAL.
            SqliteDatabase.CheckpointTruncate(_connection);
        }
        catch (SqliteException ex)
        {
            // Not fatal: the next open replays the WAL.
            _logger.LogWarning(ex, "Checkpoint of SQLite grain storage {DataSource} on shutdown failed", _dataSource);
        }

        _insert.Dispose();
        _update.Dispose();
        _delete.Dispose();
        _selectEtag.Dispose();
        _saveLastEtag.Dispose();
        _connection.Dispose();
    }

    private void Run()
    {
        var reader = _queue.Reader;
        try
        {
            while (WaitToRead(reader))
            {
                _batch.Clear();
                while (_batch.Count < _maxBatchSize && reader.TryRead(out var operation))
                {
                    if (operation.TryTake())
                    {
                        _batch.Add(operation);
                    }
                }

                if (_batch.Count > 0)
                {
                    ApplyBatch();
                }
            }
        }
        catch (Exception ex)
        {
            // ApplyBatch handles database errors itself, so this is a bug; still, no caller may wait forever and
            // disposal must not hang: refuse new work and fail whatever is queued.
            _logger.LogCritical(ex, "The writer of SQLite grain storage {DataSource} stopped", _dataSource);
            _queue.Writer.TryComplete(ex);
            foreach (var operation in _batch)
            {
                // Completing an already completed operation does nothing.
                operation.CompleteFailed(ex);
            }

            while (reader.TryRead(out var operation))
            {
                if (operation.TryTake())
                {
                    operation.CompleteFailed(ex);
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private static bool WaitToRead(ChannelReader<StorageOperation> reader)
    {
        var wait = reader.WaitToReadAsync();

        // Blocking is right here: this is the writer's own thread, with nothing else to do until work arrives.
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void ApplyBatch()
    {
        var modified = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var lastVersion = _lastVersion;
        try
        {
            BatchStarting?.Invoke(_batch.Count);
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            _update.Transaction = transaction;
            _delete.Transaction = transaction;
            _selectEtag.Transaction = transaction;
            _saveLastEtag.Transaction = transaction;

            foreach (var operation in _batch)
            {
                Apply(operation, ref lastVersion, modified);
            }

            if (lastVersion != _lastVersion)
            {
                _saveLastEtag.Parameters[0].Value = lastVersion;
                _saveLastEtag.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Nothing of the batch committed, so no caller may be told its write landed, nor that it conflicted
            // (a conflict seen inside a rolled-back transaction may have been caused by a change that was undone).
            _logger.LogError(ex, "SQLite grain storage {DataSource} failed to commit a batch of {Count} operations", _dataSource, _batch.Count);
            foreach (var operation in _batch)
            {
                operation.CompleteFailed(ex);
            }

            return;
        }
        finally
        {
            // Versions handed out by a failed batch are skipped, not reused: should a failed COMMIT have reached
            // the disk after all, no two records can ever share an ETag.
            _lastVersion = lastVersion;
        }

        foreach (var operation in _batch)
        {
            operation.CompleteCommitted();
        }
    }

    private void Apply(StorageOperation operation, ref long lastVersion, long modified)
    {
        // The ETag check is per row inside the shared transaction: a stale ETag fails that one operation, while
        // the others in the batch still commit. Later operations on the same row see the earlier ones' effects.
        if (operation.Payload is { } payload)
        {
            var command = operation.ExpectedVersion is null ? _insert : _update;
            var parameters = command.Parameters;
            SetKey(parameters, operation);
            parameters[3].Value = lastVersion + 1;
            parameters[4].Value = payload;
            parameters[5].Value = modified;
            if (command == _update)
            {
                parameters[6].Value = operation.ExpectedVersion!.Value;
            }

            if (command.ExecuteNonQuery() == 1)
            {
                lastVersion++;
                operation.NewVersion = lastVersion;
                operation.Applied = true;
                return;
            }
        }
        else if (operation.ExpectedVersion is { } expected)
        {
            SetKey(_delete.Parameters, operation);
            _delete.Parameters[3].Value = expected;
            if (_delete.ExecuteNonQuery() == 1)
            {
                operation.Applied = true;
                return;
            }
        }

        // A clear with no expected ETag succeeds only when there is nothing to clear; every failed check above
        // also lands here to learn which ETag is stored, for the caller's exception.
        SetKey(_selectEtag.Parameters, operation);
        var stored = _selectEtag.ExecuteScalar();
        operation.ConflictingVersion = stored is long version ? version : null;
        operation.Applied = operation.IsClear && operation.ExpectedVersion is null && stored is null;
    }

    private static void SetKey(SqliteParameterCollection parameters, StorageOperation operation)
    {
        parameters[0].Value = operation.GrainId.Type;
        parameters[1].Value = operation.GrainId.Key;
        parameters[2].Value = operation.StateName;
    }

    private SqliteCommand Prepare(string sql, bool withKey, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        if (withKey)
        {
            command.Parameters.Add("$type", SqliteType.Text);
            command.Parameters.Add("$key", SqliteType.Text);
            command.Parameters.Add("$state", SqliteType.Text);
        }

        foreach (var name in parameterNames)
        {
            command.Parameters.Add(name, name == "$payload" ? SqliteType.Blob : SqliteType.Integer);
        }

        command.Prepare();
        return command;
    }
}
