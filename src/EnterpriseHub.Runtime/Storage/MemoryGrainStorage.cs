using System.Collections.Concurrent;
using System.Globalization;

namespace EnterpriseHub.Runtime.Storage;

/// <summary>
/// An in-process <see cref="IGrainStorage"/> for tests and single-process runs that need no durability.
/// Lock-free: every change is a compare-and-swap on one dictionary entry.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<StateKey, StoredState> _records = new();

    // One counter for the whole store, not one per record: a record that is cleared and written again gets an
    // ETag it never had before, so a writer still holding a pre-clear ETag cannot overwrite the new record (ABA).
    private long _lastVersion;

    /// <inheritdoc />
    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<GrainStateRecord?>(cancellationToken);
        }

        if (!_records.TryGetValue(new StateKey(grainId, stateName), out var stored))
        {
            return Task.FromResult<GrainStateRecord?>(null);
        }

        // A copy, so the caller cannot change what the next reader sees.
        return Task.FromResult<GrainStateRecord?>(new GrainStateRecord(stored.Payload.ToArray(), stored.Etag));
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
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string>(cancellationToken);
        }

        var key = new StateKey(grainId, stateName);
        var next = new StoredState(payload.ToArray(), NextEtag());
        if (expectedEtag is null)
        {
            if (_records.TryAdd(key, next))
            {
                return Task.FromResult(next.Etag);
            }
        }
        else if (_records.TryGetValue(key, out var current)
            && string.Equals(current.Etag, expectedEtag, StringComparison.Ordinal)
            && _records.TryUpdate(key, next, current))
        {
            // TryUpdate compares StoredState by reference, so this succeeds only if nobody replaced the record
            // between the read and the swap.
            return Task.FromResult(next.Etag);
        }

        return Task.FromException<string>(Conflict("Write", grainId, stateName, expectedEtag, CurrentEtag(key)));
    }

    /// <inheritdoc />
    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var key = new StateKey(grainId, stateName);
        if (_records.TryGetValue(key, out var current))
        {
            if (string.Equals(current.Etag, expectedEtag, StringComparison.Ordinal)
                && _records.TryRemove(KeyValuePair.Create(key, current)))
            {
                return Task.CompletedTask;
            }
        }
        else if (expectedEtag is null)
        {
            return Task.CompletedTask;
        }

        return Task.FromException(Conflict("Clear", grainId, stateName, expectedEtag, CurrentEtag(key)));
    }

    private string NextEtag() =>
        Interlocked.Increment(ref _lastVersion).ToString(CultureInfo.InvariantCulture);

    private string? CurrentEtag(StateKey key) =>
        _records.TryGetValue(key, out var stored) ? stored.Etag : null;

    private static InconsistentStateException Conflict(
        string operation,
        GrainId grainId,
        string stateName,
        string? expectedEtag,
        string? storedEtag) =>
        new(
            $"{operation} of state '{stateName}' of grain {grainId} failed: the stored ETag is "
            + $"{storedEtag ?? "<none>"} but the caller expected {expectedEtag ?? "<none>"}.",
            storedEtag,
            expectedEtag);

    private readonly record struct StateKey(GrainId GrainId, string StateName);

    // A class, not a record: ConcurrentDictionary's compare-and-swap must compare by reference, so that two writes
    // of equal bytes are still told apart.
    private sealed class StoredState(byte[] payload, string etag)
    {
        public byte[] Payload { get; } = payload;

        public string Etag { get; } = etag;
    }
}
