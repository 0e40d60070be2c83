namespace EnterpriseHub.Costs.Recommendations;

/// <summary>An idle verdict.</summary>
/// <param name="IsIdle">Enough of the window was observed and every observed hour stayed at or below the threshold.</param>
/// <param name="MaxUtilisationPercent">The largest hourly peak utilisation observed (percent).</param>
/// <param name="Coverage">Share of the window's hours with data.</param>
public sealed record IdleResult(bool IsIdle, double MaxUtilisationPercent, double Coverage);

/// <summary>
/// Idle resources: the peak CPU utilisation of every hour of the window (14 days by default) is at or below a
/// threshold (1% by default), and at least <see cref="DefaultMinCoverage"/> of the window's hours were observed, so a
/// resource is not called idle on the strength of a few samples.
/// </summary>
public static class IdleDetection
{
    /// <summary>Default window: 14 days.</summary>
    public const int DefaultWindowDays = 14;

    /// <summary>Default threshold: 1% CPU.</summary>
    public const double DefaultMaxPercent = 1.0;

    /// <summary>Default share of the window that must have data.</summary>
    public const double DefaultMinCoverage = 0.9;

    /// <summary>Evaluates hourly peak utilisation percentages over a window of <paramref name="windowHours"/>.</summary>
    public static IdleResult Evaluate(IReadOnlyList<double> hourlyPeakPercent, int windowHours, double maxPercent = DefaultMaxPercent, double minCoverage = DefaultMinCoverage)
    {
        ArgumentNullException.ThrowIfNull(hourlyPeakPercent);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowHours, 1);
        var coverage = Math.Min(1.0, hourlyPeakPercent.Count / (double)windowHours);
        var max = hourlyPeakPercent.Count == 0 ? double.NaN : hourlyPeakPercent.Max();
        return new IdleResult(hourlyPeakPercent.Count > 0 && coverage >= minCoverage && max <= maxPercent, max, coverage);
    }
}
