using System.Buffers.Binary;
using System.Numerics;
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
    private const ulong Prime1 = 0x9E3779B185EBCA87;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4F;
    private const ulong Prime3 = 0x165667B19E3779F9;
    private static readonly ulong s_seed = (ulong)Random.Shared.NextInt64();
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
        // Eight bytes a step, multiply-rotate mixing from a per-process random seed (so label sets chosen to collide
        // cannot be prepared in advance), MurmurHash3's 64-bit finalizer at the end. HashCode.AddBytes works four bytes
        // a step and costs about twice as much on label sets of ~140 bytes.
        var h = s_seed ^ ((ulong)labels.Length * Prime1);
        while (labels.Length >= 8)
        {
            h = (BitOperations.RotateLeft(h ^ (BinaryPrimitives.ReadUInt64LittleEndian(labels) * Prime2), 31) * Prime1) + Prime3;
            labels = labels[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            tail |= (ulong)labels[i] << (8 * i);
        }

        h = BitOperations.RotateLeft(h ^ (tail * Prime2), 31) * Prime1;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        h ^= h >> 33;
        return (int)h ^ (int)(h >> 32);
    }

    /// <summary>Looks up a label set by its raw bytes.</summary>
    public bool TryGet(ReadOnlySpan<byte> labels, int hash, out CachedSeries series)
    {
        var shard = _shards[(uint)hash % ShardCount];
        lock (shard)
        {
            return shard.TryGet(labels, hash, out series);
        }
    }

    /// <summary>Remembers the key built from a label set.</summary>
    public void Add(ReadOnlySpan<byte> labels, int hash, CachedSeries series)
    {
        var shard = _shards[(uint)hash % ShardCount];
        lock (shard)
        {
            shard.Add(labels.ToArray(), hash, series);
        }
    }

    private sealed class Shard(int perGeneration)
    {
        private Generation _hot = new(perGeneration);
        private Generation _cold = new(perGeneration);

        public int Count => _hot.Count + _cold.Count;

        public bool TryGet(ReadOnlySpan<byte> labels, int hash, out CachedSeries series)
        {
            if (_hot.TryGet(labels, hash, out series, out _))
            {
                return true;
            }

            if (_cold.TryGet(labels, hash, out series, out var stored))
            {
                // Used again: copy it into the young generation so the next rotation keeps it.
                Add(stored, hash, series);
                return true;
            }

            return false;
        }

        public void Add(byte[] labels, int hash, CachedSeries series)
        {
            if (_hot.Count >= perGeneration)
            {
                (_hot, _cold) = (_cold, _hot);
                _hot.Clear();
            }

            _hot.Add(labels, hash, series);
        }
    }

    /// <summary>An open-addressing table (linear probing, at most half full): a lookup is a hash compare and one
    /// byte comparison, without the interface calls of a dictionary with a custom comparer.</summary>
    private sealed class Generation
    {
        private readonly int[] _hashes;
        private readonly byte[]?[] _keys;
        private readonly CachedSeries[] _values;
        private readonly int _mask;

        public Generation(int capacity)
        {
            var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, capacity * 2));
            _hashes = new int[size];
            _keys = new byte[size][];
            _values = new CachedSeries[size];
            _mask = size - 1;
        }

        public int Count { get; private set; }

        public bool TryGet(ReadOnlySpan<byte> labels, int hash, out CachedSeries series, out byte[] stored)
        {
            for (var i = hash & _mask; ; i = (i + 1) & _mask)
            {
                var key = _keys[i];
                if (key is null)
                {
                    series = default;
                    stored = [];
                    return false;
                }

                if (_hashes[i] == hash && labels.SequenceEqual(key))
                {
                    series = _values[i];
                    stored = key;
                    return true;
                }
            }
        }

        public void Add(byte[] labels, int hash, CachedSeries series)
        {
            for (var i = hash & _mask; ; i = (i + 1) & _mask)
            {
                var key = _keys[i];
                if (key is null)
                {
                    _keys[i] = labels;
                    _hashes[i] = hash;
                    _values[i] = series;
                    Count++;
                    return;
                }

                if (_hashes[i] == hash && labels.AsSpan().SequenceEqual(key))
                {
                    _values[i] = series;
                    return;
                }
            }
        }

        public void Clear()
        {
            Array.Clear(_keys);
            Array.Clear(_values);
            Count = 0;
        }
    }

    /// <summary>A cached key with the hash of its id, computed once.</summary>
    public readonly record struct CachedSeries(SeriesKey Key, int KeyHash)
    {
        /// <summary>Wraps a freshly built key.</summary>
        public static CachedSeries Of(SeriesKey key) => new(key, key.GetHashCode());
    }
}
