namespace EnterpriseHub.Detection;

/// <summary>Parameters of an <see cref="Ensemble.AnomalyDetectorEnsemble"/>; one set serves every series.</summary>
public sealed class DetectorOptions
{
    /// <summary>Default rolling median window in samples.</summary>
    public const int DefaultMedianWindow = 32;

    /// <summary>Default number of samples before any score is reported.</summary>
    public const int DefaultWarmupSamples = 64;

    /// <summary>Default persistence window n (samples) of the k-of-n decision.</summary>
    public const int DefaultPersistenceWindow = 8;

    /// <summary>Default persistence count k of the k-of-n decision.</summary>
    public const int DefaultPersistenceCount = 3;

    /// <summary>How readily scores become alerts.</summary>
    public Sensitivity Sensitivity { get; init; } = Sensitivity.Medium;

    /// <summary>Rolling median / MAD window in samples.</summary>
    public int MedianWindow { get; init; } = DefaultMedianWindow;

    /// <summary>Samples seen before scores are reported (the detector learns meanwhile).</summary>
    public int WarmupSamples { get; init; } = DefaultWarmupSamples;

    /// <summary>Window n of the k-of-n persistence rule.</summary>
    public int PersistenceWindow { get; init; } = DefaultPersistenceWindow;

    /// <summary>Count k of the k-of-n persistence rule.</summary>
    public int PersistenceCount { get; init; } = DefaultPersistenceCount;

    /// <summary>Score at or above which a sample is anomalous for the configured sensitivity.</summary>
    public double AlertThreshold => Sensitivity switch
    {
        Sensitivity.Low => 0.8,
        Sensitivity.High => 0.4,
        _ => 0.55,
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

        if (PersistenceWindow < 1 || PersistenceWindow > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(PersistenceWindow), PersistenceWindow, "Persistence window must be between 1 and 64 samples.");
        }

        if (PersistenceCount < 1 || PersistenceCount > PersistenceWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(PersistenceCount), PersistenceCount, "Persistence count must be between 1 and the persistence window.");
        }
    }
}
