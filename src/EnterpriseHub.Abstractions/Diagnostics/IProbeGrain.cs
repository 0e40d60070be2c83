using EnterpriseHub.Runtime;

namespace EnterpriseHub.Abstractions.Diagnostics;

/// <summary>
/// A storage probe: a named value written durably through the grain runtime and read back. Operators use it to
/// check the whole path (HTTP, runtime turn, persistent state, storage file) after a restart or a crash; the
/// readiness check reads one.
/// </summary>
public interface IProbeGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="value"/> and returns the record once it is durable.</summary>
    Task<ProbeRecord> Write(string value);

    /// <summary>Returns the stored record, or null if the probe was never written.</summary>
    Task<ProbeRecord?> Read();
}

/// <summary>A probe's stored value.</summary>
/// <param name="Name">The probe's name (its grain key).</param>
/// <param name="Value">The last value written.</param>
/// <param name="Writes">How many times it was written.</param>
/// <param name="UpdatedUtc">When it was last written.</param>
public sealed record ProbeRecord(string Name, string Value, long Writes, DateTimeOffset UpdatedUtc);
