namespace EnterpriseHub.Grains.Monitoring;

/// <summary>When a trend reaches a threshold: the expected time and an interval, all from the evaluation time.</summary>
/// <param name="ExpectedIn">Point estimate.</param>
/// <param name="Earliest">Lower end of the interval.</param>
/// <param name="Latest">Upper end; null when the slope could be zero at the interval's confidence.</param>
/// <param name="ProbabilityWithin">Probability that the crossing happens within the horizon asked about.</param>
public sealed record TrendCrossing(TimeSpan ExpectedIn, TimeSpan Earliest, TimeSpan? Latest, double ProbabilityWithin);

/// <summary>
/// Time to threshold from an ordinary least-squares line over the latest samples, as Prometheus'
/// <c>predict_linear</c> does, with the slope's standard error giving the interval. The fit is trusted only when
/// the window is one regime: the slopes of its two halves must agree (within 35%), so a window that straddles the
/// start of a ramp waits until the ramp fills it rather than underestimating the rate; and the slope must be
/// significant, so noise on a flat series predicts nothing.
/// </summary>
public static class LinearTrend
{
    /// <summary>How far the halves' slopes may differ, relative to the whole window's slope.</summary>
    public const double MaxHalfSlopeDisagreement = 0.35;

    /// <summary>The slope must be this many standard errors above zero: noise on a flat series gives |t| above 4
    /// in well under 0.1% of 20-point windows.</summary>
    public const double MinSlopeTStatistic = 4;

    /// <summary>The crossing of <paramref name="threshold"/> (upwards) predicted from the points, or null when the
    /// series is not rising steadily. Timestamps in ms, oldest first; at least 6 points.</summary>
    public static TrendCrossing? TimeToThreshold(ReadOnlySpan<(long TimestampMs, double Value)> points, double threshold, TimeSpan horizon, double z)
    {
        if (points.Length < 6)
        {
            return null;
        }

        var whole = Fit(points);
        var half = points.Length / 2;
        var early = Fit(points[..half]);
        var late = Fit(points[half..]);
        if (whole.Slope <= 0
            || whole.Slope < MinSlopeTStatistic * whole.SlopeError
            || Math.Abs(early.Slope - late.Slope) > MaxHalfSlopeDisagreement * whole.Slope)
        {
            return null;
        }

        var now = points[^1].TimestampMs;
        var level = whole.Intercept + (whole.Slope * (now - whole.MeanTime));
        var gap = threshold - level;
        if (gap <= 0)
        {
            return null;
        }

        var expected = gap / whole.Slope;
        var fast = whole.Slope + (z * whole.SlopeError);
        var slow = whole.Slope - (z * whole.SlopeError);
        var needed = gap / horizon.TotalMilliseconds;
        var probability = whole.SlopeError <= 0 ? (whole.Slope >= needed ? 1 : 0) : NormalCdf((whole.Slope - needed) / whole.SlopeError);
        return new TrendCrossing(
            TimeSpan.FromMilliseconds(expected),
            TimeSpan.FromMilliseconds(gap / fast),
            slow > 0 ? TimeSpan.FromMilliseconds(gap / slow) : null,
            probability);
    }

    private static (double Slope, double Intercept, double MeanTime, double SlopeError) Fit(ReadOnlySpan<(long TimestampMs, double Value)> points)
    {
        // Centre time on its mean so the sums stay well conditioned with epoch-millisecond timestamps.
        double meanT = 0, meanV = 0;
        foreach (var (t, v) in points)
        {
            meanT += t;
            meanV += v;
        }

        meanT /= points.Length;
        meanV /= points.Length;
        double sxx = 0, sxy = 0;
        foreach (var (t, v) in points)
        {
            var dt = t - meanT;
            sxx += dt * dt;
            sxy += dt * (v - meanV);
        }

        if (sxx <= 0)
        {
            return (0, meanV, meanT, 0);
        }

        var slope = sxy / sxx;
        double residuals = 0;
        foreach (var (t, v) in points)
        {
            var e = v - (meanV + (slope * (t - meanT)));
            residuals += e * e;
        }

        var error = points.Length > 2 ? Math.Sqrt(residuals / (points.Length - 2) / sxx) : 0;
        return (slope, meanV, meanT, error);
    }

    /// <summary>Standard normal CDF (Abramowitz and Stegun 7.1.26 for erf, absolute error below 1.5e-7).</summary>
    public static double NormalCdf(double x)
    {
        var t = 1 / (1 + (0.3275911 * Math.Abs(x) / Math.Sqrt(2)));
        var erf = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-(x * x) / 2);
        return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }
}
