using EnterpriseHub.Detection.Forecasting;

namespace EnterpriseHub.Detection.Evaluation;

/// <summary>
/// How well a <see cref="SeasonalForecaster"/> fed one row at a time forecasts the rows that follow: per horizon, the
/// share of actual values inside the prediction intervals of each confidence, and the mean absolute error relative to
/// that of the naive forecast (the last value seen), so that below 1 means better than repeating the last value.
/// </summary>
/// <remarks>
/// A forecast h steps ahead is compared with the row whose timestamp is within half a sampling interval of the
/// forecast's own timestamp (the last sample's time plus h learned intervals), so irregular sampling and gaps compare
/// like with like; a forecast that falls into a gap is not counted. Counts of several series add up with
/// <see cref="Add"/>; relative errors average with <see cref="GeometricMeanRelativeError"/>.
/// </remarks>
public sealed class ForecastAccuracy
{
    private readonly int[] _horizons;
    private readonly double[] _confidences;
    private readonly long[] _forecasts;
    private readonly long[,] _covered;
    private readonly double[] _absoluteError;
    private readonly double[] _naiveAbsoluteError;

    /// <summary>Creates an empty tally for the given horizons (steps ahead) and interval confidences.</summary>
    public ForecastAccuracy(IReadOnlyList<int> horizons, IReadOnlyList<double> confidences)
    {
        ArgumentNullException.ThrowIfNull(horizons);
        ArgumentNullException.ThrowIfNull(confidences);
        if (horizons.Count == 0 || horizons.Any(h => h < 1))
        {
            throw new ArgumentException("Horizons must be at least one step, and there must be one.", nameof(horizons));
        }

        if (confidences.Any(c => !(c > 0 && c < 1)))
        {
            throw new ArgumentException("Confidences must lie strictly between 0 and 1.", nameof(confidences));
        }

        _horizons = [.. horizons];
        _confidences = [.. confidences];
        _forecasts = new long[_horizons.Length];
        _covered = new long[_horizons.Length, _confidences.Length];
        _absoluteError = new double[_horizons.Length];
        _naiveAbsoluteError = new double[_horizons.Length];
    }

    /// <summary>Horizons in steps ahead.</summary>
    public IReadOnlyList<int> Horizons => _horizons;

    /// <summary>Interval confidences.</summary>
    public IReadOnlyList<double> Confidences => _confidences;

    /// <summary>Forecasts compared at the horizon with index <paramref name="horizon"/>.</summary>
    public long Forecasts(int horizon) => _forecasts[horizon];

    /// <summary>Share of actual values inside the interval of confidence index <paramref name="confidence"/>.</summary>
    public double Coverage(int horizon, int confidence) =>
        _forecasts[horizon] == 0 ? double.NaN : (double)_covered[horizon, confidence] / _forecasts[horizon];

    /// <summary>Mean absolute error of the point forecasts.</summary>
    public double MeanAbsoluteError(int horizon) =>
        _forecasts[horizon] == 0 ? double.NaN : _absoluteError[horizon] / _forecasts[horizon];

    /// <summary>Mean absolute error over that of the last value seen; NaN when the naive forecast made no error.</summary>
    public double RelativeError(int horizon) =>
        _naiveAbsoluteError[horizon] > 0 ? _absoluteError[horizon] / _naiveAbsoluteError[horizon] : double.NaN;

