using System.Globalization;
using System.Text.Json.Serialization;

namespace EnterpriseHub.Detection;

/// <summary>Parameters of an <see cref="Ensemble.AnomalyDetectorEnsemble"/>; one set serves every series.</summary>
public sealed class DetectorOptions
{
    /// <summary>Default rolling median window in samples.</summary>
    public const int DefaultMedianWindow = 32;

    /// <summary>Default number of samples before any score is reported.</summary>
    public const int DefaultWarmupSamples = 150;

    /// <summary>Default <see cref="ContextLevels"/>.</summary>
    public const int DefaultContextLevels = Detectors.ContextNoveltyDetector.DefaultLevels;

    /// <summary>Default <see cref="PersistenceHits"/>: with <see cref="DefaultPersistenceWindow"/>, 2 of the last 3 samples.</summary>
    public const int DefaultPersistenceHits = 2;

    /// <summary>Default <see cref="PersistenceWindow"/>.</summary>
    public const int DefaultPersistenceWindow = 3;

    /// <summary>Longest <see cref="PersistenceWindow"/> in samples.</summary>
    public const int MaxPersistenceWindow = 16;

    /// <summary>How readily scores become alerts.</summary>
    public Sensitivity Sensitivity { get; init; } = Sensitivity.Medium;

    /// <summary>Rolling median / MAD window in samples.</summary>
    public int MedianWindow { get; init; } = DefaultMedianWindow;

    /// <summary>Samples seen before scores are reported (the detector learns meanwhile).</summary>
    public int WarmupSamples { get; init; } = DefaultWarmupSamples;

    /// <summary>
    /// Levels context novelty discretises the range seen so far into; 0 means <see cref="DefaultContextLevels"/>. The
    /// default is what the ensemble is tuned at; other values are there to measure how much a benchmark figure owes
    /// to the grid (the README's NAB section).
    /// </summary>
    /// <remarks>Snapshots stored before this setting existed deserialize it as 0 (the JSON source generator sets
    /// missing init-only properties to their default), and must keep restoring.</remarks>
    public int ContextLevels
    {
        get => _contextLevels == 0 ? DefaultContextLevels : _contextLevels;
        init => _contextLevels = value;
    }

    private readonly int _contextLevels;

    /// <summary>
    /// The k of the k-of-n persistence rule: besides a single sample at the alert level, the engine alerts when this
    /// many of the last <see cref="PersistenceWindow"/> samples are beyond the per-sample level at which that happens
    /// with the alert level's probability among independent samples (<see cref="Ensemble.Persistence"/>), and when two
    /// reports of novelty fall among the last four (<see cref="Ensemble.Persistence.NoveltyLevel"/>). 1 of 1 turns
    /// both off; 0 means <see cref="DefaultPersistenceHits"/>, as in snapshots stored before it existed.
    /// </summary>
    public int PersistenceHits
    {
        get => _persistenceHits == 0 ? DefaultPersistenceHits : _persistenceHits;
        init => _persistenceHits = value;
    }

    private readonly int _persistenceHits;

    /// <summary>The n of the k-of-n persistence rule (samples, at most <see cref="MaxPersistenceWindow"/>); 0 means
    /// <see cref="DefaultPersistenceWindow"/>.</summary>
    public int PersistenceWindow
    {
        get => _persistenceWindow == 0 ? DefaultPersistenceWindow : _persistenceWindow;
        init => _persistenceWindow = value;
    }

    private readonly int _persistenceWindow;

    /// <summary>Smallest <see cref="AlertLevel"/>: the tail probability at which scores saturate at 1.</summary>
    public const double MinAlertLevel = Ensemble.AnomalyDetectorEnsemble.ProbabilityFloor;

    /// <summary>Largest <see cref="AlertLevel"/>: beyond one sample in ten an alert says nothing.</summary>
    public const double MaxAlertLevel = 0.1;

    /// <summary>
    /// Tail probability at or below which one sample alerts, in place of <see cref="Sensitivity"/>'s level, for users
    /// who want a level between or beyond low, medium and high; between <see cref="MinAlertLevel"/> and
    /// <see cref="MaxAlertLevel"/>, or 0 (the default, as in snapshots stored before it existed) for the
    /// sensitivity's. The level in force is <see cref="AlertProbability"/>.
    /// </summary>
    public double AlertLevel { get; init; }

    /// <summary>
    /// Tail probability at or below which novelty alerts when it is looser than <see cref="AlertProbability"/>: 0 (the
    /// default) or from <see cref="MinAlertLevel"/> to <see cref="MaxAlertLevel"/>. Novelty is the evidence the ensemble
    /// reports at any level (records of values and of residuals, context novelty); residual tails, clusters and
    /// flatlines still count only at the alert level, so this loosens the decision on an episode's onset without
    /// letting everyday residuals start episodes.
    /// </summary>
    /// <remarks>For consumers that want weak news as alerts (a dashboard, a benchmark that charges a missed anomaly
    /// nine times a false alarm) rather than pages: on clean data it alerts about once per refractory period wherever
    /// the series sets a record (README, "what the own alerts trade").</remarks>
    public double NoveltyAlertLevel { get; init; }

