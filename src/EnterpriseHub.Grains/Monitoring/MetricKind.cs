namespace EnterpriseHub.Grains.Monitoring;

/// <summary>What a metric measures, guessed from its name; it picks recommended actions and predictive defaults.</summary>
public enum MetricKind
{
    /// <summary>Anything else.</summary>
    Other,

    /// <summary>Latency or duration.</summary>
    Latency,

    /// <summary>Errors, failures, 5xx.</summary>
    Errors,

    /// <summary>CPU use.</summary>
    Cpu,

    /// <summary>Memory or heap use.</summary>
    Memory,

    /// <summary>Disk, volume or filesystem use.</summary>
    Disk,

    /// <summary>Request rate or throughput.</summary>
    Traffic,

    /// <summary>Queue depth, lag or backlog.</summary>
    Queue,

    /// <summary>Connections or pools.</summary>
    Connections,
}

/// <summary>Classifies metric names by their conventional words and suffixes.</summary>
public static class MetricKinds
{
    private static readonly (string Word, MetricKind Kind)[] s_words =
    [
        ("latency", MetricKind.Latency), ("duration", MetricKind.Latency), ("response_time", MetricKind.Latency),
        ("error", MetricKind.Errors), ("5xx", MetricKind.Errors), ("fail", MetricKind.Errors), ("exception", MetricKind.Errors),
        ("cpu", MetricKind.Cpu),
        ("memory", MetricKind.Memory), ("heap", MetricKind.Memory), ("rss", MetricKind.Memory),
        ("disk", MetricKind.Disk), ("volume", MetricKind.Disk), ("filesystem", MetricKind.Disk), ("storage", MetricKind.Disk),
        ("queue", MetricKind.Queue), ("lag", MetricKind.Queue), ("backlog", MetricKind.Queue),
        ("connection", MetricKind.Connections), ("pool", MetricKind.Connections),
        ("request", MetricKind.Traffic), ("throughput", MetricKind.Traffic), ("rps", MetricKind.Traffic),
    ];

    /// <summary>The kind of <paramref name="metric"/>; the first matching word wins, in the order above.</summary>
    public static MetricKind Classify(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        foreach (var (word, kind) in s_words)
        {
            if (metric.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        return MetricKind.Other;
    }

    /// <summary>True for metrics that measure use of a bounded resource in percent.</summary>
    public static bool IsUtilisationPercent(string metric) =>
        metric.EndsWith("_percent", StringComparison.OrdinalIgnoreCase)
        || metric.EndsWith("_utilization", StringComparison.OrdinalIgnoreCase)
        || metric.EndsWith("_utilisation", StringComparison.OrdinalIgnoreCase);
}
