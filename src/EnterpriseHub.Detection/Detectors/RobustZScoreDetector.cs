using EnterpriseHub.Detection.Baselines;

namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// Robust z-score of each sample against the rolling median, scaled by the rolling MAD
/// (Hampel identifier; Rousseeuw and Croux, 1993).
/// </summary>
/// <remarks>
/// Quantised or mostly constant metrics (CPU percentages, counters) often have a MAD of zero even though
/// they move; the scale is therefore floored by the mean absolute successive difference, which estimates
/// sigma as MASD / (2 / sqrt(pi)) for white noise and is only zero for a truly constant series. A tiny
/// relative floor keeps the ratio finite on constant series, where any change is, rightly, extreme.
/// </remarks>
public sealed class RobustZScoreDetector
{
    private const double MasdToSigma = 0.886226925452758; // sqrt(pi) / 2
    private readonly RollingMedianMad _window;
    private readonly double _masdAlpha;
    private double _masd;
    private double _last;
    private long _count;

    /// <summary>Creates a detector over a rolling window of <paramref name="window"/> samples.</summary>
    public RobustZScoreDetector(int window = 32, double masdAlpha = 0.01)
        : this(new RollingMedianMad(window), masdAlpha)
    {
    }

    private RobustZScoreDetector(RollingMedianMad window, double masdAlpha)
    {
        _window = window;
        _masdAlpha = masdAlpha;
    }

    /// <summary>Samples seen.</summary>
    public long Count => _count;

    /// <summary>Rolling median (the expected value).</summary>
    public double Median => _window.Median;

    /// <summary>Median of the newest <paramref name="newest"/> samples of the window.</summary>
    public double RecentMedian(int newest) => _window.RecentMedian(newest);

    /// <summary>Robust scale: max(1.4826 MAD, half the MASD-based sigma, a relative floor).</summary>
    public double Scale
    {
        get
        {
            var median = _window.Median;
            // Rounding at the values' magnitude, only so that a constant series does not divide by zero.
            var floor = 1e-13 * Math.Max(Math.Abs(median), 1e-3);
            return Math.Max(Math.Max(_window.Scale, 0.5 * _masd * MasdToSigma), floor);
        }
    }

    /// <summary>Signed robust z-score of <paramref name="value"/> against the current window (0 before any sample).</summary>
    public double ZScore(double value) => _count == 0 ? 0 : (value - _window.Median) / Scale;

    /// <summary>Adds one sample.</summary>
    public void Update(double value)
    {
        InputGuard.RequireFinite(value, nameof(value));
        if (_count > 0)
        {
            var a = Math.Max(_masdAlpha, 1.0 / _count);
            _masd += a * (Math.Abs(value - _last) - _masd);
        }

        _last = value;
        _count++;
        _window.Update(value);
    }

    /// <summary>Captures the state.</summary>
    public RobustZScoreState Snapshot() => new()
    {
        Window = _window.Snapshot(),
        MasdAlpha = _masdAlpha,
        Masd = _masd,
        Last = _last,
        Count = _count,
    };

    /// <summary>Recreates a detector from a snapshot.</summary>
    public static RobustZScoreDetector Restore(RobustZScoreState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new RobustZScoreDetector(RollingMedianMad.Restore(state.Window), state.MasdAlpha)
        {
            _masd = state.Masd,
            _last = state.Last,
            _count = state.Count,
        };
    }
}

/// <summary>Serializable state of a <see cref="RobustZScoreDetector"/>.</summary>
public sealed class RobustZScoreState
{
    /// <summary>Rolling window.</summary>
    public RollingWindowState Window { get; init; } = new();

    /// <summary>MASD smoothing.</summary>
    public double MasdAlpha { get; init; }

    /// <summary>Mean absolute successive difference.</summary>
    public double Masd { get; init; }

    /// <summary>Previous sample.</summary>
    public double Last { get; init; }

    /// <summary>Samples seen.</summary>
    public long Count { get; init; }
}
