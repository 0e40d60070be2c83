namespace EnterpriseHub.Runtime.Placement;

/// <summary>Records which silo hosts the single activation of each grain. Local-only now; a clustered directory
/// (a PostgreSQL table) plugs in here without changing grain code.</summary>
public interface IGrainDirectory
{
    /// <summary>Registers <paramref name="address"/> unless another activation is registered, and returns the winner.</summary>
    ValueTask<GrainAddress> RegisterAsync(GrainAddress address, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="address"/> if it is still the registered activation.</summary>
    ValueTask UnregisterAsync(GrainAddress address, CancellationToken cancellationToken);

    /// <summary>Looks up the registered activation, or null.</summary>
    ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken);
}
