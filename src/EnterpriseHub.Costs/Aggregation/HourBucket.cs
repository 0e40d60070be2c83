using EnterpriseHub.Costs.Pricing;

namespace EnterpriseHub.Costs.Aggregation;

/// <summary>One hour of one resource: the billed samples' sum, count and peak, the used samples' peak and sum, and
/// the repeated share of per-unit usage. Compact (a handful of numbers) and exact to re-aggregate.</summary>
public sealed class HourBucket
{
    /// <summary>Unix time in whole hours (ms / 3,600,000) of the hour's start.</summary>
    public long Hour { get; set; }

    /// <summary>Sum of billed sample values (levels for gauges, increments otherwise).</summary>
    public double Sum { get; set; }

    /// <summary>Billed samples.</summary>
    public int Count { get; set; }

    /// <summary>Largest billed sample.</summary>
    public double Peak { get; set; }

    /// <summary>Largest used sample.</summary>
    public double UsedPeak { get; set; }

    /// <summary>Sum of used samples (for per-unit resources, the repeated share).</summary>
    public double UsedSum { get; set; }

    /// <summary>Used samples.</summary>
    public int UsedCount { get; set; }

    /// <summary>Gauges: the sum over billed series of each one's mean level in the hour (see <see cref="SeriesHour"/>).</summary>
    public double Level { get; set; }

    /// <summary>Gauges: the sum over used series of each one's peak in the hour.</summary>
    public double UsedLevel { get; set; }

    /// <summary>The hour's billed quantity: unit-hours for gauges (the summed mean levels of the series that hold
    /// the resource), the sum of increments otherwise.</summary>
    public double Quantity(UsageAggregation aggregation) =>
        aggregation != UsageAggregation.Gauge ? Sum
        : Count == 0 ? 0
        // Buckets filled without series figures (older state) have only the mean of all samples.
        : Level > 0 ? Level : Sum / Count;

    /// <summary>The hour's peak use of a gauge resource: the summed peaks of its used series.</summary>
    public double UsedPeakLevel => UsedLevel > 0 ? UsedLevel : UsedPeak;
}
