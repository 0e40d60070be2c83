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

    /// <summary>Robust z-score detector.</summary>
    public RobustZScoreState Robust { get; init; } = new();

    /// <summary>Seasonal baseline.</summary>
    public SeasonalBaselineState Seasonal { get; init; } = new();

    /// <summary>Spectral-residual detector.</summary>
    public SpectralResidualState Spectral { get; init; } = new();

    /// <summary>Change-point martingale.</summary>
    public ChangePointState ChangePoint { get; init; } = new();

    /// <summary>Range novelty.</summary>
    public RangeNoveltyState Range { get; init; } = new();

    /// <summary>Holt linear one-step forecaster (abruptness of new extremes).</summary>
    public HoltWintersState Trend { get; init; } = new();

    /// <summary>Slow EWMA level.</summary>
    public EwmaState Level { get; init; } = new();

    /// <summary>Tail model of the robust z-score.</summary>
    public PeaksOverThresholdState RobustTail { get; init; } = new();

    /// <summary>Tail model of the spectral saliency.</summary>
    public PeaksOverThresholdState SpectralTail { get; init; } = new();

    /// <summary>Tail model of the seasonal residual.</summary>
    public PeaksOverThresholdState SeasonalTail { get; init; } = new();

    /// <summary>Timestamp of the newest sample (Unix ms).</summary>
    public long LastTimestampMs { get; init; }

    /// <summary>Learned sampling interval (ms).</summary>
    public double IntervalMs { get; init; }

    /// <summary>Current step index.</summary>
    public long Step { get; init; }

    /// <summary>Samples seen.</summary>
    public long Samples { get; init; }

    /// <summary>Bit history of threshold crossings (newest in bit 0).</summary>
    public ulong Recent { get; init; }

    /// <summary>Step of the last alert.</summary>
    public long LastAlert { get; init; }

    /// <summary>Decaying maximum of the calibrated evidence (novelty suppression).</summary>
    public double Evidence { get; init; }

    /// <summary>Decaying score of the alerts already raised.</summary>
    public double Reported { get; init; }
}
