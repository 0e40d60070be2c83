using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Detection.Ensemble;
using EnterpriseHub.Detection.Forecasting;

namespace EnterpriseHub.Grains.Metrics;

/// <summary>The checkpoint of a metric grain: detector and forecaster snapshots, recent points, counters and the
/// lifecycle of its alerts. Written every checkpoint interval while samples arrive, and on deactivation.</summary>
public sealed class MetricState
{
    /// <summary>Bumped when the layout changes incompatibly.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The anomaly ensemble.</summary>
    public DetectorSnapshot? Detector { get; set; }

    /// <summary>The forecaster, for series with something to predict.</summary>
    public ForecasterSnapshot? Forecaster { get; set; }

    /// <summary>Recent points for charts.</summary>
    public RecentPointsState? Recent { get; set; }

    /// <summary>The newest sample time applied.</summary>
    public long LastTimestampMs { get; set; } = long.MinValue;

    /// <summary>The newest value applied.</summary>
    public double LastValue { get; set; }

    /// <summary>The newest anomaly score.</summary>
    public double LastScore { get; set; }

    /// <summary>Samples applied.</summary>
    public long Samples { get; set; }

    /// <summary>Samples dropped as out of order.</summary>
    public long OutOfOrder { get; set; }

    /// <summary>Samples dropped as duplicates.</summary>
    public long Duplicates { get; set; }

    /// <summary>Whether the values applied are a counter's per-second rates (<see cref="Monitoring.MonitoringOptions.IsCounter"/>).</summary>
    public bool CounterRates { get; set; }

    /// <summary>A counter's newest running count, the base of its next rate; null before its first sample.</summary>
    public double? CounterValue { get; set; }

    /// <summary>Status at the checkpoint.</summary>
    public SeriesStatus Status { get; set; }

    /// <summary>Alerts that were pending or firing at the checkpoint; null when none were.</summary>
    public List<SavedAlert>? Alerts { get; set; }
}

/// <summary>A pending or firing alert in a checkpoint.</summary>
/// <param name="Name">The alert name.</param>
/// <param name="State">Pending or firing.</param>
/// <param name="ActiveSince">When the condition started holding.</param>
/// <param name="LastTrue">When it last held.</param>
/// <param name="Alert">The alert as last sent.</param>
public sealed record SavedAlert(string Name, AlertState State, DateTimeOffset ActiveSince, DateTimeOffset LastTrue, Alert? Alert);
