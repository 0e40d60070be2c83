using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Ingestion.RemoteWrite;

/// <summary>
/// Remembers, for the raw protobuf bytes of a remote_write label set, the <see cref="SeriesKey"/> built from it, so
/// a series seen before costs a hash and a byte comparison instead of UTF-8 decoding, validation and string
/// building. Bounded: each shard keeps two generations and drops the older one when the newer fills, so memory stays
/// within <c>capacity</c> entries and recently used series survive. Thread-safe (one lock per shard, held for a
/// lookup only).
/// </summary>
public sealed class SeriesIdentityCache
{
    private const int ShardCount = 16;
    private readonly Shard[] _shards;

    /// <summary>Creates a cache for about <paramref name="capacity"/> label sets.</summary>
    public SeriesIdentityCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        var perGeneration = Math.Max(1, capacity / ShardCount / 2);
        _shards = new Shard[ShardCount];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new Shard(perGeneration);
        }
    }

    /// <summary>Label sets held now.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var shard in _shards)
            {
                lock (shard)
                {
                    count += shard.Count;
                }
            }

            return count;
        }
    }

    /// <summary>The hash used by <see cref="TryGet"/> and <see cref="Add"/>.</summary>
    public static int Hash(ReadOnlySpan<byte> labels)
    {
        var hash = default(HashCode);
        hash.AddBytes(labels);
        return hash.ToHashCode();
    }

    /// <summary>Looks up a label set by its raw bytes.</summary>
    public bool TryGet(ReadOnlySpan<byte> labels, int hash, out SeriesKey series)
    {
        var shard = _shards[(uint)hash % ShardCount];
        lock (shard)
        {
            return shard.TryGet(new RawLabels(labels, hash), out series!);
        }
    }

    /// <summary>Remembers the key built from a label set.</summary>
    public void Add(ReadOnlySpan<byte> labels, int hash, SeriesKey series)
    {
        var shard = _shards[(uint)hash % ShardCount];
        lock (shard)
        {
            shard.Add(new StoredLabels(labels.ToArray(), hash), series);
        }
    }

    private sealed class Shard(int perGeneration)
    {
        private Dictionary<StoredLabels, SeriesKey> _hot = new(LabelBytesComparer.Instance);
        private Dictionary<StoredLabels, SeriesKey> _cold = new(LabelBytesComparer.Instance);

        public int Count => _hot.Count + _cold.Count;

        public bool TryGet(RawLabels labels, out SeriesKey? series)
        {
            if (_hot.GetAlternateLookup<RawLabels>().TryGetValue(labels, out series))
            {
                return true;
            }

            var cold = _cold.GetAlternateLookup<RawLabels>();
            if (cold.TryGetValue(labels, out var stored, out series))
            {
                // Used again: promote it so the next rotation keeps it.
                cold.Remove(labels);
                Add(stored, series);
                return true;
            }

            return false;
        }

        public void Add(StoredLabels labels, SeriesKey series)
        {
            if (_hot.Count >= perGeneration)
            {
                (_hot, _cold) = (_cold, _hot);
                _hot.Clear();
            }

            _hot[labels] = series;
        }
    }

    private readonly record struct StoredLabels(byte[] Bytes, int Hash);

    private readonly ref struct RawLabels(ReadOnlySpan<byte> bytes, int hash)
    {
        public ReadOnlySpan<byte> Bytes { get; } = bytes;

        public int Hash { get; } = hash;
    }

    private sealed class LabelBytesComparer : IEqualityComparer<StoredLabels>, IAlternateEqualityComparer<RawLabels, StoredLabels>
    {
        public static readonly LabelBytesComparer Instance = new();

        public bool Equals(StoredLabels x, StoredLabels y) => x.Hash == y.Hash && x.Bytes.AsSpan().SequenceEqual(y.Bytes);

        public int GetHashCode(StoredLabels obj) => obj.Hash;

        public bool Equals(RawLabels alternate, StoredLabels other) => alternate.Hash == other.Hash && alternate.Bytes.SequenceEqual(other.Bytes);

        public int GetHashCode(RawLabels alternate) => alternate.Hash;

        public StoredLabels Create(RawLabels alternate) => new(alternate.Bytes.ToArray(), alternate.Hash);
    }
}
