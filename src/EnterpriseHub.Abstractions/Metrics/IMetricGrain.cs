using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Abstractions.Metrics;

/// <summary>
/// One monitored series (key: <see cref="SeriesKey.Id"/>): rolling baselines, the anomaly ensemble, a forecaster
/// where a threshold or SLO gives it something to predict, recent points for charts, and the alert sources.
/// </summary>
public interface IMetricGrain : IGrainWithStringKey
{
    /// <summary>Applies samples in order; older or repeated timestamps are dropped and counted.</summary>
    ValueTask<IngestCounts> Ingest(Sample[] samples);

    /// <summary>The series for the API and dashboard: recent points with band and score, and the forecast.</summary>
    [AlwaysInterleave]
    Task<SeriesView> Describe(int maxPoints, int forecastSteps);

    /// <summary>The service's catalog entry changed: rebuild rules, SLO trackers and predictive thresholds.</summary>
    [OneWay]
    Task CatalogChanged(ServiceCatalogEntry entry);
}

/// <summary>What <see cref="IMetricGrain.Ingest"/> did with a batch, and where the series stands after it (so the
/// silo's series index can list and filter series without waking their grains).</summary>
/// <param name="Accepted">Samples applied.</param>
/// <param name="OutOfOrder">Samples older than the newest one, dropped.</param>
/// <param name="Duplicates">Samples with a timestamp already seen, dropped.</param>
/// <param name="Status">The series' status after the batch.</param>
/// <param name="Score">The latest anomaly score.</param>
/// <param name="LastValue">The latest value.</param>
public readonly record struct IngestCounts(int Accepted, int OutOfOrder, int Duplicates, SeriesStatus Status, double Score, double LastValue);

/// <summary>Where a series stands.</summary>
public enum SeriesStatus
{
    /// <summary>Normal.</summary>
    Ok,

    /// <summary>Abnormal now: an anomaly, threshold or burn-rate alert fires.</summary>
    Anomalous,

    /// <summary>Normal now, but the forecast crosses a threshold within the horizon.</summary>
    PredictedBreach,
}
