using System.Collections.Concurrent;
using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>
/// The newest bucket counts of each cumulative explicit-bucket histogram a silo has decoded, so that its quantiles are
/// those of the interval since the previous point (as Prometheus' <c>histogram_quantile(rate(..._bucket[5m]))</c>)
/// rather than of the histogram's whole life. Thread-safe; at most <see cref="Capacity"/> series, after which it
/// starts empty (each series' next point is then a base again).
/// </summary>
internal sealed class CumulativeHistograms
{
    /// <summary>Series remembered at most.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<SeriesKey, Counts> _previous = new();

    /// <summary>
    /// Replaces the counts of <paramref name="buckets"/>, a cumulative point's (whose bounds are
    /// <paramref name="bounds"/>), by their increase since the series' previous point and returns true; false, keeping
    /// the counts as the series' base, when there is no previous point with the same bounds and counts no higher (the
    /// first point, a restarted process, or changed bounds).
    /// </summary>
    public bool ToIncrease(SeriesKey series, IReadOnlyList<double> bounds, List<QuantileEstimator.Bucket> buckets)
    {
        var current = new Counts([.. bounds], [.. buckets.Select(b => b.Count)]);
        if (_previous.Count >= Capacity)
        {
            _previous.Clear();
        }

        var found = _previous.TryGetValue(series, out var previous);
        _previous[series] = current;
        if (!found || !previous!.Bounds.AsSpan().SequenceEqual(current.Bounds) || previous.Buckets.Length != current.Buckets.Length)
        {
            return false;
        }

        for (var i = 0; i < current.Buckets.Length; i++)
        {
            if (current.Buckets[i] < previous.Buckets[i])
            {
                return false;
            }
        }

        for (var i = 0; i < buckets.Count; i++)
        {
            buckets[i] = buckets[i] with { Count = current.Buckets[i] - previous.Buckets[i] };
        }

        return true;
    }

    private sealed record Counts(double[] Bounds, double[] Buckets);
}
