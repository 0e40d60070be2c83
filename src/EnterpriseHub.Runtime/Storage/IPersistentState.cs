namespace EnterpriseHub.Runtime;

/// <summary>A named piece of grain state kept in a storage provider, as in Orleans.</summary>
/// <typeparam name="TState">The state type; serialized with System.Text.Json.</typeparam>
public interface IPersistentState<TState>
{
    /// <summary>The current in-memory state.</summary>
    TState State { get; set; }

    /// <summary>The version of the stored record this state was read from or last written as; null if none.</summary>
    string? Etag { get; }

    /// <summary>True when a stored record exists.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/>. Throws <see cref="InconsistentStateException"/> when the stored record
    /// changed since it was read (its ETag no longer matches).</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored record and resets <see cref="State"/> to a new instance.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>.</summary>
/// <param name="stateName">The state's name, unique within the grain.</param>
/// <param name="storageName">The storage provider's name; null for the default provider.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The state's name.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name, or null for the default.</summary>
    public string? StorageName { get; } = storageName;
}
