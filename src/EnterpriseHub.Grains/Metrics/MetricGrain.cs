using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Detection;
using EnterpriseHub.Detection.Ensemble;
using EnterpriseHub.Detection.Forecasting;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Grains.Metrics;

/// <summary>
/// One monitored series: applies samples in time order to the anomaly ensemble (and, where a threshold or SLO gives
/// it something to predict, to a forecaster), keeps recent points, evaluates the alert sources and sends alert
/// changes to the alert router and status changes to its service.
/// </summary>
[GrainType("metric")]
public sealed partial class MetricGrain(
    [PersistentState("series")] IPersistentState<MetricState> state,
    MetricGrainServices services) : Grain, IMetricGrain
{
    // An exact-size array rather than a list: most series have the one anomaly source, and this is per series.
    private AlertSource[] _sources = [];
    // Created on the first alert change: most series never raise one, and this is per series.
    private List<Alert>? _changed;
    private SeriesKey _series = null!;
    private AnomalyDetectorEnsemble _ensemble = null!;
    private SeasonalForecaster? _forecaster;
    private RecentPoints _recent = null!;
    private ServiceCatalogEntry _catalog = null!;
    private SeriesStatus _reportedStatus;
    private bool _reported;
    private bool _dirty;
    // A counter is monitored as its per-second rate (MonitoringOptions.IsCounter).
    private bool _counter;
    private long _lastAlertRefresh;
    private long _lastCheckpoint;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = GetPrimaryKeyString();
        _series = services.SeriesKeys?.Find(id) ?? SeriesKey.Parse(id);
        var saved = state.State;
        _counter = services.Options.IsCounter(_series.Metric);
        if (saved.CounterRates != _counter && (saved.Samples > 0 || saved.CounterValue is not null))
        {
            // Learned on running counts and now fed rates, or the other way round (an older checkpoint, or a changed
            // Monitoring:CounterSuffixes): the models would take the new values for one great anomaly.
            LogStartedAfresh(services.Logger, _series.Id, _counter ? "per-second rates" : "values as sent");
            // Its alerts stay, and resolve when their conditions stop holding.
            (saved.Detector, saved.Forecaster, saved.Recent) = (null, null, null);
            (saved.Samples, saved.LastValue, saved.LastScore, saved.CounterValue) = (0, 0, 0, null);
        }

        saved.CounterRates = _counter;
        _ensemble = saved.Detector is { } detector
            ? AnomalyDetectorEnsemble.Restore(detector, services.DetectorOptions)
            : new AnomalyDetectorEnsemble(services.DetectorOptions);
        _recent = new RecentPoints(services.Options.RecentPoints);
        if (saved.Recent is { } recent)
        {
            _recent.Load(recent);
        }

        // Snapshots live in the grain's objects while it is active; the state object only carries them to storage.
        saved.Detector = null;
        saved.Recent = null;
        _catalog = await GrainFactory.GetGrain<IServiceGrain>(_series.Service).Catalog();
        ConfigureSources(saved.Forecaster is { } f ? SeasonalForecaster.Restore(f) : null);
        saved.Forecaster = null;
        RestoreAlerts(saved.Alerts);
        saved.Alerts = null;
        _reportedStatus = saved.Status;
        _lastCheckpoint = services.TimeProvider.GetTimestamp();
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The state object is left holding the full checkpoint: the runtime writes state whose content changed
        // since the last write after this returns, and must see exactly what is stored.
        FillState();
        if (_dirty)
        {
            await state.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
    }

    /// <inheritdoc />
    public ValueTask<IngestCounts> Ingest(Sample[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var s = state.State;
        int accepted = 0, outOfOrder = 0, duplicates = 0;
        foreach (var sample in samples)
        {
            if (sample.TimestampMs < s.LastTimestampMs)
            {
                outOfOrder++;
                continue;
            }

            if (sample.TimestampMs == s.LastTimestampMs)
            {
                duplicates++;
                continue;
            }

            Apply(sample);
            accepted++;
        }

        s.OutOfOrder += outOfOrder;
        s.Duplicates += duplicates;
        var counts = new IngestCounts(accepted, outOfOrder, duplicates, _reportedStatus, s.LastScore, s.LastValue);
        if (accepted == 0)
        {
            return ValueTask.FromResult(counts);
        }

        _dirty = true;
        var now = AfterBatch();
        counts = counts with { Status = _reportedStatus };

        // Checkpoints ride on ingestion rather than a timer per grain: a series that stops sending has nothing new
        // to write until it is deactivated, and a hundred thousand timers would cost more than the clock read.
        return services.TimeProvider.GetElapsedTime(_lastCheckpoint, now) < services.Options.CheckpointInterval
            ? ValueTask.FromResult(counts)
            : CheckpointThenReturn(counts, now);
    }

    private async ValueTask<IngestCounts> CheckpointThenReturn(IngestCounts counts, long now)
    {
        _lastCheckpoint = now;
        await CheckpointAsync(CancellationToken.None);
        return counts;
    }

    /// <inheritdoc />
    public Task<SeriesView> Describe(int maxPoints, int forecastSteps)
    {
        var s = state.State;
        return Task.FromResult(new SeriesView
        {
            Id = _series.Id,
            Service = _series.Service,
            Metric = _series.Metric,
            Labels = _series.Labels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal),
            Status = CurrentStatus(),
            Score = s.LastScore,
            LastValue = s.Samples == 0 ? null : s.LastValue,
            LastTimestamp = s.Samples == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(s.LastTimestampMs),
            Samples = s.Samples,
            OutOfOrder = s.OutOfOrder,
            Duplicates = s.Duplicates,
            Period = _ensemble.Period,
            PerSecond = _counter,
            Points = _recent.Latest(maxPoints),
            Forecast = Forecast(forecastSteps),
            ActiveAlerts = [.. _sources.Where(x => x.Lifecycle.State is AlertState.Pending or AlertState.Firing).Select(x => x.Name)],
        });
    }

    /// <inheritdoc />
    public Task CatalogChanged(ServiceCatalogEntry entry)
    {
        _catalog = entry ?? throw new ArgumentNullException(nameof(entry));
        var saved = SaveAlerts();
        ConfigureSources(_forecaster);
        RestoreAlerts(saved);
        return Task.CompletedTask;
    }

    private void Apply(Sample sample)
    {
        var s = state.State;
        if (_counter && !ToRate(ref sample))
        {
            return;
        }

        var detection = _ensemble.Update(sample.TimestampMs, sample.Value);
        _forecaster?.Update(sample.TimestampMs, sample.Value);
        _recent.Add(sample.TimestampMs, sample.Value, detection.Expected, detection.Lower, detection.Upper, detection.Score);
        s.LastTimestampMs = sample.TimestampMs;
        s.LastValue = sample.Value;
        s.LastScore = detection.Score;
        s.Samples++;

        var context = new SampleContext(sample.TimestampMs, sample.Value, detection);
        foreach (var source in _sources)
        {
            if (source is SloBurnSource slo && ReferenceEquals(slo, FirstSourceOf(slo.Tracker)))
            {
                slo.Tracker.Add(sample.TimestampMs, sample.Value);
            }

            var transition = source.Lifecycle.Evaluate(source.Holds(context), context.Time);
            if (transition != AlertTransition.None)
            {
                OnTransition(source, transition, context);
            }
        }
    }

    /// <summary>
    /// Replaces a counter's running count by its per-second rate since the previous sample, as Prometheus' <c>rate()</c>
    /// reads counters: a drop is a restart from zero, so the increase is the new count itself. False for the first
    /// sample, which is only the base of the next rate.
    /// </summary>
    private bool ToRate(ref Sample sample)
    {
        var s = state.State;
        var previous = s.CounterValue;
        var elapsedMs = sample.TimestampMs - s.LastTimestampMs;
        s.CounterValue = sample.Value;
        s.LastTimestampMs = sample.TimestampMs;
        if (previous is not { } before)
        {
            return false;
        }

        var increase = sample.Value >= before ? sample.Value - before : sample.Value;
        sample = new Sample(sample.TimestampMs, increase * 1000 / elapsedMs);
        return true;
    }

    private void OnTransition(AlertSource source, AlertTransition transition, in SampleContext sample)
    {
        var lifecycle = source.Lifecycle;
        switch (transition)
        {
            case AlertTransition.Pending:
            case AlertTransition.Firing:
                var draft = source.Describe(sample, _catalog.Tier);
                var alertState = transition == AlertTransition.Firing ? AlertState.Firing : AlertState.Pending;
                source.Current = services.AlertFactory.Build(draft, _series, _catalog, alertState, lifecycle.ActiveSince!.Value, null);
                (_changed ??= []).Add(source.Current);
                if (transition == AlertTransition.Firing)
                {
                    LogAlertFiring(services.Logger, draft.Name, _series.Id, draft.Summary);
                }

                break;
            case AlertTransition.Resolved:
            case AlertTransition.Cancelled:
                if (source.Current is { } current)
                {
                    (_changed ??= []).Add(current with { State = AlertState.Resolved, EndsAt = lifecycle.ResolvedAt ?? sample.Time });
                    source.Current = null;
                }

                break;
        }
    }

    /// <summary>After a batch: send alert changes (and periodic refreshes of firing alerts), report status changes.
    /// Returns the clock reading it took.</summary>
    private long AfterBatch()
    {
        var now = services.TimeProvider.GetTimestamp();
        if (services.TimeProvider.GetElapsedTime(_lastAlertRefresh, now) >= services.Options.AlertRefreshInterval)
        {
            foreach (var source in _sources)
            {
                if (source.Lifecycle.State == AlertState.Firing && source.Current is { } firing && !(_changed?.Contains(firing) ?? false))
                {
                    (_changed ??= []).Add(firing);
                }
            }

            _lastAlertRefresh = now;
        }

        if (_changed is { Count: > 0 })
        {
            services.Outbox.Post([.. _changed]);
            _changed.Clear();
        }

        var status = CurrentStatus();
        if (!_reported || status != _reportedStatus)
        {
            _reported = true;
            _reportedStatus = status;
            state.State.Status = status;
            var s = state.State;
            GrainFactory.GetGrain<IServiceGrain>(_series.Service)
                .ReportSeries(new SeriesReport(_series.Id, _series.Metric, status, s.LastScore, DateTimeOffset.FromUnixTimeMilliseconds(s.LastTimestampMs)));
        }

        return now;
    }

    private SeriesStatus CurrentStatus()
    {
        var predicted = false;
        foreach (var source in _sources)
        {
            if (source.Lifecycle.State != AlertState.Firing)
            {
                continue;
            }

            if (source is PredictiveSource)
            {
                predicted = true;
            }
            else
            {
                return SeriesStatus.Anomalous;
            }
        }

        return predicted ? SeriesStatus.PredictedBreach : SeriesStatus.Ok;
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        var s = FillState();
        try
        {
            await state.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
        finally
        {
            s.Detector = null;
            s.Forecaster = null;
            s.Recent = null;
        }
    }

    private MetricState FillState()
    {
        var s = state.State;
        s.Detector = _ensemble.Snapshot();
        s.Forecaster = _forecaster?.Snapshot();
        s.Recent = _recent.Save();
        s.Alerts = SaveAlerts();
        s.Status = CurrentStatus();
        return s;
    }

    private AlertSource? FirstSourceOf(SloBurnRateTracker tracker)
    {
        foreach (var source in _sources)
        {
            if (source is SloBurnSource slo && ReferenceEquals(slo.Tracker, tracker))
            {
                return source;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Series {SeriesId} starts its models afresh: it is now monitored as {Values}")]
    private static partial void LogStartedAfresh(ILogger logger, string seriesId, string values);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertName} firing on {SeriesId}: {Summary}")]
    private static partial void LogAlertFiring(ILogger logger, string alertName, string seriesId, string summary);
}
