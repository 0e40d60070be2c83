using System.Collections.Concurrent;

namespace EnterpriseHub.Runtime.Placement;

/// <summary>The in-process directory of a single silo.</summary>
public sealed class LocalGrainDirectory : IGrainDirectory
{
    private readonly ConcurrentDictionary<GrainId, GrainAddress> _addresses = new();

    /// <inheritdoc />
    public ValueTask<GrainAddress> RegisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        return ValueTask.FromResult(_addresses.GetOrAdd(address.GrainId, address));
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        _addresses.TryRemove(new KeyValuePair<GrainId, GrainAddress>(address.GrainId, address));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_addresses.GetValueOrDefault(grainId));
}
