using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Abstractions.Costs;

/// <summary>Samples of one usage series for its service's cost grain, with the attribution resolved.</summary>
/// <param name="SeriesId">The series id (dedup and counter state are per series).</param>
/// <param name="Metric">The metric; the price catalog says which resource and role it feeds.</param>
/// <param name="Team">The team the cost is booked to.</param>
/// <param name="CostCenter">The cost center the cost is booked to.</param>
/// <param name="Samples">The samples, in arrival order.</param>
public sealed record UsageSeries(string SeriesId, string Metric, string Team, string CostCenter, Sample[] Samples);

/// <summary>A service's cost in one hour, reported to its team's and cost center's grains.</summary>
/// <param name="Hour">Unix hours of the hour's start.</param>
/// <param name="Cost">The service's whole cost in that hour (absolute, so reports are idempotent).</param>
public readonly record struct HourCost(long Hour, double Cost);
