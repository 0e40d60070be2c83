namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// Stuck-value detection: a run of identical samples, weighed by how often this series repeats its previous value.
/// </summary>
/// <remarks>
/// A sensor or exporter that stops updating keeps reporting its last value. For a continuous metric two equal
/// consecutive samples practically never happen; for a quantised or idle one they are the norm. So repeats are
/// modelled as a Markov chain whose probability q of staying is the series' own repeat rate, and a run of L
/// repeats has probability q^L (the run length is geometric). q is the Laplace (add-one-half) estimate
/// (repeats + 1/2) / (transitions + 1) over a horizon, so that a series that has never repeated still has a
/// non-zero q of order 1 / horizon. Only a run longer than every earlier run is scored, the same record idea as
/// range novelty, so a series with long idle stretches is judged against its own longest idle stretch: the run
/// is a new record among the r runs so far (probability 1 / (r + 1) when runs are exchangeable), and given that
/// it outlasts the old record by one repeat, it goes on for L - longest - 1 more (q^(L - longest - 1), the
/// geometric length being memoryless). Scoring q^L instead judged every long idle stretch of a mostly idle series
/// as if the series never idled, and kept re-alarming on it. Charging q for the first repeat beyond the record as
/// well counted that repeat twice, once in the record's 1 / (r + 1) and once as q: in a continuous series whose
/// values are rounded (CPU percentages to three decimals), one chance pair of equal samples scored p = q / r,
/// about 1e-7, an alert, where the method gives 1 / r; on the NAB development subset that raised three false
/// positives and no detection.
/// <para>The geometric length holds while the repeat rate does. An error counter idle at night and busy by day mixes
/// two: q, counted over both, charged each repeat of a night beyond the longest before as if the day's rate held,
/// and nights a little longer than any before alerted (22 of 40 series over three days). So the overshoot is also
/// judged by the tail of the run lengths themselves: the <see cref="TailDepth"/> longest runs with a repeat, through
/// their spacings (<see cref="ExtremeSpacings"/>, the range novelty's test applied to run lengths), and the larger
/// of the two probabilities is taken. A continuous series has no such runs (its longest are 0 or 1 repeats, and the
/// tail counts only once it holds eight runs with a repeat), so a stuck value in it is flagged as fast as before.</para>
/// A struct, so that it lives inside the ensemble's own object (one series' state in few cache lines).
/// </remarks>
public struct FlatlineDetector
{
    /// <summary>Number of the longest runs kept to learn the tail of the series' run lengths.</summary>
    public const int TailDepth = 8;

    private const int Horizon = 1000;
    private bool _started;
    private double _last;
    private double _repeatRate;
    private long _transitions;
    private int _run;
    private long _runs;
    private double _resolution;

    // The longest runs with at least one repeat, descending (unfilled slots are -Infinity); the first is the record.
    private LongestRuns _longest;
    private int _longestCount;

    /// <summary>Creates an empty detector.</summary>
    public FlatlineDetector()
    {
        ((Span<double>)_longest).Fill(double.NegativeInfinity);
    }

    /// <summary>Longest completed run of repeats (0 while none).</summary>
    public readonly int LongestRun => _longestCount > 0 ? (int)_longest[0] : 0;

    /// <summary>The smallest nonzero change between consecutive samples so far, the data's resolution (0 while there
    /// was none): a count changes by whole numbers.</summary>
    public readonly double Resolution => _resolution;

    /// <summary>Current run of repeats (samples equal to their predecessor).</summary>
    public readonly int Run => _run;

