namespace EnterpriseHub.Detection.Baselines;

/// <summary>
/// Exponentially weighted moving mean and variance, updated in O(1) per sample.
/// </summary>
/// <remarks>
/// Uses the incremental form of Finch (2009), "Incremental calculation of weighted mean and variance":
/// <c>d = x - m; m += a d; v = (1 - a)(v + a d^2)</c>. Until 1/a samples have been seen the weight is
/// 1/n instead of a, so early estimates are plain averages rather than biased towards the first sample.
/// </remarks>
public sealed class EwmaBaseline
{
    private readonly double _alpha;
    private double _mean;
    private double _variance;
    private long _count;

    /// <summary>Creates a baseline with smoothing factor <paramref name="alpha"/> in (0, 1].</summary>
    public EwmaBaseline(double alpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "EWMA smoothing factor must be in (0, 1].");
        }

        _alpha = alpha;
    }

    /// <summary>The smoothing factor.</summary>
    public double Alpha => _alpha;

    /// <summary>Current weighted mean.</summary>
    public double Mean => _mean;

    /// <summary>Current weighted variance.</summary>
    public double Variance => _variance;

    /// <summary>Square root of <see cref="Variance"/>.</summary>
    public double StandardDeviation => Math.Sqrt(_variance);

    /// <summary>Number of samples seen.</summary>
    public long Count => _count;

    /// <summary>Adds one sample.</summary>
    public void Update(double value)
    {
        InputGuard.RequireFinite(value, nameof(value));
        _count++;
        var a = _alpha;
        if (_count * a < 1.0)
        {
            a = 1.0 / _count;
        }

        var d = value - _mean;
        var inc = a * d;
        _mean += inc;
        _variance = (1.0 - a) * (_variance + d * inc);
    }

    /// <summary>Standardised distance of <paramref name="value"/> from the mean (0 while the variance is 0).</summary>
    public double ZScore(double value)
    {
        var sd = Math.Sqrt(_variance);
        return sd > 0 ? (value - _mean) / sd : 0.0;
    }

    /// <summary>Captures the state.</summary>
    public EwmaState Snapshot() => new() { Alpha = _alpha, Mean = _mean, Variance = _variance, Count = _count };

    /// <summary>Recreates a baseline from a snapshot.</summary>
    public static EwmaBaseline Restore(EwmaState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new EwmaBaseline(state.Alpha) { _mean = state.Mean, _variance = state.Variance, _count = state.Count };
    }
}

/// <summary>Serializable state of an <see cref="EwmaBaseline"/>.</summary>
public sealed class EwmaState
{
    /// <summary>Smoothing factor.</summary>
    public double Alpha { get; init; }

    /// <summary>Weighted mean.</summary>
    public double Mean { get; init; }

    /// <summary>Weighted variance.</summary>
    public double Variance { get; init; }

    /// <summary>Samples seen.</summary>
    public long Count { get; init; }
}
