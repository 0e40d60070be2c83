namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// The running frequency of a novelty event (a new extreme, a never-seen context), used as the probability that
/// such an event happens on the next sample, and its conversion into a surprise score in [0, 1].
/// </summary>
/// <remarks>
/// A novelty event is only informative in relation to how often the series produces such events: every value of
/// a series still unfolding its first seasonal cycle is a new extreme, and almost every context of pure noise is
/// new at first. Under a stationary stream the observed rate of past events estimates the probability of the next
/// one (the Good-Turing idea: the unseen mass is what kept turning up new), so an event that occurs when the rate
/// is r has tail probability r. The rate is an average over the last <c>horizon</c> samples (an exact running mean
/// until then), starting from 1 unless a prior is given: at first everything is new and nothing is surprising. The score is the
/// log-likelihood transform of Numenta's anomaly likelihood (Ahmad et al., 2017), ln p / ln floor, so p = floor
/// scores 1. A struct, so that it lives inside the detector that owns it.
/// </remarks>
public struct NoveltyRate
{
    /// <summary>Probability at which the surprise score saturates at 1.</summary>
    public const double ProbabilityFloor = 1e-3;

    private static readonly double LogFloor = Math.Log(ProbabilityFloor);
    private readonly int _horizon;
    private double _rate = 1.0;
    private long _count;

    /// <summary>
    /// Creates a rate averaged over (at most) the last <paramref name="horizon"/> samples, starting from
    /// <paramref name="prior"/> as if it had been observed over <paramref name="priorWeight"/> samples.
    /// </summary>
    public NoveltyRate(int horizon = 1000, double prior = 1.0, int priorWeight = 0)
    {
        if (horizon < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "Novelty rate horizon must be positive.");
        }

        _horizon = horizon;
        _rate = prior;
        _count = priorWeight;
    }

    /// <summary>Current rate: the probability that the next sample is a novelty event.</summary>
    public readonly double Rate => _rate;

    /// <summary>Records whether the latest sample was a novelty event, averaged over <paramref name="memory"/> times
    /// the horizon (at least 1).</summary>
    public void Update(bool novel, double memory = 1)
    {
        _count++;
        _rate += ((novel ? 1.0 : 0.0) - _rate) / Math.Min(_count, _horizon * Math.Max(memory, 1));
    }

    /// <summary>Surprise of an event with tail probability <paramref name="p"/>: ln p / ln floor, clamped to [0, 1].</summary>
    public static double Surprise(double p) => p >= 1 ? 0 : Math.Min(1.0, Math.Log(Math.Max(p, ProbabilityFloor)) / LogFloor);

    /// <summary>Captures the state.</summary>
    public readonly NoveltyRateState Snapshot() => new() { Horizon = _horizon, Rate = _rate, Count = _count };

    /// <summary>Recreates a rate from a snapshot.</summary>
    public static NoveltyRate Restore(NoveltyRateState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new NoveltyRate(state.Horizon) { _rate = state.Rate, _count = state.Count };
    }
}

/// <summary>Serializable state of a <see cref="NoveltyRate"/>.</summary>
public sealed class NoveltyRateState
{
    /// <summary>Averaging horizon in samples.</summary>
    public int Horizon { get; init; }

    /// <summary>Current rate.</summary>
    public double Rate { get; init; }

    /// <summary>Samples seen.</summary>
    public long Count { get; init; }
}
