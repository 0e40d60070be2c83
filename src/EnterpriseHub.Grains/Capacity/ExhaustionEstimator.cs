using EnterpriseHub.Abstractions.Capacity;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Grains.Monitoring;

namespace EnterpriseHub.Grains.Capacity;

/// <summary>
/// Time to exhaustion of utilisation series (<c>*_percent</c>, <c>*_utilization</c>) from the least-squares trend of
/// their recent points (<see cref="LinearTrend"/>, Prometheus' <c>predict_linear</c> with a 95% interval on the slope).
/// </summary>
public static class ExhaustionEstimator
{
    /// <summary>z for the 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Whether <paramref name="metric"/> is a utilisation metric.</summary>
    public static bool Applies(string metric) => MetricKinds.IsUtilisationPercent(metric) || metric.EndsWith("_ratio", StringComparison.OrdinalIgnoreCase);

    /// <summary>Estimates exhaustion for <paramref name="series"/> within <paramref name="horizon"/>.</summary>
    public static ExhaustionView Estimate(SeriesView series, TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        var points = series.Points.Select(p => (p.Timestamp.ToUnixTimeMilliseconds(), p.Value)).ToArray();
        var current = series.LastValue ?? (points.Length > 0 ? points[^1].Value : 0);
        // Ratios live in [0, 1] unless the series shows otherwise; percentages end at 100.
        var limit = series.Metric.EndsWith("_percent", StringComparison.OrdinalIgnoreCase) || points.Any(p => p.Value > 1) ? 100 : 1;
        var slope = SlopePerHour(points);
        var now = series.LastTimestamp ?? DateTimeOffset.UnixEpoch;
        if (current >= limit)
        {
            return new ExhaustionView(series.Id, series.Service, series.Metric, current, limit, slope, now, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, "exhausted");
        }

        var crossing = LinearTrend.TimeToThreshold(points, limit, horizon, Z95);
        return crossing is null
            ? new ExhaustionView(series.Id, series.Service, series.Metric, current, limit, slope, null, null, null, null, "stable")
            : new ExhaustionView(series.Id, series.Service, series.Metric, current, limit, slope, now + crossing.ExpectedIn, crossing.ExpectedIn, crossing.Earliest, crossing.Latest, "rising");
    }

    private static double SlopePerHour((long T, double V)[] points)
    {
        if (points.Length < 2)
        {
            return 0;
        }

        double meanT = points.Average(p => (double)p.T), meanV = points.Average(p => p.V), sxy = 0, sxx = 0;
        foreach (var (t, v) in points)
        {
            sxy += (t - meanT) * (v - meanV);
            sxx += (t - meanT) * (t - meanT);
        }

        return sxx == 0 ? 0 : Math.Round(sxy / sxx * 3_600_000, 9);
    }
}
