using EnterpriseHub.Detection.Baselines;

namespace EnterpriseHub.Detection.Forecasting;

/// <summary>
/// The level smoothing that suits a series without a season, estimated from the autocorrelation of its first
/// differences.
/// </summary>
/// <remarks>
/// Simple exponential smoothing with factor alpha is the optimal forecast of the local-level model, whose first
/// differences are the moving average x_t - x_(t-1) = e_t - theta e_(t-1) with theta = 1 - alpha (Muth 1960; Box and
/// Jenkins, ARIMA(0,1,1)). That moving average has lag-1 autocorrelation r = -theta / (1 + theta^2), so
/// theta = (-1 + sqrt(1 - 4 r^2)) / (2 r) follows from r by the method of moments. A random walk (r = 0) gets alpha = 1,
/// the last value; noise around a steady level or trend (r = -0.5) gets the least. r is estimated from exponentially
/// weighted moments of the differences of consecutive samples, each clipped at three deviations once the moments have
/// settled; a gap starts the differences afresh.
/// </remarks>
public sealed class LocalLevelEstimator
{
    /// <summary>Pairs of consecutive differences before the estimate is used.</summary>
    public const int Warmup = 30;

    // Memory of the moments, in differences.
    private const int Memory = 500;

    private double _last;
    private double _lastDifference;
    private bool _hasDifference;
    private double _mean;
    private double _variance;
    private double _covariance;
    private long _pairs;
    private bool _started;

    /// <summary>Consecutive difference pairs seen.</summary>
    public long Pairs => _pairs;

    /// <summary>Lag-1 autocorrelation of the first differences (0 until there is any spread).</summary>
    public double Autocorrelation => _variance > 0 ? Math.Clamp(_covariance / _variance, -1, 1) : 0;

    /// <summary>Adds a sample that came <paramref name="elapsed"/> steps after the previous one.</summary>
    public void Update(double value, int elapsed)
    {
        InputGuard.RequireFinite(value, nameof(value));
        if (!_started || elapsed != 1)
        {
            _started = true;
            _last = value;
            _hasDifference = false;
            return;
        }

        var difference = value - _last;
        _last = value;
        if (_pairs >= Warmup && _variance > 0)
        {
            // One step or spike is one or two huge differences, which would swamp the moments; clipped, as the
            // forecaster's own errors are (SeasonalBaseline.OutlierBound), it counts as a large move, not as all of them.
            var bound = SeasonalBaseline.OutlierBound * Math.Sqrt(_variance);
            difference = Math.Clamp(difference, _mean - bound, _mean + bound);
        }

        if (_hasDifference)
        {
            _pairs++;
            var a = Math.Max(1.0 / _pairs, 1.0 / Memory);
            var previousMean = _mean;
            _mean += a * (difference - _mean);
            _variance += a * ((difference - previousMean) * (difference - _mean) - _variance);
            _covariance += a * ((difference - _mean) * (_lastDifference - _mean) - _covariance);
        }

        _lastDifference = difference;
        _hasDifference = true;
    }

    /// <summary>
    /// The smoothing factor of the local-level model that fits the differences, at least <paramref name="floor"/>;
    /// <paramref name="floor"/> itself until <see cref="Warmup"/> pairs have been seen.
    /// </summary>
    public double Alpha(double floor)
    {
        if (_pairs < Warmup)
        {
            return floor;
        }

        var r = Autocorrelation;
        if (r >= 0)
        {
            return 1;
        }

        if (r <= -0.5)
        {
            return floor;
        }

        var theta = (-1 + Math.Sqrt(1 - 4 * r * r)) / (2 * r);
        return Math.Clamp(1 - theta, floor, 1);
    }

    /// <summary>Captures the state.</summary>
    public LocalLevelState Snapshot() => new()
    {
        Last = _last,
        LastDifference = _lastDifference,
        HasDifference = _hasDifference,
        Mean = _mean,
        Variance = _variance,
        Covariance = _covariance,
        Pairs = _pairs,
        Started = _started,
    };

    /// <summary>Recreates an estimator from a snapshot.</summary>
    public static LocalLevelEstimator Restore(LocalLevelState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new LocalLevelEstimator
        {
            _last = state.Last,
            _lastDifference = state.LastDifference,
            _hasDifference = state.HasDifference,
            _mean = state.Mean,
            _variance = state.Variance,
            _covariance = state.Covariance,
            _pairs = state.Pairs,
            _started = state.Started,
        };
    }
}

/// <summary>Serializable state of a <see cref="LocalLevelEstimator"/>.</summary>
public sealed class LocalLevelState
{
    /// <summary>The previous sample.</summary>
    public double Last { get; init; }

    /// <summary>The previous difference.</summary>
    public double LastDifference { get; init; }

    /// <summary>Whether <see cref="LastDifference"/> joins the two samples before (false at the start and after a gap).</summary>
    public bool HasDifference { get; init; }

    /// <summary>Smoothed mean of the differences.</summary>
    public double Mean { get; init; }

    /// <summary>Smoothed variance of the differences.</summary>
    public double Variance { get; init; }

    /// <summary>Smoothed lag-1 covariance of the differences.</summary>
    public double Covariance { get; init; }

    /// <summary>Consecutive difference pairs seen.</summary>
    public long Pairs { get; init; }

    /// <summary>Whether a sample has been seen.</summary>
    public bool Started { get; init; }
}
