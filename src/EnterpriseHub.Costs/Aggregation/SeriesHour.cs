namespace EnterpriseHub.Costs.Aggregation;

/// <summary>
/// One gauge series' samples in the hour it is in: their sum, count and peak. A resource held by several series (a
/// service's pods, each reporting its own level) holds the sum of their levels, not the mean of all their samples,
/// so each series' contribution to its hour is tracked here and the bucket keeps the sum of the contributions.
/// Samples of a series arrive in time order (older ones are dropped), so a new hour closes the previous one for good.
/// </summary>
public sealed class SeriesHour
{
    /// <summary>The hour (unix hours) the figures are of.</summary>
    public long Hour { get; set; } = long.MinValue;

    /// <summary>Sum of the series' samples in the hour.</summary>
    public double Sum { get; set; }

    /// <summary>The series' samples in the hour.</summary>
    public int Count { get; set; }

    /// <summary>The largest of them.</summary>
    public double Peak { get; set; }

    /// <summary>Adds a sample of <paramref name="hour"/>; returns how much the series' mean and peak in that hour
    /// changed (from zero when the sample opens the hour).</summary>
    public (double MeanDelta, double PeakDelta) Add(long hour, double value)
    {
        if (hour != Hour)
        {
            Hour = hour;
            Sum = 0;
            Count = 0;
            Peak = 0;
        }

        var mean = Count == 0 ? 0 : Sum / Count;
        var peak = Count == 0 ? 0 : Peak;
        Sum += value;
        Count++;
        Peak = Math.Max(peak, value);
        return ((Sum / Count) - mean, Peak - peak);
    }
}
