namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// Spatial (range) novelty: whether a value lies beyond everything the series has shown so far, and how unlikely
/// an excursion that far beyond the extreme is, judged by the series' own upper and lower tails.
/// </summary>
/// <remarks>
/// <para>The "spatial anomaly" check that Numenta's NAB detector adds to HTM (Ahmad et al., "Unsupervised
/// real-time anomaly detection for streaming data", Neurocomputing 2017): a value outside the historical
/// minimum/maximum is anomalous however well it is predicted. It is self-suppressing: once a new extreme is
/// reached, values like it are no longer novel.</para>
/// <para>A record alone is weak evidence: among n exchangeable samples the newest is the largest with probability
/// 1/n, so i.i.d. noise keeps setting records (about 2 ln n of them, both sides), each a hair beyond the last.
/// What makes a record anomalous is how far it overshoots, judged by the spacings of the top <see cref="TailDepth"/>
/// values ever seen under an exponential tail (<see cref="ExtremeSpacings"/>): <see cref="Update"/> returns the
/// predictive probability P(overshoot &gt;= e | record, S) = (1 + e / S)^-(k - 1), and the caller multiplies it by the
/// probability of a record. A heavy tail shows as wide spacings and needs a proportionally larger overshoot; a light
/// one (Gaussian, b about sigma / sqrt(2 ln n)) a smaller one.</para>
/// <para>One wild sample (a unit mix-up, a counter glitch) becomes the extreme for good, and a spike that stays
/// short of it is no record however far it lies beyond everything else. So a value beyond the second extreme is
/// judged too: among n exchangeable samples the newest exceeds the second largest of the others with probability
/// 2 / n, and under the exponential tail its overshoot beyond the second is again Exp(b), judged by the spacings
/// below the first, which the wild sample does not touch. The caller multiplies 2 x P(overshoot) by the probability
/// of a record, as for a record. The Pareto alternative is not applied there.</para>
/// <para>A struct with the extremes inline, so that it lives inside the ensemble's own object.</para>
/// </remarks>
public struct RangeNoveltyDetector
{
    /// <summary>Number of extreme values kept on each side to estimate the tail scale.</summary>
    public const int TailDepth = 8;

    // Highs descending (highs[0] is the maximum), lows ascending (lows[0] is the minimum); unfilled slots are infinite.
    private Extremes _extremes;
    private int _count;

    /// <summary>Creates an empty detector.</summary>
    public RangeNoveltyDetector()
    {
        Span<double> all = _extremes;
        all[..TailDepth].Fill(double.NegativeInfinity);
        all[TailDepth..].Fill(double.PositiveInfinity);
    }

    /// <summary>Smallest value seen (+Infinity before any sample).</summary>
    public readonly double Min => _extremes[TailDepth];

    /// <summary>Largest value seen (-Infinity before any sample).</summary>
    public readonly double Max => _extremes[0];

    /// <summary>Whether <paramref name="value"/> would set a new maximum or minimum.</summary>
    public readonly bool IsRecord(double value) => _count > 0 && (value > Max || value < Min);

    /// <summary>
    /// Returns the probability that a record overshoots the extreme by at least as much as
    /// <paramref name="value"/> does, or for a value beyond the second extreme only, twice the probability of that
    /// overshoot beyond the second (1 when it is beyond neither), then learns the value. The tail scale is at least
    /// <paramref name="minScale"/>: the caller's noise floor, so that ties (quantised data) do not make every
    /// new level infinitely surprising.
    /// </summary>
    public double Update(double value, double minScale, double center = double.NaN)
    {
        InputGuard.RequireFinite(value, nameof(value));
        var p = 1.0;
        Span<double> all = _extremes;
        if (_count > 0)
        {
            if (value > Max)
            {
                p = Math.Max(ExtremeSpacings.Overshoot(all[..TailDepth], _count, value - Max, minScale), ParetoOvershoot(value - center, all[..TailDepth], -center));
            }
            else if (value < Min)
            {
                p = Math.Max(ExtremeSpacings.Overshoot(all[TailDepth..], _count, Min - value, minScale), ParetoOvershoot(center - value, all[TailDepth..], center));
            }
            else if (_count >= 3 && value > all[1])
            {
                p = Math.Min(1, 2 * ExtremeSpacings.Overshoot(all[1..TailDepth], _count - 1, value - all[1], minScale));
            }
            else if (_count >= 3 && value < all[TailDepth + 1])
            {
                p = Math.Min(1, 2 * ExtremeSpacings.Overshoot(all[(TailDepth + 1)..], _count - 1, all[TailDepth + 1] - value, minScale));
            }
        }

        _count = Math.Min(_count + 1, TailDepth);
        ExtremeSpacings.Insert(all[..TailDepth], value, descending: true);
        ExtremeSpacings.Insert(all[TailDepth..], value, descending: false);
        return p;
    }

    // Heavy (Pareto) tails: distances from the centre beyond the extremes scale by a factor, with tail index
    // estimated by Hill (1975) over the same extremes, gamma = mean_i ln(d(i) / d(k)); the probability that a
    // record overshoots to distance d beyond d(1) is (d / d(1))^(-1 / gamma).
    private readonly double ParetoOvershoot(double distance, ReadOnlySpan<double> side, double offset)
    {
        // offset turns a stored value into a distance: +value - centre on the high side, centre - value on the low.
        var m = _count - 1;
        if (m < 2 || !double.IsFinite(offset))
        {
            return 0.0;
        }

        var sign = side[0] >= side[m] ? 1.0 : -1.0;
        var dk = sign * side[m] + offset;
        if (!(dk > 0))
        {
            return 0.0;
        }

        var hill = 0.0;
        for (var i = 0; i < m; i++)
        {
            hill += Math.Log((sign * side[i] + offset) / dk);
        }

        hill /= m;
        var d1 = sign * side[0] + offset;
        return hill > 0 && distance > d1 ? Math.Pow(distance / d1, -1 / hill) : 0.0;
    }

    /// <summary>Captures the state.</summary>
    public readonly RangeNoveltyState Snapshot()
    {
        ReadOnlySpan<double> all = _extremes;
        return new RangeNoveltyState { Extremes = all.ToArray(), Count = _count };
    }

    /// <summary>Recreates a detector from a snapshot.</summary>
    public static RangeNoveltyDetector Restore(RangeNoveltyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Extremes.Length != 2 * TailDepth)
        {
            throw new ArgumentException("Range novelty snapshot has the wrong shape.", nameof(state));
        }

        var d = new RangeNoveltyDetector { _count = state.Count };
        state.Extremes.CopyTo((Span<double>)d._extremes);
        return d;
    }
}

/// <summary>The highest values, descending, then the lowest, ascending.</summary>
[System.Runtime.CompilerServices.InlineArray(2 * RangeNoveltyDetector.TailDepth)]
internal struct Extremes
{
    private double _first;
}

/// <summary>Serializable state of a <see cref="RangeNoveltyDetector"/>.</summary>
public sealed class RangeNoveltyState
{
    /// <summary>The largest values seen, descending, then the smallest, ascending (infinite while unfilled).</summary>
    public double[] Extremes { get; init; } = [];

    /// <summary>Filled slots per side (at most the tail depth).</summary>
    public int Count { get; init; }
}
