namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// The per-sample levels an ensemble decides by, which follow from its options alone: the alert level, the persistence
/// rule's level and the novelty pairs' level. Computed once per options object (<see cref="DetectorOptions.Levels"/>),
/// since one serves many series, so that they take no room in each series' state.
/// </summary>
internal sealed class DecisionLevels
{
    /// <summary>Computes the levels of <paramref name="options"/>.</summary>
    public DecisionLevels(DetectorOptions options)
    {
        Alert = options.AlertProbability;
        Persistence = options.PersistenceHits > 1
            ? Ensemble.Persistence.Level(Alert, options.PersistenceHits, options.PersistenceWindow)
            : 0;
        Novelty = Ensemble.Persistence.NoveltyLevel(Alert);
    }

    /// <summary>The tail probability at which one sample alerts (<see cref="DetectorOptions.AlertProbability"/>).</summary>
    public double Alert { get; }

    /// <summary>The per-sample level of the persistence rule, or 0 when it is off (k = 1).</summary>
    public double Persistence { get; }

    /// <summary>The level of each report in a novelty pair (<see cref="Ensemble.Persistence.NoveltyLevel"/>).</summary>
    public double Novelty { get; }
}
