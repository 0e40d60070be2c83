namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// Contextual novelty: whether the recent shape of the series (its last few values, discretised relative to the
/// range seen so far) has ever occurred before, and how rare such novelty has been.
/// </summary>
/// <remarks>
/// The idea is that of context-based detectors on NAB (Smirnov's Contextual Anomaly Detector; adaptive-resonance
/// detectors such as ARTime): normal behaviour keeps repeating a finite vocabulary of short shapes, so once the
/// vocabulary has been learned an anomaly shows as a shape never seen before, even when every value lies inside
/// the normal range. This implementation is written from that principle, not from either code base:
/// <list type="bullet">
/// <item>Each value is discretised into <see cref="Levels"/> levels of the running [min, max] range.</item>
/// <item>The contexts are the last k levels for k = 1 .. <see cref="Depth"/>; each is hashed into a fixed
/// 4,096-bit membership table (a one-hash Bloom filter, 512 bytes). A hash collision can only make a new context
/// look familiar, so it costs sensitivity, never a false alarm.</item>
/// <item>A context counts as familiar when it or a context differing by one level at one position was seen
/// (a vigilance tolerance, as in adaptive resonance): noise straddling a level boundary is not novelty.</item>
/// <item>The novelty of a sample is the shortest unfamiliar context length k; the shorter, the stranger (a new
/// transition is stranger than a new 4-step path). Its tail probability is the running rate of events
/// "unfamiliar at length k or shorter" (<see cref="NoveltyRate"/>), so a series whose shapes keep changing
/// (still learning, or pure noise at first) does not alarm, and one that has settled does.</item>
/// </list>
/// Every context is learned as it is scored: an anomaly is reported once, and a recurring pattern stops being
/// novel after its first occurrence.
/// </remarks>
public sealed class ContextNoveltyDetector
{
    /// <summary>Number of discretisation levels over the range seen so far.</summary>
    public const int Levels = 10;

    /// <summary>Longest context length (samples).</summary>
    public const int Depth = 4;

    private const int TableBits = 4096;
    private const int RateHorizon = 1000;

    private readonly ulong[] _table = new ulong[TableBits / 64];
    private readonly byte[] _recent = new byte[Depth];
    private readonly double[] _rates = new double[Depth];
    private long _count;
    private int _run;
    private long _scored;

    /// <summary>Creates an empty detector.</summary>
    public ContextNoveltyDetector()
    {
        Array.Fill(_rates, 1.0);
    }

    /// <summary>Samples seen.</summary>
    public long Count => _count;

    /// <summary>
    /// Scores <paramref name="value"/> (already included in the range [<paramref name="min"/>, <paramref name="max"/>])
    /// and learns its contexts. Returns the tail probability of the novelty observed, 1 when every context is familiar.
    /// </summary>
    public double Update(double value, double min, double max)
    {
        InputGuard.RequireFinite(value, nameof(value));
        var range = max - min;
        var level = range > 0 && double.IsFinite(range) ? (int)Math.Clamp(Math.Floor(Levels * (value - min) / range), 0, Levels - 1) : 0;
        for (var i = Depth - 1; i > 0; i--)
        {
            _recent[i] = _recent[i - 1];
        }

        _recent[0] = (byte)level;
        _count++;
        if (_run < Depth)
        {
            _run++;
        }

        if (_run < Depth)
        {
            return 1.0;
        }

        var shortest = Depth + 1;
        for (var k = 1; k <= Depth && shortest > Depth; k++)
        {
            if (!IsFamiliar(k))
            {
                shortest = k;
            }
        }

        for (var k = 1; k <= Depth; k++)
        {
            var slot = Slot(k, -1, 0);
            _table[slot >> 6] |= 1UL << (slot & 63);
        }

        var p = shortest <= Depth ? _rates[shortest - 1] : 1.0;
        _scored++;
        var n = Math.Min(_scored, RateHorizon);
        for (var k = 1; k <= Depth; k++)
        {
            _rates[k - 1] += ((shortest <= k ? 1.0 : 0.0) - _rates[k - 1]) / n;
        }

        return p;
    }

    /// <summary>
    /// Marks a gap in the series: the next contexts would join values that were not adjacent, so context scoring
    /// restarts once <see cref="Depth"/> contiguous samples have been seen again.
    /// </summary>
    public void Break() => _run = 0;

    private bool IsFamiliar(int k)
    {
        if (Contains(Slot(k, -1, 0)))
        {
            return true;
        }

        for (var position = 0; position < k; position++)
        {
            if ((_recent[position] > 0 && Contains(Slot(k, position, -1)))
                || (_recent[position] < Levels - 1 && Contains(Slot(k, position, 1))))
            {
                return true;
            }
        }

        return false;
    }

    private bool Contains(int slot) => (_table[slot >> 6] & (1UL << (slot & 63))) != 0;

    /// <summary>Table slot of the context of length <paramref name="k"/>, with one position optionally shifted by a level.</summary>
    private int Slot(int k, int shifted, int delta)
    {
        // FNV-1a over the levels, salted with the length, then the splitmix64 finaliser to spread the bits.
        var h = 14695981039346656037UL ^ ((ulong)k * 0x9E3779B97F4A7C15UL);
        for (var i = 0; i < k; i++)
        {
            h = (h ^ (ulong)(_recent[i] + (i == shifted ? delta : 0) + 1)) * 1099511628211UL;
        }

        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (int)(h & (TableBits - 1));
    }

    /// <summary>Captures the state.</summary>
    public ContextNoveltyState Snapshot() => new()
    {
        Table = (ulong[])_table.Clone(),
        Recent = (byte[])_recent.Clone(),
        Rates = (double[])_rates.Clone(),
        Count = _count,
        Run = _run,
        Scored = _scored,
    };

    /// <summary>Recreates a detector from a snapshot.</summary>
    public static ContextNoveltyDetector Restore(ContextNoveltyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Table.Length != TableBits / 64 || state.Recent.Length != Depth || state.Rates.Length != Depth)
        {
            throw new ArgumentException("Context novelty snapshot has the wrong shape.", nameof(state));
        }

        var d = new ContextNoveltyDetector { _count = state.Count, _run = state.Run, _scored = state.Scored };
        state.Table.CopyTo(d._table, 0);
        state.Recent.CopyTo(d._recent, 0);
        state.Rates.CopyTo(d._rates, 0);
        return d;
    }
}

/// <summary>Serializable state of a <see cref="ContextNoveltyDetector"/>.</summary>
public sealed class ContextNoveltyState
{
    /// <summary>Membership table of seen contexts (4,096 bits).</summary>
    public ulong[] Table { get; init; } = [];

    /// <summary>The last levels, newest first.</summary>
    public byte[] Recent { get; init; } = [];

    /// <summary>Rate of novelty at each context length or shorter.</summary>
    public double[] Rates { get; init; } = [];

    /// <summary>Samples seen.</summary>
    public long Count { get; init; }

    /// <summary>Contiguous samples since the last gap (capped at the depth).</summary>
    public int Run { get; init; }

    /// <summary>Samples whose contexts were scored (the novelty rates' sample count).</summary>
    public long Scored { get; init; }
}
