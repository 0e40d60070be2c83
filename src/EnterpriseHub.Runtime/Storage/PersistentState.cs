using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EnterpriseHub.Runtime.Storage;

/// <summary>What the activation needs from each of its persistent states.</summary>
internal interface IPersistentStateLifecycle
{
    /// <summary>Loads the state before <see cref="Grain.OnActivateAsync"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken);

    /// <summary>Writes the state on deactivation if its content differs from what was last read or written.</summary>
    Task PersistIfChangedAsync(CancellationToken cancellationToken);
}

/// <summary>A grain's persistent state, serialized with System.Text.Json into an <see cref="IGrainStorage"/>.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateLifecycle
    where TState : new()
{
    private readonly GrainId _grainId;
    private readonly string _stateName;
    private readonly IGrainStorage _storage;
    private readonly JsonTypeInfo<TState> _typeInfo;

    // Hash of the payload last read or written; null when no record exists. Deactivation compares content
    // rather than tracking mutations, which a POCO state cannot report.
    private byte[]? _persistedHash;

    public PersistentState(GrainId grainId, string stateName, IGrainStorage storage, JsonSerializerOptions options)
    {
        _grainId = grainId;
        _stateName = stateName;
        _storage = storage;
        _typeInfo = (JsonTypeInfo<TState>)options.GetTypeInfo(typeof(TState));
        State = new TState();
    }

    public TState State { get; set; }

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var record = await _storage.ReadAsync(_grainId, _stateName, cancellationToken).ConfigureAwait(true);
        if (record is null)
        {
            State = new TState();
            Etag = null;
            _persistedHash = null;
            return;
        }

        try
        {
            State = JsonSerializer.Deserialize(record.Payload, _typeInfo) ?? new TState();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Stored state '{_stateName}' of grain {_grainId} is not a valid {typeof(TState).Name}: {ex.Message}", ex);
        }

        Etag = record.Etag;
        _persistedHash = SHA256.HashData(record.Payload);
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, _typeInfo);
        Etag = await _storage.WriteAsync(_grainId, _stateName, payload, Etag, cancellationToken).ConfigureAwait(true);
        _persistedHash = SHA256.HashData(payload);
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ClearAsync(_grainId, _stateName, Etag, cancellationToken).ConfigureAwait(true);
        Etag = null;
        _persistedHash = null;
        State = new TState();
    }

    public Task PersistIfChangedAsync(CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, _typeInfo);
        var unchanged = _persistedHash is null
            ? payload.AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(new TState(), _typeInfo))
            : SHA256.HashData(payload).AsSpan().SequenceEqual(_persistedHash);
        return unchanged ? Task.CompletedTask : WriteStateAsync(cancellationToken);
    }
}
