using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Abstractions.Services;

/// <summary>A status report from a metric grain to its service grain.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="Metric">The metric name.</param>
/// <param name="Status">Its status now.</param>
/// <param name="Score">Its latest anomaly score.</param>
/// <param name="Timestamp">The sample time of the change.</param>
public sealed record SeriesReport(string SeriesId, string Metric, SeriesStatus Status, double Score, DateTimeOffset Timestamp);

/// <summary>A service as the API shows it.</summary>
public sealed record ServiceView
{
    /// <summary>The catalog entry in effect.</summary>
    public required ServiceCatalogEntry Catalog { get; init; }

    /// <summary>Health from 0 (everything abnormal) to 100.</summary>
    public required int Health { get; init; }

    /// <summary>Series known to the service.</summary>
    public required int Series { get; init; }

    /// <summary>Series anomalous now.</summary>
    public required int Anomalous { get; init; }

    /// <summary>Series with a predicted breach.</summary>
    public required int PredictedBreaches { get; init; }

    /// <summary>Concurrent anomalies ordered by onset, the first being the likeliest cause.</summary>
    public IReadOnlyList<RootCauseHint> RootCauseHints { get; init; } = [];

    /// <summary>The series that are not ok, worst first.</summary>
    public IReadOnlyList<SeriesReport> Attention { get; init; } = [];
}

/// <summary>One series in a group of concurrent anomalies.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="Metric">Its metric.</param>
/// <param name="Onset">When it became anomalous.</param>
/// <param name="LagSeconds">Seconds after the first series of the group moved.</param>
public sealed record RootCauseHint(string SeriesId, string Metric, DateTimeOffset Onset, double LagSeconds);
