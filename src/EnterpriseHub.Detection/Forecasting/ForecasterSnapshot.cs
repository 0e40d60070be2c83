using EnterpriseHub.Detection.Baselines;

namespace EnterpriseHub.Detection.Forecasting;

/// <summary>Serializable, versioned state of a <see cref="SeasonalForecaster"/>.</summary>
public sealed class ForecasterSnapshot
{
    /// <summary>Snapshot format version.</summary>
    public int Version { get; init; }

    /// <summary>Period detector.</summary>
    public PeriodDetectorState Detector { get; init; } = new();

    /// <summary>Holt-Winters model.</summary>
    public HoltWintersState Model { get; init; } = new();

    /// <summary>Level smoothing estimate for the model without a season (null in snapshots written before it existed:
    /// the estimate starts afresh).</summary>
    public LocalLevelState? LocalLevel { get; init; }

    /// <summary>Day-of-week part of a daily series; null in snapshots written before it was kept.</summary>
    public WeeklyProfileState? Weekly { get; init; }

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

    /// <summary>Smoothed variance of the clipped one-step errors, which sets the clipping bound.</summary>
    public double ErrorVariance { get; init; }

    /// <summary>Smoothed variance of the one-step errors as they were, which sets the prediction intervals; snapshots
    /// written before it existed have 0 here and restore with <see cref="ErrorVariance"/> in its place.</summary>
    public double IntervalVariance { get; init; }

    /// <summary>Weights of the standardised one-step errors' histogram (<see cref="ErrorQuantiles"/>); empty in
    /// snapshots written before it existed, whose intervals are Gaussian until the errors are learned again.</summary>
    public float[] ErrorHistogram { get; init; } = [];

    /// <summary>Forecasts awaiting their step, per horizon of <see cref="HorizonErrors"/> (value and standard deviation);
    /// empty in snapshots written before it existed.</summary>
    public double[] HorizonPending { get; init; } = [];

    /// <summary>Histograms of the standardised errors at each horizon of <see cref="HorizonErrors"/>; empty in snapshots
    /// written before it existed.</summary>
    public float[][] HorizonHistograms { get; init; } = [];

    /// <summary>What the forecasts far ahead taught about the trend's use (<see cref="Forecasting.TrendWeight"/>); null in
    /// snapshots written before it existed.</summary>
    public TrendWeightState? TrendWeight { get; init; }

    /// <summary>The model's last one-step error (clipped), which forecasts carry on by the errors' autocorrelation.</summary>
    public double LastError { get; init; }

    /// <summary>The model's last one-step error as it was, which decides whether the next large error is a lasting
    /// change (<see cref="SeasonalForecaster.IntervalErrorBound"/>); 0 in snapshots written before it existed.</summary>
    public double LastRawError { get; init; }

    /// <summary>Consecutive one-step errors beyond the clipping bound on one side, positive above and negative below
    /// (<see cref="SeasonalForecaster.LastingChangeRun"/>); 0 in snapshots written before it existed.</summary>
    public int ExceedanceRun { get; init; }

    /// <summary>Smoothed product of consecutive one-step errors (the lag-1 autocovariance).</summary>
    public double LagProduct { get; init; }

    /// <summary>Smoothed square of the earlier error of each consecutive pair.</summary>
    public double LagSquare { get; init; }
}
