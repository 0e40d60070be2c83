using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Abstractions.Services;

/// <summary>What the organisation knows about a service: ownership, criticality, SLOs and what outages cost.</summary>
public sealed record ServiceCatalogEntry
{
    /// <summary>The service name (as in the <c>service</c> or <c>job</c> label).</summary>
    public required string Name { get; init; }

    /// <summary>Criticality.</summary>
    public ServiceTier Tier { get; init; } = ServiceTier.Medium;

    /// <summary>The owning person or rota.</summary>
    public string? Owner { get; init; }

    /// <summary>The owning team.</summary>
    public string? Team { get; init; }

    /// <summary>Where its cost is booked.</summary>
    public string? CostCenter { get; init; }

    /// <summary>Service level objectives.</summary>
    public IReadOnlyList<SloTarget> Slos { get; init; } = [];

    /// <summary>Static threshold rules, e.g. <c>latency_p99_ms &gt; 250 for 5m</c>.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>What an alert of each severity means for the business.</summary>
    public IReadOnlyDictionary<AlertSeverity, string> BusinessImpact { get; init; } = new Dictionary<AlertSeverity, string>();
}

/// <summary>
/// A service level objective on one metric: the fraction of good samples must stay at or above
/// <see cref="Objective"/>. A sample is bad when it is above <see cref="Threshold"/> (latency, error ratio) or,
/// with <see cref="LowerIsBad"/>, below it (availability, throughput).
/// </summary>
/// <param name="Name">The objective's name, e.g. <c>latency</c>.</param>
/// <param name="Metric">The metric it is measured on.</param>
/// <param name="Threshold">The boundary of a good sample.</param>
/// <param name="Objective">The target fraction of good samples, e.g. 0.99.</param>
/// <param name="LowerIsBad">True when values below the threshold are bad.</param>
public sealed record SloTarget(string Name, string Metric, double Threshold, double Objective, bool LowerIsBad = false);
