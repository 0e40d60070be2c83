namespace EnterpriseHub.Costs.Pricing;

/// <summary>Derives usage from a resource metric: samples of <paramref name="Source"/> times <paramref name="Factor"/>
/// are samples of <paramref name="Metric"/> (e.g. <c>container_memory_bytes</c> × 2^-30 → <c>memory_gb</c>).</summary>
/// <param name="Source">The resource metric agents send.</param>
/// <param name="Metric">The usage metric it stands for (billed, or the used metric of a resource).</param>
/// <param name="Factor">Unit conversion.</param>
/// <param name="Aggregation">How the source's samples become amounts, when it differs from the usage metric's: a
/// per-unit resource priced from increments can be fed by a cumulative counter such as
/// <c>http_requests_total</c>. Null for the usage metric's own.</param>
public sealed record UsageMapping(string Source, string Metric, double Factor, UsageAggregation? Aggregation = null);
