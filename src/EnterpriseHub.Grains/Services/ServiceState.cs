using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;

namespace EnterpriseHub.Grains.Services;

/// <summary>What a service grain keeps: an operator's catalog edit and the series it has heard of.</summary>
public sealed class ServiceState
{
    /// <summary>The catalog entry set through the API; wins over configuration.</summary>
    public ServiceCatalogEntry? Override { get; set; }

    /// <summary>Known series by id, with their latest report.</summary>
    public Dictionary<string, TrackedSeries> Series { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A series as its service tracks it.</summary>
/// <param name="Metric">Its metric.</param>
/// <param name="Status">Its latest status.</param>
/// <param name="Score">Its latest anomaly score.</param>
/// <param name="Since">When it entered its status.</param>
public sealed record TrackedSeries(string Metric, SeriesStatus Status, double Score, DateTimeOffset Since);
