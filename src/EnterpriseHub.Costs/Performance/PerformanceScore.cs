namespace EnterpriseHub.Costs.Performance;

/// <summary>
/// The performance score of a service: each target scores 100 × min(1, target / observed) when lower is better
/// (latency, error rate) or 100 × min(1, observed / target) when higher is better (availability, throughput), the
/// ratio by which it misses; the service's score is their mean. A latency twice its target scores 50.
/// </summary>
public static class PerformanceScore
{
    /// <summary>Scores one target.</summary>
    public static TargetScore Score(PerformanceTarget target, double observed)
    {
        ArgumentNullException.ThrowIfNull(target);
        double ratio;
        if (target.HigherIsBetter)
        {
            ratio = target.Target <= 0 ? 1 : observed / target.Target;
        }
        else
        {
            ratio = observed <= 0 ? 1 : target.Target / observed;
        }

        return new TargetScore(target, observed, 100 * Math.Clamp(ratio, 0, 1));
    }

    /// <summary>The mean of the targets' scores; 100 when there are none.</summary>
    public static double Overall(IReadOnlyList<TargetScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.Count == 0 ? 100 : scores.Average(s => s.Score);
    }
}
