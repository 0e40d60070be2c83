namespace EnterpriseHub.Runtime.Placement;

/// <summary>Identifies a silo process: its endpoint and the generation (start time) that tells restarts apart.</summary>
public readonly record struct SiloAddress(string Endpoint, long Generation)
{
    /// <inheritdoc />
    public override string ToString() => $"{Endpoint}@{Generation}";
}

/// <summary>Where one activation of a grain lives.</summary>
public sealed record GrainAddress(GrainId GrainId, SiloAddress Silo, Guid ActivationId);
