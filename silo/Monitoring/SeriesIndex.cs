using System.Collections.Concurrent;
using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Silo.Monitoring;

/// <summary>A known series: its key, a cached grain reference and its latest status as returned by ingestion.</summary>
public sealed class SeriesEntry(SeriesKey key, IMetricGrain grain)
{
    /// <summary>The series.</summary>
    public SeriesKey Key { get; } = key;

    /// <summary>Its grain; cached so a warm ingestion allocates no reference.</summary>
    public IMetricGrain Grain { get; } = grain;

    private long _samples;

    /// <summary>Status after the latest batch.</summary>
    public SeriesStatus Status { get; private set; }

    /// <summary>Latest anomaly score.</summary>
    public double Score { get; private set; }

    /// <summary>Latest value.</summary>
    public double LastValue { get; private set; }

    /// <summary>Samples applied through this silo since it started.</summary>
    public long Samples => Volatile.Read(ref _samples);

    /// <summary>Takes what the grain said after a batch. Racing batches of one series may leave either's figures;
    /// both are current to within one batch.</summary>
    public void Update(IngestCounts counts)
    {
        Status = counts.Status;
        Score = counts.Score;
        LastValue = counts.LastValue;
        Interlocked.Add(ref _samples, counts.Accepted);
    }
}

/// <summary>
/// Every series the silo knows, for listing, filtering and the series-per-service limit, without waking grains.
/// New series are written to <see cref="SeriesIndexStore"/> so the index and the limit survive restarts.
/// </summary>
public sealed class SeriesIndex : ISeriesKeyLookup
{
    private readonly ConcurrentDictionary<string, SeriesEntry> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _perService = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly SeriesIndexStore _store;

    /// <summary>Loads the stored index.</summary>
    public SeriesIndex(IGrainFactory grains, SeriesIndexStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _grains = grains;
        _store = store;
        foreach (var id in store.LoadAll())
        {
            var key = SeriesKey.Parse(id);
            if (_byId.TryAdd(id, new SeriesEntry(key, grains.GetGrain<IMetricGrain>(id))))
            {
                _perService.AddOrUpdate(key.Service, 1, static (_, n) => n + 1);
            }
        }
    }

    /// <summary>Series known.</summary>
    public int Count => _byId.Count;

    /// <summary>All series.</summary>
    public ICollection<SeriesEntry> All => _byId.Values;

    /// <summary>Series per service.</summary>
    public IReadOnlyDictionary<string, int> PerService => _perService;

    /// <summary>Finds a series by id.</summary>
    public SeriesEntry? FindEntry(string id) => _byId.GetValueOrDefault(id);

    /// <inheritdoc />
    public SeriesKey? Find(string id) => _byId.TryGetValue(id, out var entry) ? entry.Key : null;

    /// <summary>Looks up or registers the series of a request. New series that would take a service past
    /// <paramref name="maxPerService"/> reject the whole request before any sample is delivered.</summary>
    public SeriesEntry[] Resolve(IReadOnlyList<SeriesSamples> batch, int maxPerService)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var entries = new SeriesEntry[batch.Count];
        Dictionary<string, int>? newPerService = null;
        for (var i = 0; i < batch.Count; i++)
        {
            if (_byId.TryGetValue(batch[i].Series.Id, out var known))
            {
                entries[i] = known;
                continue;
            }

            newPerService ??= new Dictionary<string, int>(StringComparer.Ordinal);
            var service = batch[i].Series.Service;
            newPerService[service] = newPerService.GetValueOrDefault(service) + 1;
        }

        if (newPerService is null)
        {
            return entries;
        }

        foreach (var (service, added) in newPerService)
        {
            var existing = _perService.GetValueOrDefault(service);
            if (existing + added > maxPerService)
            {
                throw new IngestRejectedException("series", $"Service '{service}' has {existing} series and this request adds {added}; the limit is {maxPerService} (Ingestion:MaxSeriesPerService).");
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (entries[i] is not null)
            {
                continue;
            }

            var key = batch[i].Series;
            var created = new SeriesEntry(key, _grains.GetGrain<IMetricGrain>(key.Id));
            var entry = _byId.GetOrAdd(key.Id, created);
            if (ReferenceEquals(entry, created))
            {
                _perService.AddOrUpdate(key.Service, 1, static (_, n) => n + 1);
                _store.Add(key.Id);
            }

            entries[i] = entry;
        }

        return entries;
    }
}
