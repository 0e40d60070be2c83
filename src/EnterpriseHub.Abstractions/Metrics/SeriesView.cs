namespace EnterpriseHub.Abstractions.Metrics;

/// <summary>A series as the API shows it.</summary>
public sealed record SeriesView
{
    /// <summary>The series id (canonical key).</summary>
    public required string Id { get; init; }

    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The metric.</summary>
    public required string Metric { get; init; }

    /// <summary>The other labels.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Current status.</summary>
    public required SeriesStatus Status { get; init; }

    /// <summary>The latest anomaly score in [0, 1].</summary>
    public double Score { get; init; }

    /// <summary>The latest value, if any.</summary>
    public double? LastValue { get; init; }

    /// <summary>When the latest value was observed.</summary>
    public DateTimeOffset? LastTimestamp { get; init; }

    /// <summary>Samples applied since the series was created, or since its models started afresh (a series that
    /// became a counter, or stopped being one). A counter's first sample is only the base of its first rate.</summary>
    public long Samples { get; init; }

    /// <summary>Samples dropped as out of order.</summary>
    public long OutOfOrder { get; init; }

    /// <summary>Samples dropped as duplicates.</summary>
    public long Duplicates { get; init; }

    /// <summary>Whether the values are a counter's per-second rate (the silo's <c>Monitoring:CounterSuffixes</c>) rather
    /// than the values as sent.</summary>
    public bool PerSecond { get; init; }

    /// <summary>The detected seasonal period in samples, 0 if none.</summary>
    public int Period { get; init; }

    /// <summary>Recent points, oldest first.</summary>
    public IReadOnlyList<SeriesPoint> Points { get; init; } = [];

    /// <summary>The forecast, if one can be made.</summary>
    public IReadOnlyList<ForecastPointView> Forecast { get; init; } = [];

    /// <summary>Names of the alerts of this series that are pending or firing.</summary>
    public IReadOnlyList<string> ActiveAlerts { get; init; } = [];
}

/// <summary>One recent point: the value, the baseline band and the anomaly score.</summary>
public readonly record struct SeriesPoint(DateTimeOffset Timestamp, double Value, double Expected, double Lower, double Upper, double Score);

/// <summary>One forecast point with its prediction interval.</summary>
public readonly record struct ForecastPointView(DateTimeOffset Timestamp, double Value, double Lower, double Upper);
