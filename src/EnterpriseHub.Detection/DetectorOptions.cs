namespace EnterpriseHub.Detection;

/// <summary>Parameters of an <see cref="Ensemble.AnomalyDetectorEnsemble"/>; one set serves every series.</summary>
public sealed class DetectorOptions
{
    /// <summary>Default rolling median window in samples.</summary>
    public const int DefaultMedianWindow = 32;

    /// <summary>Default number of samples before any score is reported.</summary>
    public const int DefaultWarmupSamples = 150;

    /// <summary>How readily scores become alerts.</summary>
    public Sensitivity Sensitivity { get; init; } = Sensitivity.Medium;

    /// <summary>Rolling median / MAD window in samples.</summary>
    public int MedianWindow { get; init; } = DefaultMedianWindow;

    /// <summary>Samples seen before scores are reported (the detector learns meanwhile).</summary>
    public int WarmupSamples { get; init; } = DefaultWarmupSamples;

    /// <summary>Score at or above which a sample is anomalous for the configured sensitivity.</summary>
    public double AlertThreshold => Sensitivity switch
    {
        // Scores are ln p / ln 1e-8 of the smallest tail probability among the ensemble's tests (Bonferroni-corrected
        // for their number), and every sample is a test: a per-sample alarm probability alpha means alpha x samples
        // false alarms on clean data. Medium alerts at p <= 1e-5 (about one false alarm per 100,000 samples of
        // well-modelled noise), Low at 1e-6, High at 1e-4.
        Sensitivity.Low => 0.75,
        Sensitivity.High => 0.5,
        _ => 0.625,
    };

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(Sensitivity), Sensitivity, "Unknown sensitivity.");
        }

        if (MedianWindow < 5 || MedianWindow > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(MedianWindow), MedianWindow, "Median window must be between 5 and 256 samples.");
        }

        if (WarmupSamples < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WarmupSamples), WarmupSamples, "Warm-up must not be negative.");
        }
    }
}
