using EnterpriseHub.Costs.Pricing;

namespace EnterpriseHub.Costs.Aggregation;

/// <summary>Hourly buckets of one resource of one service, oldest first, kept for <see cref="RetentionHours"/>.</summary>
public sealed class ResourceLedger
{
    /// <summary>60 days and a spare day: the longest commitment simulation window.</summary>
    public const int RetentionHours = (61 * 24);

    /// <summary>The buckets, oldest first.</summary>
    public List<HourBucket> Hours { get; set; } = [];

    /// <summary>Adds a billed sample of <paramref name="value"/> (already converted to the resource's unit); for a
    /// gauge, <paramref name="series"/> is where its series stands in the hour.</summary>
    public void AddBilled(long hour, double value, SeriesHour? series = null)
    {
        var bucket = At(hour);
        bucket.Peak = bucket.Count == 0 ? value : Math.Max(bucket.Peak, value);
        bucket.Sum += value;
        bucket.Count++;
        if (series is not null)
        {
            bucket.Level += series.Add(hour, value).MeanDelta;
        }
    }

    /// <summary>Adds a used sample; for a gauge, <paramref name="series"/> is where its series stands in the hour.</summary>
    public void AddUsed(long hour, double value, SeriesHour? series = null)
    {
        var bucket = At(hour);
        bucket.UsedPeak = bucket.UsedCount == 0 ? value : Math.Max(bucket.UsedPeak, value);
        bucket.UsedSum += value;
        bucket.UsedCount++;
        if (series is not null)
        {
            bucket.UsedLevel += series.Add(hour, value).PeakDelta;
        }
    }

    /// <summary>The bucket of <paramref name="hour"/>, or null.</summary>
    public HourBucket? Find(long hour)
    {
        for (var i = Hours.Count - 1; i >= 0; i--)
        {
            if (Hours[i].Hour == hour)
            {
                return Hours[i];
            }

            if (Hours[i].Hour < hour)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>Buckets with <c>from &lt;= Hour &lt; to</c>, oldest first.</summary>
    public IEnumerable<HourBucket> Between(long from, long to)
    {
        foreach (var bucket in Hours)
        {
            if (bucket.Hour >= from && bucket.Hour < to)
            {
                yield return bucket;
            }
        }
    }

    /// <summary>Drops buckets older than the retention before <paramref name="latestHour"/>.</summary>
    public void Trim(long latestHour)
    {
        var oldest = latestHour - RetentionHours;
        var drop = 0;
        while (drop < Hours.Count && Hours[drop].Hour < oldest)
        {
            drop++;
        }

        Hours.RemoveRange(0, drop);
    }

    private HourBucket At(long hour)
    {
        // Samples arrive almost in order, so the bucket is the last one or near it.
        var i = Hours.Count;
        while (i > 0 && Hours[i - 1].Hour > hour)
        {
            i--;
        }

        if (i > 0 && Hours[i - 1].Hour == hour)
        {
            return Hours[i - 1];
        }

        var bucket = new HourBucket { Hour = hour };
        Hours.Insert(i, bucket);
        return bucket;
    }
}
