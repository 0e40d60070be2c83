using EnterpriseHub.Detection.Baselines;
using EnterpriseHub.Detection.Detectors;

namespace EnterpriseHub.Detection.Ensemble;

/// <summary>Serializable, versioned state of an <see cref="AnomalyDetectorEnsemble"/>.</summary>
public sealed class DetectorSnapshot
{
    /// <summary>Snapshot format version.</summary>
    public int Version { get; init; }

    /// <summary>Options the ensemble was created with.</summary>
    public DetectorOptions Options { get; init; } = new();

    /// <summary>Rolling median and robust scale (the non-seasonal baseline).</summary>
    public RobustZScoreState Robust { get; init; } = new();

    /// <summary>Seasonal baseline.</summary>
    public SeasonalBaselineState Seasonal { get; init; } = new();

    /// <summary>Range novelty.</summary>
    public RangeNoveltyState Range { get; init; } = new();

    /// <summary>Rate of new extremes (calibrates range novelty).</summary>
    public NoveltyRateState Records { get; init; } = new();

    /// <summary>Extremes of the residuals against the expected value (residual records; absent before version 4).</summary>
    public RangeNoveltyState ResidualRange { get; init; } = new();

    /// <summary>Rate of new residual extremes (calibrates residual records).</summary>
    public NoveltyRateState ResidualRecords { get; init; } = new();

    /// <summary>Residual tail and exceedance clusters.</summary>
    public ResidualTailState Residual { get; init; } = new();

    /// <summary>Stuck-value detector.</summary>
    public FlatlineState Flatline { get; init; } = new();

    /// <summary>Contextual novelty.</summary>
    public ContextNoveltyState Context { get; init; } = new();

    /// <summary>Day-of-week departures from a daily expectation; null in snapshots written before it was kept.</summary>
    public WeeklyProfileState? Weekly { get; init; }

    /// <summary>The weekly expectation's level and errors (null in snapshots written before it: started afresh, with
    /// the profile kept).</summary>
    public WeeklyExpectationState? WeeklyExpectation { get; init; }

    /// <summary>Each day of the week's gain on the daily shape (null in snapshots written before it: none learned).</summary>
    public DayOfWeekGainState? DayGain { get; init; }

    /// <summary>Timestamp of the newest sample (Unix ms).</summary>
    public long LastTimestampMs { get; init; }

    /// <summary>Learned sampling interval (ms).</summary>
    public double IntervalMs { get; init; }

    /// <summary>Current step index.</summary>
    public long Step { get; init; }

    /// <summary>Samples seen.</summary>
    public long Samples { get; init; }

    /// <summary>Timestamp (Unix ms) of the clock's origin, from which the mean step duration is measured; null in
    /// snapshots written before it was kept (the origin then starts at the newest sample).</summary>
    public long? OriginMs { get; init; }

    /// <summary>Step of the clock's origin; null in snapshots written before it was kept.</summary>
    public long? OriginStep { get; init; }

    /// <summary>Sample count at the onset or last sustaining sample of the current episode (starts its refractory period).</summary>
    public long LastOnset { get; init; }

    /// <summary>Highest score reported in the current episode (its onset, or the sample that alerted).</summary>
    public double EpisodePeak { get; init; }

    /// <summary>Whether the current episode has alerted.</summary>
    public bool EpisodeAlerted { get; init; }

    /// <summary>Persistence hits of the last 16 samples (<see cref="DetectorOptions.MaxPersistenceWindow"/>), newest in
    /// bit 0 (0 in snapshots from before the rule; older snapshots kept 64, of which the newest 16 are read).</summary>
    public ulong Persistence { get; init; }

    /// <summary>Reports of novelty at the novelty pair level in the last 8 samples, newest in bit 0 (0 in snapshots
    /// from before the pair rule; older snapshots kept 64, of which the newest 8 are read).</summary>
    public ulong NoveltyPairs { get; init; }

    /// <summary>Mean absolute error of the rolling median, compared with the short median's (<see cref="ShortMedian"/>;
    /// 0 in snapshots from before the comparison, which starts afresh).</summary>
    public double ShortMedianLongError { get; init; }

    /// <summary>Mean absolute error of the median of the newest samples.</summary>
    public double ShortMedianShortError { get; init; }

    /// <summary>Samples the two medians have been compared on (up to <see cref="ShortMedian.Memory"/>).</summary>
    public int ShortMedianCompared { get; init; }

    /// <summary>Whether the series is judged by the short median.</summary>
    public bool ShortMedianInUse { get; init; }

    /// <summary>The short median's mean departure, by which it is carried (0 in snapshots written before it was).</summary>
    public double ShortMedianBias { get; init; }

    /// <summary>Sample count at which the residual tail's check against a first period ends (0: none pending, as in
    /// snapshots from before the check).</summary>
    public long TailCheckUntil { get; init; }

    /// <summary>Residuals counted by the pending tail check.</summary>
    public int TailCheckSamples { get; init; }

    /// <summary>Exceedances of the residual tail's threshold counted by the pending tail check.</summary>
    public int TailCheckExceedances { get; init; }

    /// <summary>Sum of the absolute departures counted by the pending tail check.</summary>
    public double TailCheckMagnitude { get; init; }

    /// <summary>Whether the residual tail was calibrated when the pending tail check began.</summary>
    public bool TailCheckCalibrated { get; init; }
}