    /// <summary>The tail probability at which an onset alerts: the larger of <see cref="AlertProbability"/> and
    /// <see cref="NoveltyAlertLevel"/>.</summary>
    [JsonIgnore]
    public double DecisionProbability => Math.Max(AlertProbability, NoveltyAlertLevel);

    /// <summary>Score at or above which reported evidence alerts: <see cref="DecisionProbability"/> on the score's scale
    /// (<see cref="AlertThreshold"/> unless <see cref="NoveltyAlertLevel"/> is looser), for series sampled a minute apart
    /// or more (<see cref="Ensemble.DecisionLevels"/>, which computes it once, with the other levels).</summary>
    [JsonIgnore]
    public double DecisionThreshold => Levels.DecisionThreshold;

    /// <summary>The ensemble's per-sample levels, computed once, here, since one options object serves many series; those
    /// series run on several threads, and a reference is read and written whole, so at worst they compute equal levels
    /// twice.</summary>
    internal Ensemble.DecisionLevels Levels
    {
        get
        {
            var levels = Volatile.Read(ref _levels);
            if (levels is null)
            {
                levels = new Ensemble.DecisionLevels(this);
                Volatile.Write(ref _levels, levels);
            }

            return levels;
        }
    }

    private Ensemble.DecisionLevels? _levels;

    /// <summary>The values an <see cref="AlertLevel"/> or <see cref="NoveltyAlertLevel"/> other than 0 may take, in
    /// words, for the errors that refuse one.</summary>
    public static readonly string AlertLevelRange =
        string.Create(CultureInfo.InvariantCulture, $"a tail probability between {MinAlertLevel:0e0} and {MaxAlertLevel}");

    /// <summary>Whether <paramref name="level"/> can be an <see cref="AlertLevel"/>: 0, or from <see cref="MinAlertLevel"/>
    /// to <see cref="MaxAlertLevel"/>.</summary>
    public static bool IsAlertLevel(double level) => level == 0 || level is >= MinAlertLevel and <= MaxAlertLevel;

    /// <summary>The tail probability at which one sample alerts: <see cref="AlertLevel"/> when set, otherwise the
    /// sensitivity's (1e-6, 1e-5 and 1e-4 for low, medium and high). The persistence rule's per-sample level follows
    /// from it.</summary>
    [JsonIgnore]
    public double AlertProbability => AlertLevel != 0 ? AlertLevel : Preset.Probability;

    /// <summary>Score at or above which a sample is anomalous: <see cref="AlertProbability"/> on the score's scale.</summary>
    public double AlertThreshold => AlertLevel != 0 ? Math.Log(AlertLevel) / Math.Log(MinAlertLevel) : Preset.Threshold;

    /// <summary>The sensitivity's alert probability and its score, exactly: 6, 5 and 4 of the floor's 8 decades (the
    /// logarithms would give 0.7499999999999999 for low).</summary>
    /// <remarks>Scores are ln p / ln 1e-8 of the smallest tail probability among the ensemble's tests
    /// (Bonferroni-corrected for their number), and every sample is a test: a per-sample alarm probability alpha means
    /// alpha x samples false alarms on clean data. Medium alerts at p &lt;= 1e-5 (about one false alarm per 100,000
    /// samples of well-modelled noise), Low at 1e-6, High at 1e-4.</remarks>
    private (double Probability, double Threshold) Preset => Sensitivity switch
    {
        Sensitivity.Low => (1e-6, 0.75),
        Sensitivity.High => (1e-4, 0.5),
        _ => (1e-5, 0.625),
    };

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Sensitivity))
        {
            throw new ArgumentOutOfRangeException(nameof(Sensitivity), Sensitivity, "Unknown sensitivity.");
        }

        if (!IsAlertLevel(AlertLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(AlertLevel), AlertLevel,
                $"Alert level must be {AlertLevelRange}, or 0 for the sensitivity's.");
        }

        if (!IsAlertLevel(NoveltyAlertLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(NoveltyAlertLevel), NoveltyAlertLevel,
                $"Novelty alert level must be {AlertLevelRange}, or 0 for the alert level.");
        }

        if (MedianWindow < 5 || MedianWindow > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(MedianWindow), MedianWindow, "Median window must be between 5 and 256 samples.");
        }

        if (ContextLevels < Detectors.ContextNoveltyDetector.MinLevels || ContextLevels > Detectors.ContextNoveltyDetector.MaxLevels)
        {
            throw new ArgumentOutOfRangeException(nameof(ContextLevels), ContextLevels,
                $"Context levels must be between {Detectors.ContextNoveltyDetector.MinLevels} and {Detectors.ContextNoveltyDetector.MaxLevels}.");
        }

        if (PersistenceWindow < 1 || PersistenceWindow > MaxPersistenceWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(PersistenceWindow), PersistenceWindow,
                $"Persistence window must be between 1 and {MaxPersistenceWindow} samples.");
        }

        if (PersistenceHits < 1 || PersistenceHits > PersistenceWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(PersistenceHits), PersistenceHits,
                $"Persistence hits must be between 1 and the persistence window ({PersistenceWindow}).");
        }

        if (WarmupSamples < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WarmupSamples), WarmupSamples, "Warm-up must not be negative.");
        }
    }
}
