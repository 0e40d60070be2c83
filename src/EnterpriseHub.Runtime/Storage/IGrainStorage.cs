namespace EnterpriseHub.Runtime.Storage;

/// <summary>A stored grain state record: serialized bytes and the ETag that versions them.</summary>
/// <param name="Payload">The state serialized as UTF-8 JSON.</param>
/// <param name="Etag">The record's version; changes on every write.</param>
public sealed record GrainStateRecord(byte[] Payload, string Etag);

/// <summary>
/// A grain state store. Providers keep opaque payloads keyed by (grain type, grain key, state name) and enforce
/// optimistic concurrency with ETags. Register one with <c>AddKeyedSingleton&lt;IGrainStorage&gt;(name, ...)</c>;
/// the default provider's name is <see cref="GrainStorageNames.Default"/>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the record, or null when none exists.</summary>
    Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>Writes the record if the stored ETag equals <paramref name="expectedEtag"/> (null: no record may exist)
    /// and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/>.</summary>
    Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Deletes the record if the stored ETag equals <paramref name="expectedEtag"/>; otherwise throws
    /// <see cref="InconsistentStateException"/>. Clearing a record that does not exist with a null ETag succeeds.</summary>
    Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken);
}

/// <summary>Well-known storage provider names.</summary>
public static class GrainStorageNames
{
    /// <summary>The provider used when <see cref="PersistentStateAttribute"/> names none.</summary>
    public const string Default = "Default";
}
