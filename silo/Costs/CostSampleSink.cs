using System.Collections.Concurrent;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Silo.Costs;

/// <summary>
/// Decorates the sample router: once the metric grains have applied a request, its usage series (metrics the price
/// catalog names) go to their services' cost grains, attributed to the <c>team</c> and <c>cost_center</c> labels (else
/// the catalog's, else <c>unassigned</c>). Awaited, so a 2xx means the cost is recorded too; a retried request is
/// deduplicated by timestamp in the cost grain as in the metric grain.
/// </summary>
public sealed class CostSampleSink(ISampleSink inner, PriceCatalog prices, ServiceCatalog catalog, IGrainFactory grains) : ISampleSink
{
    private readonly ConcurrentDictionary<string, byte> _registered = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<IngestOutcome> WriteAsync(IReadOnlyList<SeriesSamples> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcome = await inner.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        Dictionary<string, List<UsageSeries>>? byService = null;
        foreach (var series in batch)
        {
            var key = series.Series;
            if (prices.Classify(key.Metric) is null)
            {
                continue;
            }

            var entry = catalog.For(key.Service);
            var usage = new UsageSeries(key.Id, key.Metric,
                Attribute(key.Label("team"), entry.Team), Attribute(key.Label("cost_center"), entry.CostCenter), series.Samples);
            byService ??= new Dictionary<string, List<UsageSeries>>(StringComparer.Ordinal);
            if (!byService.TryGetValue(key.Service, out var list))
            {
                list = [];
                byService[key.Service] = list;
            }

            list.Add(usage);
        }

        if (byService is null)
        {
            return outcome;
        }

        await RegisterAsync(byService).ConfigureAwait(false);
        await Task.WhenAll(byService.Select(s => grains.GetGrain<ICostGrain>(CostKeys.Of(CostDimension.Service, s.Key)).RecordUsage([.. s.Value]))).ConfigureAwait(false);
        return outcome;
    }

    private static string Attribute(string? label, string? configured) =>
        !string.IsNullOrEmpty(label) ? label : !string.IsNullOrEmpty(configured) ? configured : CostKeys.Unassigned;

    private async Task RegisterAsync(Dictionary<string, List<UsageSeries>> byService)
    {
        List<string>? fresh = null;
        foreach (var (service, series) in byService)
        {
            foreach (var key in series.SelectMany(u => new[]
                     {
                         CostKeys.Of(CostDimension.Service, service), CostKeys.Of(CostDimension.Team, u.Team), CostKeys.Of(CostDimension.CostCenter, u.CostCenter),
                     }))
            {
                if (!_registered.ContainsKey(key))
                {
                    (fresh ??= []).Add(key);
                }
            }
        }

        if (fresh is null)
        {
            return;
        }

        // Registered before the usage is recorded, so a summary never misses a grain that has cost.
        await grains.GetGrain<ICostDirectoryGrain>(ICostDirectoryGrain.DefaultKey).Register([.. fresh.Distinct()]).ConfigureAwait(false);
        foreach (var key in fresh)
        {
            _registered.TryAdd(key, 0);
        }
    }
}