    /// <summary>
    /// Returns the probability of the current run of repeats including <paramref name="value"/> under the
    /// series' repeat rate (1 when the value differs from the previous one or the run is no longer than the
    /// longest seen), then learns the value.
    /// </summary>
    public double Update(double value)
    {
        var p = 1.0;
        if (!_started)
        {
            _started = true;
            _last = value;
            return p;
        }

        var repeat = value == _last;
        var q = (_repeatRate * Math.Min(_transitions, Horizon) + 0.5) / (Math.Min(_transitions, Horizon) + 1);
        if (repeat)
        {
            _run++;
            var longest = LongestRun;
            if (_run > longest)
            {
                // A new longest run among the runs so far (probability 1 / (runs + 1) under exchangeability), and
                // its overshoot beyond the first repeat past the old record: q per repeat (the geometric run length
                // is memoryless), or the tail of the longest runs when that is heavier (see the remarks).
                var excess = _run - longest - 1;
                var overshoot = Math.Pow(q, excess);
                if (_longestCount == TailDepth)
                {
                    overshoot = Math.Max(overshoot, ExtremeSpacings.Overshoot(_longest, TailDepth, excess, 0));
                }

                p = overshoot / (_runs + 1);
            }
        }
        else
        {
            if (_run > 0)
            {
                ExtremeSpacings.Insert(_longest, _run, descending: true);
                _longestCount = Math.Min(_longestCount + 1, TailDepth);
            }

            _run = 0;
            _runs++;
            var change = Math.Abs(value - _last);
            if (_resolution == 0 || change < _resolution)
            {
                _resolution = change;
            }
        }

        _transitions++;
        _repeatRate += ((repeat ? 1.0 : 0.0) - _repeatRate) / Math.Min(_transitions, Horizon);
        _last = value;
        return p;
    }

    /// <summary>Captures the state.</summary>
    public readonly FlatlineState Snapshot() => new()
    {
        Started = _started,
        Last = _last,
        RepeatRate = _repeatRate,
        Transitions = _transitions,
        Run = _run,
        LongestRun = LongestRun,
        LongestRuns = ((ReadOnlySpan<double>)_longest)[.._longestCount].ToArray(),
        Runs = _runs,
        Resolution = _resolution,
    };

    /// <summary>Recreates a detector from a snapshot.</summary>
    public static FlatlineDetector Restore(FlatlineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = new FlatlineDetector
        {
            _started = state.Started,
            _last = state.Last,
            _repeatRate = state.RepeatRate,
            _transitions = state.Transitions,
            _run = state.Run,
            _runs = state.Runs,
            _resolution = state.Resolution,
        };

        // Snapshots written before the longest runs were kept know the record only.
        var runs = state.LongestRuns ?? (state.LongestRun > 0 ? [state.LongestRun] : []);
        if (runs.Length > TailDepth)
        {
            throw new ArgumentException("Flatline snapshot keeps too many runs.", nameof(state));
        }

        runs.CopyTo((Span<double>)d._longest);
        d._longestCount = runs.Length;
        return d;
    }
}

/// <summary>Serializable state of a <see cref="FlatlineDetector"/>.</summary>
public sealed class FlatlineState
{
    /// <summary>Whether a sample has been seen.</summary>
    public bool Started { get; init; }

    /// <summary>Previous sample.</summary>
    public double Last { get; init; }

    /// <summary>Running rate of repeats.</summary>
    public double RepeatRate { get; init; }

    /// <summary>Transitions seen.</summary>
    public long Transitions { get; init; }

    /// <summary>Current run of repeats.</summary>
    public int Run { get; init; }

    /// <summary>Longest completed run of repeats.</summary>
    public int LongestRun { get; init; }

    /// <summary>The longest completed runs with at least one repeat, descending (at most
    /// <see cref="FlatlineDetector.TailDepth"/>); null in snapshots written before they were kept.</summary>
    public double[]? LongestRuns { get; init; }

    /// <summary>Completed runs (a run of zero repeats counts: every change of value ends one).</summary>
    public long Runs { get; init; }

    /// <summary>The data's resolution (<see cref="FlatlineDetector.Resolution"/>); 0 in snapshots written before it,
    /// learned again from the next change.</summary>
    public double Resolution { get; init; }
}

/// <summary>The longest runs of a <see cref="FlatlineDetector"/>, descending.</summary>
[System.Runtime.CompilerServices.InlineArray(FlatlineDetector.TailDepth)]
internal struct LongestRuns
{
    private double _first;
}
