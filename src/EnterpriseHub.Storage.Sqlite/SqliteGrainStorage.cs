using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using EnterpriseHub.Runtime;
using EnterpriseHub.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Storage.Sqlite;

/// <summary>
/// Grain state in one SQLite file: the embedded default provider. Writes and clears from all grains are group
/// committed by a single writer thread (many operations per transaction, each acknowledged only after its
/// transaction commits); reads use their own connections and, thanks to WAL, never wait behind the writer.
/// A killed process loses nothing that was acknowledged and never leaves a corrupt file.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly SqliteStorageOptions _options;
    private readonly SqliteStateWriter _writer;
    private readonly ConcurrentQueue<SqliteStateReader> _idleReaders = new();
    private int _idleReaderCount;
    private readonly Lock _disposalLock = new();
    private volatile bool _disposed;
    private Task? _disposal;

    /// <summary>Opens (creating when missing) the database named by <paramref name="options"/> and starts the writer.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public SqliteGrainStorage(SqliteStorageOptions options, ILogger<SqliteGrainStorage>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new SqliteStorageOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteStorageOptions), validation.Failures);
        }

        // A copy, so later changes to the caller's options object cannot reach a running provider.
        _options = new SqliteStorageOptions
        {
            DataSource = options.DataSource,
            Synchronous = options.Synchronous,
            BusyTimeout = options.BusyTimeout,
            MaxBatchSize = options.MaxBatchSize,
            ReadConnections = options.ReadConnections,
        };

        ILogger log = logger ?? (ILogger)NullLogger.Instance;
        var connection = SqliteDatabase.OpenWriter(_options);
        try
        {
            SqliteDatabase.EnsureSchema(connection, _options.DataSource);
            _writer = new SqliteStateWriter(connection, _options.DataSource, _options.MaxBatchSize, log);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        log.LogInformation(
            "Opened SQLite grain storage {DataSource} (schema {SchemaVersion}, synchronous {Synchronous}, batches of up to {MaxBatchSize})",
            _options.DataSource,
            SqliteDatabase.SchemaVersion,
            _options.Synchronous,
            _options.MaxBatchSize);
    }

    /// <summary>The writer, for tests that observe its batches.</summary>
    internal SqliteStateWriter Writer => _writer;

    /// <summary>The database file.</summary>
    public string DataSource => _options.DataSource;

    /// <inheritdoc />
    /// <remarks>Runs synchronously on the caller's thread: a point read of a local file by primary key costs
    /// microseconds, less than a hop to another thread would.</remarks>
    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<GrainStateRecord?>(cancellationToken);
        }

        var reader = RentReader();
        try
        {
            return Task.FromResult(reader.Read(grainId, stateName));
        }
        catch (Exception ex)
        {
            return Task.FromException<GrainStateRecord?>(ex);
        }
        finally
        {
            ReturnReader(reader);
        }
    }

    /// <inheritdoc />
    public Task<string> WriteAsync(
        GrainId grainId,
        string stateName,
        ReadOnlyMemory<byte> payload,
        string? expectedEtag,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);

        // No copy when the caller passed a whole array: the writer reads it only while the caller still awaits
        // (a queued operation that is cancelled is never read), and SQLite copies it when binding.
        var bytes = MemoryMarshal.TryGetArray(payload, out var segment)
            && segment.Offset == 0
            && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();
        return Enqueue(StorageOperation.Write(grainId, stateName, bytes, expectedEtag), cancellationToken)!;
    }

    /// <inheritdoc />
    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        return Enqueue(StorageOperation.Clear(grainId, stateName, expectedEtag), cancellationToken);
    }

    /// <summary>Commits every queued write, closes the connections and checkpoints the WAL into the database file.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_disposalLock)
        {
            // Every caller awaits the same shutdown, however many times the host and the tests dispose.
            _disposal ??= DisposeCoreAsync();
            return new ValueTask(_disposal);
        }
    }

    private Task<string?> Enqueue(StorageOperation operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string?>(cancellationToken);
        }

        operation.RegisterCancellation(cancellationToken);
        if (!_writer.TryEnqueue(operation))
        {
            operation.CompleteFailed(new ObjectDisposedException(nameof(SqliteGrainStorage)));
        }

        return operation.Task;
    }

    private async Task DisposeCoreAsync()
    {
        _disposed = true;
        await _writer.StopAsync().ConfigureAwait(false);
        while (_idleReaders.TryDequeue(out var reader))
        {
            reader.Dispose();
        }

        _writer.Dispose();
    }

    private SqliteStateReader RentReader()
    {
        if (_idleReaders.TryDequeue(out var reader))
        {
            Interlocked.Decrement(ref _idleReaderCount);
            return reader;
        }

        return new SqliteStateReader(_options);
    }

    private void ReturnReader(SqliteStateReader reader)
    {
        if (!_disposed && Interlocked.Increment(ref _idleReaderCount) <= _options.ReadConnections)
        {
            _idleReaders.Enqueue(reader);

            // Disposal may have drained the pool between the check and the enqueue; drain again so no
            // connection outlives the provider.
            if (_disposed && _idleReaders.TryDequeue(out var late))
            {
                late.Dispose();
            }

            return;
        }

        Interlocked.Decrement(ref _idleReaderCount);
        reader.Dispose();
    }
}
