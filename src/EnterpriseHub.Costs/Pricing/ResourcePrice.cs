namespace EnterpriseHub.Costs.Pricing;

/// <summary>The price of one usage metric.</summary>
public sealed record ResourcePrice
{
    /// <summary>The usage metric, e.g. <c>cpu_cores</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>What the price is charged for.</summary>
    public required PriceUnit Per { get; init; }

    /// <summary>Price in the catalog's currency per unit-hour or per unit.</summary>
    public required double Price { get; init; }

    /// <summary>How samples become quantities; defaults to gauge for unit-hour prices, increments otherwise.</summary>
    public UsageAggregation Aggregation { get; init; }

    /// <summary>The display unit, e.g. <c>core</c>.</summary>
    public string Unit { get; init; } = "unit";

    /// <summary>For unit-hour resources, the metric that reports what is actually used (same unit), for rightsizing
    /// and idle detection, e.g. <c>cpu_cores_used</c>; for per-unit resources, the metric that counts the repeated
    /// (cacheable) share, e.g. <c>api_calls_repeated</c>, for the caching advice. Null when there is none.</summary>
    public string? UsedMetric { get; init; }

    /// <summary>Rightsizing never recommends less than this.</summary>
    public double Floor { get; init; }

    /// <summary>Reserved-capacity offer, if the provider sells one for this resource.</summary>
    public CommitmentOffer? Commitment { get; init; }
}
