namespace EnterpriseHub.Abstractions.Capacity;

/// <summary>How a service performs against its SLO and benchmark targets, what to do about it, and scaling advice.</summary>
public sealed record PerformanceView
{
    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>0–100: the mean of the targets' scores.</summary>
    public double Score { get; init; }

    /// <summary>Each target with what was observed.</summary>
    public IReadOnlyList<TargetView> Targets { get; init; } = [];

    /// <summary>Targets missed, with recommended actions.</summary>
    public IReadOnlyList<PerformanceInsight> Insights { get; init; } = [];

    /// <summary>HPA advice, when a scaling target is configured for the service.</summary>
    public ScalingAdvice? Scaling { get; init; }
}

/// <summary>One target and its score.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Target">The target value.</param>
/// <param name="HigherIsBetter">True for availability and throughput.</param>
/// <param name="Observed">The 95th percentile of recent points (5th when higher is better); null without data.</param>
/// <param name="Score">0–100; null without data.</param>
/// <param name="Source"><c>slo</c> or <c>benchmark</c>.</param>
public sealed record TargetView(string Metric, double Target, bool HigherIsBetter, double? Observed, double? Score, string Source);

/// <summary>A missed target and what to do.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Message">What is wrong, with numbers.</param>
/// <param name="Actions">Recommended actions for the metric's kind.</param>
public sealed record PerformanceInsight(string Metric, string Message, IReadOnlyList<string> Actions);

/// <summary>Kubernetes HPA advice for a service.</summary>
/// <param name="Metric">The scaling metric.</param>
/// <param name="Target">Its target per replica.</param>
/// <param name="CurrentReplicas">Replicas now.</param>
/// <param name="CurrentValue">The metric now.</param>
/// <param name="DesiredReplicas">⌈current × value / target⌉ (tolerance 0.1) after 5-minute scale-down stabilisation.</param>
/// <param name="ForecastPeak">The forecast's highest value within the lead time; null without a forecast.</param>
/// <param name="PredictiveReplicas">Replicas needed for the forecast peak: scale out ahead of it.</param>
/// <param name="HourlyCostDelta">What going from current to the larger of desired and predictive costs per hour.</param>
public sealed record ScalingAdvice(string Metric, double Target, int CurrentReplicas, double CurrentValue, int DesiredReplicas, double? ForecastPeak, int? PredictiveReplicas, double HourlyCostDelta);
