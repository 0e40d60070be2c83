using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Detection.Ensemble;

namespace EnterpriseHub.Grains.Costs;

/// <summary>A cost grain's state. Services keep hourly buckets per resource (their costs follow from the prices);
/// teams and cost centers keep each service's hourly cost. Sixty-one days at most.</summary>
public sealed class CostState
{
    /// <summary>Per resource, hourly buckets (services).</summary>
    public Dictionary<string, ResourceLedger> Resources { get; set; } = [];

    /// <summary>Per usage series, the newest timestamp and raw value (dedup and counter increments).</summary>
    public Dictionary<string, SeriesCursor> Cursors { get; set; } = [];

    /// <summary>Hour → service → cost (teams and cost centers).</summary>
    public Dictionary<long, Dictionary<string, double>>? Hours { get; set; }

    /// <summary>The team the service's cost goes to (latest labels win).</summary>
    public string? Team { get; set; }

    /// <summary>The cost center the service's cost goes to.</summary>
    public string? CostCenter { get; set; }

    /// <summary>Event time: the newest usage timestamp.</summary>
    public long LatestMs { get; set; } = long.MinValue;

    /// <summary>The last hour fed to anomaly detection.</summary>
    public long ClosedHour { get; set; } = long.MinValue;

    /// <summary>The anomaly ensemble over hourly totals (written at each checkpoint).</summary>
    public DetectorSnapshot? Detector { get; set; }

    /// <summary>Recent anomalies, newest first (at most 20).</summary>
    public List<CostAnomalyView> Anomalies { get; set; } = [];

    /// <summary>The budget alert fires.</summary>
    public bool BudgetAlertFiring { get; set; }

    /// <summary>When it started.</summary>
    public DateTimeOffset BudgetAlertSince { get; set; }

    /// <summary>The anomaly alert fires (until the next normal hour).</summary>
    public DateTimeOffset? AnomalyAlertSince { get; set; }
}

/// <summary>Where a usage series stands.</summary>
public sealed class SeriesCursor
{
    /// <summary>Newest timestamp applied.</summary>
    public long LastMs { get; set; }

    /// <summary>Its raw value (for counters).</summary>
    public double LastValue { get; set; }

    /// <summary>Gauges: the series' samples in the hour of <see cref="LastMs"/>.</summary>
    public SeriesHour? CurrentHour { get; set; }
}
