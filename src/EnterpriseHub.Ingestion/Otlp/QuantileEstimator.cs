namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>
/// Estimates quantiles from histogram buckets the way Prometheus' <c>histogram_quantile</c> does: find the bucket
/// holding rank <c>q·count</c> and interpolate linearly inside it. Bucket edges: the first explicit bucket starts at
/// the point's <c>min</c> if sent, else at 0 when its upper bound is positive (else at that bound); the overflow
/// bucket ends at <c>max</c> if sent, else at the last finite bound. Estimates are clamped to [min, max] when sent.
/// </summary>
internal static class QuantileEstimator
{
    /// <summary>The quantiles published for every histogram.</summary>
    public static readonly double[] HistogramQuantiles = [0.5, 0.9, 0.99];

    /// <summary>One bucket: values in (Lower, Upper], Count of them.</summary>
    public readonly record struct Bucket(double Lower, double Upper, double Count);

    /// <summary>The <paramref name="q"/>-quantile of ascending <paramref name="buckets"/>; NaN when they are empty.</summary>
    public static double Estimate(IReadOnlyList<Bucket> buckets, double q)
    {
        double total = 0;
        foreach (var bucket in buckets)
        {
            total += bucket.Count;
        }

        if (total <= 0)
        {
            return double.NaN;
        }

        var rank = q * total;
        double cumulative = 0;
        foreach (var bucket in buckets)
        {
            if (bucket.Count <= 0)
            {
                continue;
            }

            if (cumulative + bucket.Count >= rank)
            {
                return bucket.Lower + ((bucket.Upper - bucket.Lower) * (rank - cumulative) / bucket.Count);
            }

            cumulative += bucket.Count;
        }

        return double.NaN;
    }

    /// <summary>The buckets of an explicit-bounds histogram point, or false if its bucket counts do not fit its bounds
    /// (there must be one more count than bounds) or the bounds cannot give finite edges.</summary>
    public static bool TryExplicitBuckets(OtlpDataPoint point, List<Bucket> buckets)
    {
        buckets.Clear();
        var bounds = point.ExplicitBounds;
        var counts = point.BucketCounts;
        if (counts.Count != bounds.Count + 1)
        {
            return false;
        }

        for (var i = 1; i < bounds.Count; i++)
        {
            if (!(bounds[i] > bounds[i - 1]))
            {
                return false;
            }
        }

        if (bounds.Count == 0)
        {
            // One bucket, (-Inf, +Inf): only min and max can bound it.
            if (!point.HasMin || !point.HasMax)
            {
                return false;
            }

            buckets.Add(new Bucket(point.Min, point.Max, counts[0]));
            return true;
        }

        var first = point.HasMin ? Math.Min(point.Min, bounds[0]) : bounds[0] > 0 ? 0 : bounds[0];
        buckets.Add(new Bucket(first, bounds[0], counts[0]));
        for (var i = 1; i < bounds.Count; i++)
        {
            buckets.Add(new Bucket(bounds[i - 1], bounds[i], counts[i]));
        }

        var last = point.HasMax ? Math.Max(point.Max, bounds[^1]) : bounds[^1];
        buckets.Add(new Bucket(bounds[^1], last, counts[^1]));
        return true;
    }

    /// <summary>The buckets of an exponential histogram point, ascending: negative buckets, the zero bucket, positive
    /// buckets. Bucket <c>i</c> holds (base^i, base^(i+1)] with base = 2^(2^-scale) (metrics data model).</summary>
    public static void ExponentialBuckets(OtlpDataPoint point, List<Bucket> buckets) => ExponentialBuckets(
        point.Scale, point.ZeroThreshold, point.ZeroCount,
        point.PositiveOffset, point.PositiveCounts, point.NegativeOffset, point.NegativeCounts, buckets);

    /// <summary>The buckets of an exponential histogram at <paramref name="scale"/> with these counts, ascending.</summary>
    public static void ExponentialBuckets(
        int scale, double zeroThreshold, ulong zeroCount, int positiveOffset, IReadOnlyList<ulong> positive,
        int negativeOffset, IReadOnlyList<ulong> negative, List<Bucket> buckets)
    {
        buckets.Clear();
        for (var k = negative.Count - 1; k >= 0; k--)
        {
            var index = negativeOffset + k;
            buckets.Add(new Bucket(-Boundary(index + 1, scale), -Boundary(index, scale), negative[k]));
        }

        if (zeroCount > 0)
        {
            buckets.Add(new Bucket(-zeroThreshold, zeroThreshold, zeroCount));
        }

        for (var k = 0; k < positive.Count; k++)
        {
            var index = positiveOffset + k;
            buckets.Add(new Bucket(Boundary(index, scale), Boundary(index + 1, scale), positive[k]));
        }
    }

    /// <summary>Clamps an estimate to the point's min and max where sent.</summary>
    public static double Clamp(OtlpDataPoint point, double estimate)
    {
        if (point.HasMin && estimate < point.Min)
        {
            estimate = point.Min;
        }

        if (point.HasMax && estimate > point.Max)
        {
            estimate = point.Max;
        }

        return estimate;
    }

    private static double Boundary(int index, int scale) => Math.Pow(2, Math.ScaleB(index, -scale));
}
