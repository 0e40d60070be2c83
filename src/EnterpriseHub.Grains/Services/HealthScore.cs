using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Grains.Services;

/// <summary>
/// Health from 0 to 100: 100 times the product over series of (1 − penalty), where an anomalous series costs
/// 0.3 × its score (at least 0.15) and a predicted breach 0.1. One strong anomaly gives about 70, two about 50;
/// a product, unlike an average, does not let many healthy series hide a broken one.
/// </summary>
public static class HealthScore
{
    /// <summary>The health of series with these statuses and scores.</summary>
    public static int Compute(IEnumerable<(SeriesStatus Status, double Score)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var health = 1.0;
        foreach (var (status, score) in series)
        {
            health *= status switch
            {
                SeriesStatus.Anomalous => 1 - (0.3 * Math.Max(score, 0.5)),
                SeriesStatus.PredictedBreach => 0.9,
                _ => 1,
            };
        }

        return (int)Math.Round(100 * health);
    }
}
