namespace EnterpriseHub.Costs.Scaling;

/// <summary>
/// The Kubernetes Horizontal Pod Autoscaler's algorithm (kubernetes.io, "Horizontal Pod Autoscaling", Algorithm
/// details): desired = ⌈current × metric / target⌉, unchanged while |metric / target − 1| ≤ tolerance (0.1); a scale
/// down takes the highest recommendation of the stabilisation window (5 minutes) so the replica count does not flap.
/// </summary>
public static class HorizontalPodAutoscaler
{
    /// <summary>The controller's default tolerance (<c>--horizontal-pod-autoscaler-tolerance</c>).</summary>
    public const double DefaultTolerance = 0.1;

    /// <summary>The default scale-down stabilisation window.</summary>
    public static readonly TimeSpan DefaultScaleDownStabilisation = TimeSpan.FromMinutes(5);

    /// <summary>The replica count for <paramref name="metric"/> against <paramref name="target"/>.</summary>
    public static int Desired(int currentReplicas, double metric, double target, double tolerance = DefaultTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(currentReplicas, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, 0);
        var ratio = metric / target;
        // Rounded to 9 places so a ratio of exactly 1 + tolerance in decimal (66 / 60) counts as within it.
        if (Math.Round(Math.Abs(ratio - 1), 9) <= tolerance)
        {
            return currentReplicas;
        }

        // Round before the ceiling so that 3 × 0.7 / 0.7 stays 3 rather than becoming 4 through binary noise.
        return (int)Math.Ceiling(Math.Round(currentReplicas * ratio, 9));
    }

    /// <summary>
    /// Applies scale-down stabilisation: when <paramref name="desired"/> is below the current count, the result is the
    /// highest of it and the recommendations made within <paramref name="window"/> before <paramref name="now"/>
    /// (never above the current count); scale-ups apply at once.
    /// </summary>
    public static int Stabilise(int currentReplicas, int desired, IEnumerable<(DateTimeOffset At, int Desired)> recommendations, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        if (desired >= currentReplicas)
        {
            return desired;
        }

        var highest = desired;
        foreach (var (at, recommended) in recommendations)
        {
            if (at > now - window && at <= now)
            {
                highest = Math.Max(highest, recommended);
            }
        }

        return Math.Min(highest, currentReplicas);
    }
}
