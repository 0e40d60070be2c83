namespace EnterpriseHub.Costs.Performance;

/// <summary>A benchmark or SLO target of one metric.</summary>
/// <param name="Metric">The metric, e.g. <c>latency_p99_ms</c>.</param>
/// <param name="Target">The target value.</param>
/// <param name="HigherIsBetter">True for availability and throughput; false for latency and error rate.</param>
public sealed record PerformanceTarget(string Metric, double Target, bool HigherIsBetter);

/// <summary>A target with its observed value and score.</summary>
/// <param name="Target">The target.</param>
/// <param name="Observed">The observed value.</param>
/// <param name="Score">0–100: 100 when the target is met, else target/observed (or observed/target when higher is better) × 100.</param>
public sealed record TargetScore(PerformanceTarget Target, double Observed, double Score)
{
    /// <summary>The target is met.</summary>
    public bool Met => Score >= 100;
}
