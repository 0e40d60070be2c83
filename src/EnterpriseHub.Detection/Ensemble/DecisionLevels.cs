namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// The per-sample levels an ensemble decides by, which follow from its options and the series' sampling interval: the
/// alert level, the persistence rule's level, the novelty pairs' level and the scores they make. Computed once per
/// options object (<see cref="DetectorOptions.Levels"/>) and sampling interval (<see cref="For"/>), since one serves
/// many series, so that they take no room in each series' state.
/// </summary>
/// <remarks>
/// <para>A minute's levels: the options' levels are what one sample alerts at when samples are a minute apart or more.
/// Every sample is a test, so a series sampled every 10 seconds at the same per-sample level takes six times as many
/// tests an hour and raises about six times the false alerts an hour of one sampled every minute; an operator who
/// scrapes faster asked for finer data, not for more pages. So a series sampled faster than a minute decides at its
/// share of a minute's level: interval / 60 s of it (a quarter every 15 seconds, a sixth every 10), and no looser than
/// a minute's on coarser data. Its many samples still find a lasting departure sooner than a minute's would.</para>
/// <para>Measured on the test generators (scratch harnesses): a daily sine of amplitude 10 with noise sd 1 over 28
/// days, 10 series, alerts every 60, 30, 15 and 10 seconds 1, 4, 11, 16 -> 1, 3, 4, 3; a half-hour dip of 1.5 sd
/// found in 9 -> 6 of 10 series every 10 seconds (0 of 10 every minute). Business hours with closed weekends, 5 series
/// over 8 weeks, weekday false alerts after the first week, UTC / California: every 15 seconds 14 / 18 -> 3 / 6, every
/// 10 seconds 30 / 37 -> 2 / 10 (every minute 4 / 0); the Thursday holiday found in all of them.</para>
/// </remarks>
internal sealed class DecisionLevels
{
    /// <summary>The sampling interval whose levels are the options' own (ms); coarser series take them too.</summary>
    public const double MinuteMs = 60_000;

    /// <summary>Levels for each whole second of interval under a minute (index: seconds - 1), made when first asked for.</summary>
    private readonly DecisionLevels?[]? _finer;
    private readonly DetectorOptions _options;

    /// <summary>Computes the levels of <paramref name="options"/> for series sampled a minute apart or more.</summary>
    public DecisionLevels(DetectorOptions options)
        : this(options, 1)
    {
        _finer = new DecisionLevels?[(int)(MinuteMs / 1000) - 1];
    }

    private DecisionLevels(DetectorOptions options, double share)
    {
        _options = options;
        Alert = Math.Max(share * options.AlertProbability, DetectorOptions.MinAlertLevel);
        Persistence = options.PersistenceHits > 1
            ? Ensemble.Persistence.Level(Alert, options.PersistenceHits, options.PersistenceWindow)
            : 0;
        Novelty = Ensemble.Persistence.NoveltyLevel(Alert);
        // The sensitivities' own thresholds are exact (DetectorOptions.AlertThreshold); the logarithms are not quite.
        AlertThreshold = share == 1 ? options.AlertThreshold : Score(Alert);
        DecisionThreshold = options.NoveltyAlertLevel > options.AlertProbability
            ? Score(Math.Max(share * options.NoveltyAlertLevel, DetectorOptions.MinAlertLevel))
            : AlertThreshold;
    }

    /// <summary>The tail probability at which one sample alerts (<see cref="DetectorOptions.AlertProbability"/>, times the
    /// interval's share of a minute for a series sampled faster).</summary>
    public double Alert { get; }

    /// <summary>The per-sample level of the persistence rule, or 0 when it is off (k = 1).</summary>
    public double Persistence { get; }

    /// <summary>The level of each report in a novelty pair (<see cref="Ensemble.Persistence.NoveltyLevel"/>).</summary>
    public double Novelty { get; }

    /// <summary>Score at or above which a sample is anomalous: <see cref="Alert"/> on the score's scale.</summary>
    public double AlertThreshold { get; }

    /// <summary>Score at or above which reported evidence alerts: the looser of <see cref="Alert"/> and the options'
    /// novelty alert level at this share, on the score's scale (<see cref="DetectorOptions.DecisionThreshold"/> at a
    /// minute).</summary>
    public double DecisionThreshold { get; }

    /// <summary>
    /// The levels for a series sampled every <paramref name="intervalMs"/>: these for a minute or more (or an interval
    /// not yet known), otherwise a minute's levels times the interval's share of a minute, the interval taken to the
    /// nearest whole second (at least one) so that a jittered interval finds levels already made.
    /// </summary>
    public DecisionLevels For(double intervalMs)
    {
        if (_finer is null || !(intervalMs > 0) || intervalMs >= MinuteMs - 500)
        {
            return this;
        }

        var seconds = Math.Max(1, (int)Math.Round(intervalMs / 1000));
        // Series on several threads at worst make equal levels twice; a reference is read and written whole.
        var levels = Volatile.Read(ref _finer[seconds - 1]);
        if (levels is null)
        {
            levels = new DecisionLevels(_options, seconds * 1000 / MinuteMs);
            Volatile.Write(ref _finer[seconds - 1], levels);
        }

        return levels;
    }

    private static double Score(double probability) => Math.Log(probability) / Math.Log(DetectorOptions.MinAlertLevel);
}
