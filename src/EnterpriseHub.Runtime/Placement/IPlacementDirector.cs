namespace EnterpriseHub.Runtime.Placement;

/// <summary>Chooses the silo for a new activation.</summary>
public interface IPlacementDirector
{
    /// <summary>Picks one of <paramref name="silos"/> (never empty; the local silo is first) for <paramref name="grainId"/>.</summary>
    SiloAddress Place(GrainId grainId, IReadOnlyList<SiloAddress> silos);
}

/// <summary>Places every activation on the local silo: the only choice until the cluster transport exists.</summary>
public sealed class LocalPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public SiloAddress Place(GrainId grainId, IReadOnlyList<SiloAddress> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        return silos[0];
    }
}
