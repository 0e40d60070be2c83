namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// Contextual novelty: whether the recent shape of the series (its last few values, discretised relative to the
/// range seen so far), at the sample resolution and at a coarser one, has ever occurred before, and how rare such
/// novelty has been.
/// </summary>
/// <remarks>
/// The idea is that of context-based detectors on NAB (Smirnov's Contextual Anomaly Detector; adaptive-resonance
/// detectors such as ARTime): normal behaviour keeps repeating a finite vocabulary of short shapes, so once the
/// vocabulary has been learned an anomaly shows as a shape never seen before, even when every value lies inside
/// the normal range. This implementation is written from that principle, not from either code base:
/// <list type="bullet">
/// <item>Each value is discretised into <see cref="Levels"/> levels (<see cref="DefaultLevels"/> unless given) of the
/// running [min, max] range.</item>
/// <item>Shapes are read at two time scales: the samples themselves, and means of <see cref="CoarseBlock"/>
/// samples, whose contexts span a few hours of five-minute data and reveal a slower day that looks wrong though
/// each step looks normal.</item>
/// <item>The contexts of a scale are its last k levels for k = 1 .. <see cref="Depth"/>; each is hashed (salted by
/// scale and length) into one shared 4,096-bit membership table (a one-hash Bloom filter, 512 bytes). A hash
/// collision can only make a new context look familiar, so it costs sensitivity, never a false alarm.</item>
/// <item>A context counts as familiar when it or a context differing by one level at one position was seen
/// (a vigilance tolerance, as in adaptive resonance): noise straddling a level boundary is not novelty.</item>
/// <item>The novelty of a sample is the shortest unfamiliar context length k; the shorter, the stranger (a new
/// transition is stranger than a new 4-step path). Its tail probability is the running rate of events
/// "unfamiliar at length k or shorter" at that scale (as <see cref="NoveltyRate"/>), so a series whose shapes keep
/// changing (still learning, or pure noise at first) does not alarm, and one that has settled does. The two
/// scales are combined by the Bonferroni bound, p = min(1, 2 min(p_fine, p_coarse)).</item>
/// </list>
/// Every context is learned as it is scored: an anomaly is reported once, and a recurring pattern stops being
/// novel after its first occurrence.
/// </remarks>
public sealed class ContextNoveltyDetector
{
    /// <summary>Number of discretisation levels over the range seen so far, unless another is given.</summary>
    public const int DefaultLevels = 10;

    /// <summary>Fewest levels a detector may use.</summary>
    public const int MinLevels = 2;

    /// <summary>Most levels a detector may use.</summary>
    public const int MaxLevels = 32;

    /// <summary>Longest context length (symbols of a scale).</summary>
    public const int Depth = 4;

    /// <summary>Samples averaged into one symbol of the coarse scale.</summary>
    public const int CoarseBlock = 8;

    internal const int Scales = 2;
    internal const int TableBits = 4096;
    private const int RateHorizon = 1000;

    // Inline buffers rather than arrays: the whole detector is one object (no array headers, no pointer chasing).
    private ContextTable _table;
    private ScaleSymbols _recent;
    private ScaleRates _rates;
    private ScalePair<int> _runs;
    private ScalePair<long> _scored;
    private double _blockSum;
    private int _blockCount;
    private long _count;
    private readonly int _levels;

