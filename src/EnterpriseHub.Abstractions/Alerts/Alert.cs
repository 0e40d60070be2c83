namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>
/// An alert as sources emit it and receivers get it. Labels identify it (their fingerprint dedups it, as in
/// Alertmanager); annotations carry text. Labels always include <c>alertname</c>, <c>service</c>, <c>severity</c>
/// and <c>kind</c>.
/// </summary>
public sealed record Alert
{
    /// <summary>Hash of the label set, as hex: the dedup key.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The alert name (the <c>alertname</c> label).</summary>
    public required string Name { get; init; }

    /// <summary>What raised it.</summary>
    public required AlertKind Kind { get; init; }

    /// <summary>How bad it is.</summary>
    public required AlertSeverity Severity { get; init; }

    /// <summary>Confidence in [0, 1] that the condition is real.</summary>
    public required double Confidence { get; init; }

    /// <summary>Identifying labels.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Descriptive annotations (summary, description, runbook_url, ...).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>One line for humans.</summary>
    public required string Summary { get; init; }

    /// <summary>What to do, from the recommended-actions catalog.</summary>
    public IReadOnlyList<string> RecommendedActions { get; init; } = [];

    /// <summary>What it means for the business, from the service catalog.</summary>
    public string? BusinessImpact { get; init; }

    /// <summary>When the condition started.</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>When it ended; null while it lasts.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Lifecycle state.</summary>
    public required AlertState State { get; init; }

    /// <summary>For predictive alerts: when the breach is expected.</summary>
    public PredictedBreach? Prediction { get; init; }

    /// <summary>Where to look: the series in the API.</summary>
    public string? GeneratorUrl { get; init; }

    /// <summary>The series the alert is about, if any.</summary>
    public string? SeriesId { get; init; }
}
