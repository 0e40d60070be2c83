using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Ingestion;

/// <summary>
/// Collects the samples of one request, merges entries of the same series and produces the sink's batch. Samples
/// are kept flat (series index, sample) until <see cref="Build"/>, so a series costs one array, whatever its order
/// in the request. Within a series samples are sorted by timestamp (stable), so arrival order inside one request
/// never makes a sample out of order; duplicates keep their arrival order and the sink keeps the first.
/// </summary>
internal sealed class SeriesBatchBuilder(int maxSamples, int expectedSeries = 0, int expectedSamples = 0)
{
    private readonly Dictionary<HashedKey, int> _index = new(expectedSeries, HashedKeyComparer.Instance);
    private readonly List<SeriesKey> _keys = new(expectedSeries);
    private readonly List<int> _counts = new(expectedSeries);
    private readonly List<(int Series, Sample Sample)> _samples = new(expectedSamples);
    private int _skippedStale;
    private int _skippedNonFinite;
    private int _seen;

    /// <summary>Samples seen so far, skipped ones included.</summary>
    public int Seen => _seen;

    /// <summary>Adds a finite sample of <paramref name="series"/>.</summary>
    public void Add(SeriesKey series, long timestampMs, double value) => Add(IndexOf(series), timestampMs, value);

    /// <summary>The index of <paramref name="series"/> in this batch, for repeated <see cref="Add(int, long, double)"/>.</summary>
    public int IndexOf(SeriesKey series) => IndexOf(series, series.GetHashCode());

    /// <summary>As <see cref="IndexOf(SeriesKey)"/>, with the key's hash computed before (remote_write caches it with
    /// the key, so a known series is not hashed again).</summary>
    public int IndexOf(SeriesKey series, int hash)
    {
        var key = new HashedKey(series, hash);
        if (!_index.TryGetValue(key, out var i))
        {
            i = _keys.Count;
            _index.Add(key, i);
            _keys.Add(series);
            _counts.Add(0);
        }

        return i;
    }

    /// <summary>Adds a finite sample of the series at <paramref name="seriesIndex"/>.</summary>
    public void Add(int seriesIndex, long timestampMs, double value)
    {
        CountSeen();
        _counts[seriesIndex]++;
        _samples.Add((seriesIndex, new Sample(timestampMs, value)));
    }

    /// <summary>Counts a staleness marker.</summary>
    public void SkipStale()
    {
        CountSeen();
        _skippedStale++;
    }

    /// <summary>Counts a NaN, infinite, out-of-range (beyond ±1e100) or missing value.</summary>
    public void SkipNonFinite()
    {
        CountSeen();
        _skippedNonFinite++;
    }

    /// <summary>The batch for the sink.</summary>
    public DecodedBatch Build()
    {
        var arrays = new Sample[_keys.Count][];
        for (var i = 0; i < arrays.Length; i++)
        {
            arrays[i] = new Sample[_counts[i]];
            _counts[i] = 0;
        }

        foreach (var (series, sample) in _samples)
        {
            arrays[series][_counts[series]++] = sample;
        }

        var result = new SeriesSamples[arrays.Length];
        for (var i = 0; i < arrays.Length; i++)
        {
            SortIfNeeded(arrays[i]);
            result[i] = new SeriesSamples(_keys[i], arrays[i]);
        }

        return new DecodedBatch(result, _samples.Count, _skippedStale, _skippedNonFinite);
    }

    private void CountSeen()
    {
        if (++_seen > maxSamples)
        {
            throw new IngestTooLargeException("Ingestion:MaxSamplesPerRequest", maxSamples,
                $"The request carries more than {maxSamples} samples (Ingestion:MaxSamplesPerRequest); split it into smaller requests.");
        }
    }

    private static void SortIfNeeded(Sample[] samples)
    {
        for (var i = 1; i < samples.Length; i++)
        {
            if (samples[i].TimestampMs < samples[i - 1].TimestampMs)
            {
                // Stable: equal timestamps keep arrival order, so "first one wins" for duplicates stays true.
                var sorted = samples.OrderBy(static s => s.TimestampMs).ToArray();
                sorted.CopyTo(samples, 0);
                return;
            }
        }
    }

    private readonly record struct HashedKey(SeriesKey Key, int Hash);

    private sealed class HashedKeyComparer : IEqualityComparer<HashedKey>
    {
        public static readonly HashedKeyComparer Instance = new();

        public bool Equals(HashedKey x, HashedKey y) => x.Hash == y.Hash && (ReferenceEquals(x.Key, y.Key) || x.Key.Equals(y.Key));

        public int GetHashCode(HashedKey obj) => obj.Hash;
    }
}
