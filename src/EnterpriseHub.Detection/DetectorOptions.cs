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
        // Scores are ln p / ln 1e-3 of a novelty event's tail probability p. Medium alerts on every reported episode
        // onset (the ensemble's onset level, p about 0.35 after the Bonferroni correction: what matters is that the
        // shape or value is new, the rate only silences series that keep producing novelty); it is also the one
        // corpus-wide threshold that maximises the NAB standard profile on the development subset. Low asks for
        // rarer novelty (p about 0.13); High also alerts on sub-onset evidence, without the refractory period.
        Sensitivity.Low => 0.3,
        Sensitivity.High => 0.1,
        _ => Ensemble.AnomalyDetectorEnsemble.OnsetLevel,
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
