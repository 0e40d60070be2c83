namespace EnterpriseHub.Costs.Pricing;

/// <summary>How the samples of a usage metric become an hour's quantity.</summary>
public enum UsageAggregation
{
    /// <summary>Each sample is the level held at that moment; an hour's unit-hours are the mean of its samples
    /// (agents sample at a regular interval, so the mean is the time-weighted level).</summary>
    Gauge,

    /// <summary>Each sample is the amount consumed since the series' previous sample; an hour's quantity is the sum
    /// of the increments whose timestamp falls in it.</summary>
    Increment,

    /// <summary>Each sample is a cumulative counter; the increment is the difference to the previous sample, or the
    /// value itself after a reset (as Prometheus' <c>increase</c> treats a drop). The first sample only sets the base.</summary>
    Counter,
}
