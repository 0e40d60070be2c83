using System.Collections.Concurrent;
using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>
/// The newest bucket counts of each cumulative histogram (explicit-bucket or exponential) a silo has decoded, so that
/// its quantiles are those of the interval since the previous point (as Prometheus' <c>histogram_quantile(rate(..._bucket[5m]))</c>)
/// rather than of the histogram's whole life. Thread-safe; at most <see cref="Capacity"/> series, after which it
/// starts empty (each series' next point is then a base again).
/// </summary>
/// <remarks>
/// Each series keeps its key and its last counts: with the SDK's default explicit buckets (15 bounds) well under 1 KB;
/// an exponential series its counts as sent, up to 160 of each sign by the SDK's default (1.3 KB for one sign), so a
/// silo sent 100,000 exponential series of one sign holds up to about 200 MB here.
/// </remarks>
internal sealed class CumulativeHistograms
{
    /// <summary>Series remembered at most.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<SeriesKey, Counts> _previous = new();

    /// <summary>
    /// Replaces the counts of <paramref name="buckets"/>, the explicit buckets of a cumulative <paramref name="point"/>,
    /// by their increase since the series' previous point; empties them, keeping the point as the series' base, when
    /// there is no previous point with the same bounds and counts no higher (the first point, a restarted process, or
    /// changed bounds).
    /// </summary>
    public void ToExplicitIncrease(SeriesKey series, OtlpDataPoint point, List<QuantileEstimator.Bucket> buckets)
    {
        var current = new ExplicitCounts([.. point.ExplicitBounds], [.. point.BucketCounts]);
        if (Swap(series, current) is ExplicitCounts previous && previous.Bounds.AsSpan().SequenceEqual(current.Bounds)
            && Increase(0, previous.Counts, 0, current.Counts, 0, out var increase))
        {
            for (var i = 0; i < buckets.Count; i++)
            {
                buckets[i] = buckets[i] with { Count = increase[i] };
            }
        }
        else
        {
            buckets.Clear();
        }
    }

    /// <summary>
    /// Fills <paramref name="buckets"/> with the increase of an exponential histogram's cumulative <paramref name="point"/>
    /// since the series' previous point; leaves them empty, keeping the point as the series' base, when there is no
    /// previous point it can be compared with: the first point, a restarted process (a count below the last), a finer
    /// scale or another zero threshold. A coarser scale is how an SDK's cumulative histogram widens its range: the
    /// previous counts are merged into the new scale's buckets first (bucket i at scale s lies in bucket
    /// i &gt;&gt; (s - s') at scale s', the data model's downscaling).
    /// </summary>
    public void ToExponentialIncrease(SeriesKey series, OtlpDataPoint point, List<QuantileEstimator.Bucket> buckets)
    {
        buckets.Clear();
        var current = new ExponentialCounts(
            point.Scale, point.ZeroThreshold, point.ZeroCount,
            point.PositiveOffset, [.. point.PositiveCounts], point.NegativeOffset, [.. point.NegativeCounts]);
        if (Swap(series, current) is ExponentialCounts previous
            && previous.Scale >= current.Scale && previous.ZeroThreshold.Equals(current.ZeroThreshold)
            && previous.ZeroCount <= current.ZeroCount
            && Increase(previous.PositiveOffset, previous.Positive, current.PositiveOffset, current.Positive, previous.Scale - current.Scale, out var positive)
            && Increase(previous.NegativeOffset, previous.Negative, current.NegativeOffset, current.Negative, previous.Scale - current.Scale, out var negative))
        {
            QuantileEstimator.ExponentialBuckets(
                current.Scale, current.ZeroThreshold, current.ZeroCount - previous.ZeroCount,
                current.PositiveOffset, positive, current.NegativeOffset, negative, buckets);
        }
    }

    /// <summary>
    /// <paramref name="current"/> counts (bucket i is index <paramref name="offset"/> + i) less the
    /// <paramref name="previous"/> ones, merged into the current buckets from <paramref name="shift"/> scales finer (0
    /// for explicit buckets); false where a previous count has no bucket to go to or exceeds what is there.
    /// </summary>
    private static bool Increase(int previousOffset, ulong[] previous, int offset, ulong[] current, int shift, out ulong[] increase)
    {
        increase = (ulong[])current.Clone();
        for (var i = 0; i < previous.Length; i++)
        {
            if (previous[i] == 0)
            {
                continue;
            }

            // An arithmetic shift floors negative indices too, as downscaling does.
            var j = (((long)previousOffset + i) >> shift) - offset;
            if (j < 0 || j >= increase.Length || previous[i] > increase[j])
            {
                return false;
            }

            increase[j] -= previous[i];
        }

        return true;
    }

    /// <summary>Keeps <paramref name="current"/> as the series' newest counts and returns the ones it replaces.</summary>
    private Counts? Swap(SeriesKey series, Counts current)
    {
        if (_previous.Count >= Capacity)
        {
            _previous.Clear();
        }

        _previous.TryGetValue(series, out var previous);
        _previous[series] = current;
        return previous;
    }

    private abstract record Counts;

    private sealed record ExplicitCounts(double[] Bounds, ulong[] Counts) : Counts;

    private sealed record ExponentialCounts(
        int Scale, double ZeroThreshold, ulong ZeroCount, int PositiveOffset, ulong[] Positive, int NegativeOffset, ulong[] Negative) : Counts;
}
