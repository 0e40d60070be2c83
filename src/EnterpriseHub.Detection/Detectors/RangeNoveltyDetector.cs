namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// Spatial (range) novelty: how far a value lies beyond everything the series has shown so far, relative to
/// the range it has shown.
/// </summary>
/// <remarks>
/// This is the "spatial anomaly" check that Numenta's NAB detector adds to HTM (Ahmad et al., "Unsupervised
/// real-time anomaly detection for streaming data", Neurocomputing 2017): a value outside the historical
/// minimum/maximum is anomalous however well it is predicted. Its score is
/// 1 - exp(-e / e0) with e = (x - max) / (max - min) above the range (symmetrically below), so it is 0 inside
/// the range and approaches 1 for values far outside. It is self-suppressing: once a new extreme is reached,
/// values like it are no longer novel, which is what keeps an ongoing incident from scoring on every sample.
/// On NAB this single check is the strongest component: most labelled anomalies are the first excursion of a
/// series beyond its past range, and it almost never fires on stationary noise once the range has been seen.
/// </remarks>
public sealed class RangeNoveltyDetector
{
    private readonly double _scale;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Creates a detector; an excursion of <paramref name="scale"/> times the range scores 1 - 1/e.</summary>
    public RangeNoveltyDetector(double scale = 0.01)
    {
        if (!(scale > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Range novelty scale must be positive.");
        }

        _scale = scale;
    }

    /// <summary>Smallest value seen.</summary>
    public double Min => _min;

    /// <summary>Largest value seen.</summary>
    public double Max => _max;

    /// <summary>
    /// Scores <paramref name="value"/> against the range seen so far, then extends the range. The excursion is
    /// measured in units of <c>scale</c> times the range, or of <paramref name="noiseScale"/> when that is larger:
    /// a new record by a fraction of the noise is what noise does (records of i.i.d. noise keep appearing at
    /// rate 1/n, each only slightly beyond the last), not an anomaly.
    /// </summary>
    public double Update(double value, double noiseScale = 0)
    {
        InputGuard.RequireFinite(value, nameof(value));
        double score = 0;
        if (_max >= _min)
        {
            // A constant history has no range; any departure from it is then maximally novel.
            var range = Math.Max(_max - _min, 1e-9 * Math.Max(Math.Abs(_max), Math.Abs(_min)) + 1e-12);
            var unit = Math.Max(_scale * range, noiseScale);
            var excess = value > _max ? value - _max : value < _min ? _min - value : 0;
            score = excess > 0 ? 1 - Math.Exp(-excess / unit) : 0;
        }

        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        return score;
    }

    /// <summary>Captures the state.</summary>
    public RangeNoveltyState Snapshot() => new() { Scale = _scale, Min = _min, Max = _max };

    /// <summary>Recreates a detector from a snapshot.</summary>
    public static RangeNoveltyDetector Restore(RangeNoveltyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new RangeNoveltyDetector(state.Scale) { _min = state.Min, _max = state.Max };
    }
}

/// <summary>Serializable state of a <see cref="RangeNoveltyDetector"/>.</summary>
public sealed class RangeNoveltyState
{
    /// <summary>Excursion scale relative to the range.</summary>
    public double Scale { get; init; }

    /// <summary>Smallest value seen (+Infinity before any sample).</summary>
    public double Min { get; init; }

    /// <summary>Largest value seen (-Infinity before any sample).</summary>
    public double Max { get; init; }
}