    /// <summary>
    /// Feeds a fresh forecaster the series row by row and, from row <paramref name="warmup"/> on, at every
    /// <paramref name="stride"/>-th row, forecasts the longest horizon and scores each horizon against the row due then.
    /// </summary>
    public void Measure(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, int warmup, int stride)
    {
        if (timestampsMs.Length != values.Length)
        {
            throw new ArgumentException("Timestamps and values must have the same length.", nameof(values));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var forecaster = new SeasonalForecaster();
        var longest = _horizons.Max();
        var intervals = new IReadOnlyList<ForecastPoint>[_confidences.Length];
        for (var i = 0; i < values.Length; i++)
        {
            forecaster.Update(timestampsMs[i], values[i]);
            if (i < warmup || (i - warmup) % stride != 0)
            {
                continue;
            }

            for (var c = 0; c < _confidences.Length; c++)
            {
                intervals[c] = forecaster.Forecast(longest, _confidences[c]);
            }

            // The forecaster's learned sampling interval: its first step is one interval after the last sample.
            var points = intervals.Length > 0 ? intervals[0] : forecaster.Forecast(longest);
            var tolerance = (points[0].Timestamp.ToUnixTimeMilliseconds() - timestampsMs[i]) / 2.0;
            for (var k = 0; k < _horizons.Length; k++)
            {
                var h = _horizons[k] - 1;
                var row = RowAt(timestampsMs, i + 1, points[h].Timestamp.ToUnixTimeMilliseconds(), tolerance);
                if (row < 0)
                {
                    continue;
                }

                var actual = values[row];
                _forecasts[k]++;
                _absoluteError[k] += Math.Abs(points[h].Value - actual);
                _naiveAbsoluteError[k] += Math.Abs(values[i] - actual);
                for (var c = 0; c < _confidences.Length; c++)
                {
                    if (actual >= intervals[c][h].Lower && actual <= intervals[c][h].Upper)
                    {
                        _covered[k, c]++;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Smallest relative error a series contributes to <see cref="GeometricMeanRelativeError"/>: a forecast a hundred
    /// times better than repeating the last value is as good as the mean can tell. A series forecast exactly (a
    /// noiseless periodic one) has a ratio of 1e-9 or so, whose logarithm would otherwise outweigh every other series.
    /// </summary>
    public const double RatioFloor = 0.01;

    /// <summary>
    /// The geometric mean over series of <see cref="RelativeError"/> at the horizon with index <paramref name="horizon"/>,
    /// each at least <see cref="RatioFloor"/> (series whose ratio is undefined or 0 left out; NaN when none is left).
    /// Relative errors are averaged geometrically because they are ratios, and per series because summed absolute
    /// errors would be those of the largest-valued series.
    /// </summary>
    public static double GeometricMeanRelativeError(IEnumerable<ForecastAccuracy> series, int horizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        double logSum = 0;
        var count = 0;
        foreach (var s in series)
        {
            var ratio = s.RelativeError(horizon);
            if (ratio > 0)
            {
                logSum += Math.Log(Math.Max(ratio, RatioFloor));
                count++;
            }
        }

        return count == 0 ? double.NaN : Math.Exp(logSum / count);
    }

    /// <summary>Adds another tally of the same horizons and confidences (another series).</summary>
    public void Add(ForecastAccuracy other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!_horizons.AsSpan().SequenceEqual(other._horizons) || !_confidences.AsSpan().SequenceEqual(other._confidences))
        {
            throw new ArgumentException("Only tallies of the same horizons and confidences add up.", nameof(other));
        }

        for (var k = 0; k < _horizons.Length; k++)
        {
            _forecasts[k] += other._forecasts[k];
            _absoluteError[k] += other._absoluteError[k];
            _naiveAbsoluteError[k] += other._naiveAbsoluteError[k];
            for (var c = 0; c < _confidences.Length; c++)
            {
                _covered[k, c] += other._covered[k, c];
            }
        }
    }

    /// <summary>The first row from <paramref name="from"/> on whose timestamp is within <paramref name="tolerance"/> ms
    /// of <paramref name="due"/>, or -1.</summary>
    private static int RowAt(ReadOnlySpan<long> timestampsMs, int from, long due, double tolerance)
    {
        // Timestamps ascend in the files measured; a binary search finds the first row not before the window.
        var lo = from;
        var hi = timestampsMs.Length;
        var start = due - tolerance;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (timestampsMs[mid] < start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo < timestampsMs.Length && timestampsMs[lo] <= due + tolerance ? lo : -1;
    }
}