    /// <summary>Creates an empty detector discretising into <paramref name="levels"/> levels.</summary>
    public ContextNoveltyDetector(int levels = DefaultLevels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, MinLevels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels, MaxLevels);
        _levels = levels;
        ((Span<double>)_rates).Fill(1.0);
    }

    /// <summary>Discretisation levels over the range seen so far.</summary>
    public int Levels => _levels;

    /// <summary>Samples seen.</summary>
    public long Count => _count;

    /// <summary>
    /// Scores <paramref name="value"/> (already included in the range [<paramref name="min"/>, <paramref name="max"/>])
    /// and learns its contexts. Returns the tail probability of the novelty observed, 1 when every context is familiar.
    /// </summary>
    public double Update(double value, double min, double max)
    {
        InputGuard.RequireFinite(value, nameof(value));
        _count++;
        var p = Observe(0, value, min, max);
        _blockSum += value;
        if (++_blockCount == CoarseBlock)
        {
            p = Math.Min(p, Observe(1, _blockSum / CoarseBlock, min, max));
            _blockSum = 0;
            _blockCount = 0;
        }

        return Math.Min(1.0, Scales * p);
    }

    /// <summary>
    /// Marks a gap in the series: the next contexts would join values that were not adjacent, so context scoring
    /// restarts once <see cref="Depth"/> contiguous symbols have been seen again at each scale.
    /// </summary>
    public void Break()
    {
        ((Span<int>)_runs).Clear();
        _blockSum = 0;
        _blockCount = 0;
    }

    private double Observe(int scale, double value, double min, double max)
    {
        var range = max - min;
        // A value on a level's boundary belongs to the level above it; a millionth of a level is left to rounding, so
        // that quantised values far from zero (integers plus 10^8.5) fall on the same side as without the offset.
        var level = range > 0 && double.IsFinite(range) ? (int)Math.Clamp(Math.Floor(_levels * (value - min) / range + 1e-6), 0, _levels - 1) : 0;
        var recent = ((Span<byte>)_recent).Slice(scale * Depth, Depth);
        for (var i = Depth - 1; i > 0; i--)
        {
            recent[i] = recent[i - 1];
        }

        recent[0] = (byte)level;
        if (_runs[scale] < Depth)
        {
            _runs[scale]++;
        }

        if (_runs[scale] < Depth)
        {
            return 1.0;
        }

        var shortest = Depth + 1;
        for (var k = 1; k <= Depth && shortest > Depth; k++)
        {
            if (!IsFamiliar(scale, recent, k))
            {
                shortest = k;
            }
        }

        for (var k = 1; k <= Depth; k++)
        {
            var slot = Slot(scale, recent, k, -1, 0);
            _table[slot >> 6] |= 1UL << (slot & 63);
        }

        // The rate of past novelty estimates the probability of novelty now, but a rate estimated from m
        // observations cannot honestly claim less than about 1 / m (none seen in m trials bounds the rate at
        // ~3 / m with 95% confidence, the "rule of three"): without this floor a series that happened to produce
        // no novelty for a while would turn its next chance novelty into an arbitrarily small p.
        var rates = ((Span<double>)_rates).Slice(scale * Depth, Depth);
        var p = shortest <= Depth ? Math.Max(rates[shortest - 1], 1.0 / (Math.Min(_scored[scale], RateHorizon) + 1)) : 1.0;
        _scored[scale]++;
        var n = Math.Min(_scored[scale], RateHorizon);
        for (var k = 1; k <= Depth; k++)
        {
            rates[k - 1] += ((shortest <= k ? 1.0 : 0.0) - rates[k - 1]) / n;
        }

        return p;
    }

    private bool IsFamiliar(int scale, ReadOnlySpan<byte> recent, int k)
    {
        if (Contains(Slot(scale, recent, k, -1, 0)))
        {
            return true;
        }

        for (var position = 0; position < k; position++)
        {
            if ((recent[position] > 0 && Contains(Slot(scale, recent, k, position, -1)))
                || (recent[position] < _levels - 1 && Contains(Slot(scale, recent, k, position, 1))))
            {
                return true;
            }
        }

        return false;
    }

    private bool Contains(int slot) => (_table[slot >> 6] & (1UL << (slot & 63))) != 0;

    /// <summary>Table slot of a context of length <paramref name="k"/>, with one position optionally shifted by a level.</summary>
    private static int Slot(int scale, ReadOnlySpan<byte> recent, int k, int shifted, int delta)
    {
        // FNV-1a over the levels, salted with scale and length, then the splitmix64 finaliser to spread the bits.
        var h = 14695981039346656037UL ^ ((ulong)(k + Depth * scale) * 0x9E3779B97F4A7C15UL);
        for (var i = 0; i < k; i++)
        {
            h = (h ^ (ulong)(recent[i] + (i == shifted ? delta : 0) + 1)) * 1099511628211UL;
        }

        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (int)(h & (TableBits - 1));
    }

    /// <summary>Captures the state.</summary>
    public ContextNoveltyState Snapshot() => new()
    {
        Table = ((ReadOnlySpan<ulong>)_table).ToArray(),
        Recent = ((ReadOnlySpan<byte>)_recent).ToArray(),
        Rates = ((ReadOnlySpan<double>)_rates).ToArray(),
        Runs = ((ReadOnlySpan<int>)_runs).ToArray(),
        Scored = ((ReadOnlySpan<long>)_scored).ToArray(),
        BlockSum = _blockSum,
        BlockCount = _blockCount,
        Count = _count,
        Levels = _levels,
    };

    /// <summary>Recreates a detector from a snapshot.</summary>
    public static ContextNoveltyDetector Restore(ContextNoveltyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Table.Length != TableBits / 64 || state.Recent.Length != Scales * Depth || state.Rates.Length != Scales * Depth
            || state.Runs.Length != Scales || state.Scored.Length != Scales)
        {
            throw new ArgumentException("Context novelty snapshot has the wrong shape.", nameof(state));
        }

        // Snapshots from before the level count was configurable carry none: they used the default.
        var d = new ContextNoveltyDetector(state.Levels == 0 ? DefaultLevels : state.Levels)
        {
            _count = state.Count,
            _blockSum = state.BlockSum,
            _blockCount = state.BlockCount,
        };
        state.Table.CopyTo((Span<ulong>)d._table);
        state.Recent.CopyTo((Span<byte>)d._recent);
        state.Rates.CopyTo((Span<double>)d._rates);
        state.Runs.CopyTo((Span<int>)d._runs);
        state.Scored.CopyTo((Span<long>)d._scored);
        return d;
    }
}

