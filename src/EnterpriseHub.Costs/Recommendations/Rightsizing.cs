using EnterpriseHub.Costs.Aggregation;

namespace EnterpriseHub.Costs.Recommendations;

/// <summary>A rightsizing verdict for one resource.</summary>
/// <param name="Current">The provisioned amount now.</param>
/// <param name="P95">The 95th percentile of usage over the window.</param>
/// <param name="Peak">The largest usage over the window.</param>
/// <param name="Recommended">max(floor, P95 / target utilisation).</param>
/// <param name="Risk">High when the peak would exceed the recommended size, medium when it would exceed the target
/// utilisation of it, else low.</param>
/// <param name="Confidence">Share of the window's hours with usage data.</param>
public sealed record RightsizingResult(double Current, double P95, double Peak, double Recommended, RiskLevel Risk, double Confidence)
{
    /// <summary>Current − recommended; positive when the resource can shrink.</summary>
    public double Reduction => Current - Recommended;
}

/// <summary>
/// Rightsizing as cloud optimisers compute it: size the resource so that its 95th-percentile usage runs at the target
/// utilisation, recommended = max(floor, p95(usage) / target). The percentile follows <see cref="Percentile"/>.
/// </summary>
public static class Rightsizing
{
    /// <summary>Default target utilisation: 70%, leaving headroom for bursts above the 95th percentile.</summary>
    public const double DefaultTargetUtilisation = 0.7;

    /// <summary>Evaluates a resource provisioned at <paramref name="current"/> from its usage per hour (hourly peaks);
    /// null without usage.</summary>
    public static RightsizingResult? Evaluate(double current, IReadOnlyList<double> usage, double floor, int windowHours, double targetUtilisation = DefaultTargetUtilisation)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(targetUtilisation, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetUtilisation, 1);
        if (usage.Count == 0)
        {
            return null;
        }

        var p95 = Percentile.Of(usage, 0.95);
        var peak = usage.Max();
        var recommended = Math.Max(floor, p95 / targetUtilisation);
        var risk = peak > recommended ? RiskLevel.High : peak > recommended * targetUtilisation ? RiskLevel.Medium : RiskLevel.Low;
        var confidence = Math.Min(1.0, usage.Count / (double)Math.Max(1, windowHours));
        return new RightsizingResult(current, p95, peak, recommended, risk, confidence);
    }
}
