using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Grains.Services;

/// <summary>One service: its catalog entry (configuration, or an operator's edit), the health score across its
/// series and root-cause hints from concurrent anomalies.</summary>
[GrainType("service")]
public sealed class ServiceGrain(
    [PersistentState("service")] IPersistentState<ServiceState> state,
    ServiceCatalog configured) : Grain, IServiceGrain
{
    private bool _seriesDirty;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // New series are recorded at most every half minute: a burst of new series costs one write.
        RegisterGrainTimer(FlushSeriesAsync, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushSeriesAsync(cancellationToken);

    /// <inheritdoc />
    public Task ReportSeries(SeriesReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var series = state.State.Series;
        if (!series.TryGetValue(report.SeriesId, out var known))
        {
            _seriesDirty = true;
        }

        var since = known is not null && known.Status == report.Status ? known.Since : report.Timestamp;
        series[report.SeriesId] = new TrackedSeries(report.Metric, report.Status, report.Score, since);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ServiceView> Describe()
    {
        var series = state.State.Series;
        return Task.FromResult(new ServiceView
        {
            Catalog = Effective(),
            Health = HealthScore.Compute(series.Values.Select(s => (s.Status, s.Score))),
            Series = series.Count,
            Anomalous = series.Values.Count(s => s.Status == SeriesStatus.Anomalous),
            PredictedBreaches = series.Values.Count(s => s.Status == SeriesStatus.PredictedBreach),
            RootCauseHints = AnomalyCorrelator.Hints(series),
            Attention = [.. series.Where(s => s.Value.Status != SeriesStatus.Ok)
                .OrderBy(s => s.Value.Status == SeriesStatus.Anomalous ? 0 : 1).ThenByDescending(s => s.Value.Score)
                .Select(s => new SeriesReport(s.Key, s.Value.Metric, s.Value.Status, s.Value.Score, s.Value.Since))],
        });
    }

    /// <inheritdoc />
    public Task<ServiceCatalogEntry> Catalog() => Task.FromResult(Effective());

    /// <inheritdoc />
    public async Task<ServiceCatalogEntry> UpdateCatalog(ServiceCatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var name = GetPrimaryKeyString();
        if (entry.Name != name)
        {
            throw new ArgumentException($"The entry names service '{entry.Name}' but was sent to '{name}'.", nameof(entry));
        }

        foreach (var rule in entry.Rules)
        {
            ThresholdRule.Parse(rule);
        }

        state.State.Override = entry;
        await state.WriteStateAsync();
        _seriesDirty = false;
        foreach (var seriesId in state.State.Series.Keys)
        {
            _ = GrainFactory.GetGrain<IMetricGrain>(seriesId).CatalogChanged(entry);
        }

        return entry;
    }

    private ServiceCatalogEntry Effective() => state.State.Override ?? configured.For(GetPrimaryKeyString());

    private async Task FlushSeriesAsync(CancellationToken cancellationToken)
    {
        if (_seriesDirty)
        {
            _seriesDirty = false;
            await state.WriteStateAsync(cancellationToken);
        }
    }
}