[System.Runtime.CompilerServices.InlineArray(ContextNoveltyDetector.TableBits / 64)]
internal struct ContextTable
{
    private ulong _first;
}

[System.Runtime.CompilerServices.InlineArray(ContextNoveltyDetector.Scales * ContextNoveltyDetector.Depth)]
internal struct ScaleSymbols
{
    private byte _first;
}

[System.Runtime.CompilerServices.InlineArray(ContextNoveltyDetector.Scales * ContextNoveltyDetector.Depth)]
internal struct ScaleRates
{
    private double _first;
}

[System.Runtime.CompilerServices.InlineArray(ContextNoveltyDetector.Scales)]
internal struct ScalePair<T>
{
    private T _first;
}

/// <summary>Serializable state of a <see cref="ContextNoveltyDetector"/>.</summary>
public sealed class ContextNoveltyState
{
    /// <summary>Membership table of seen contexts (4,096 bits).</summary>
    public ulong[] Table { get; init; } = [];

    /// <summary>The last levels of each scale, newest first.</summary>
    public byte[] Recent { get; init; } = [];

    /// <summary>Rate of novelty at each context length or shorter, per scale.</summary>
    public double[] Rates { get; init; } = [];

    /// <summary>Contiguous symbols since the last gap, per scale (capped at the depth).</summary>
    public int[] Runs { get; init; } = [];

    /// <summary>Symbols whose contexts were scored, per scale (the novelty rates' sample count).</summary>
    public long[] Scored { get; init; } = [];

    /// <summary>Sum of the samples of the coarse block being filled.</summary>
    public double BlockSum { get; init; }

    /// <summary>Samples in the coarse block being filled.</summary>
    public int BlockCount { get; init; }

    /// <summary>Samples seen.</summary>
    public long Count { get; init; }

    /// <summary>Discretisation levels (0 in snapshots written before they were configurable: the default).</summary>
    public int Levels { get; init; }
}
