using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Costs.Budgets;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Detection;
using EnterpriseHub.Detection.Ensemble;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Grains.Costs;

/// <summary>
/// The spend of one service, team or cost center. A service's grain prices its usage samples into hourly buckets
/// per resource and reports each changed hour's total to its team's and cost center's grains; every grain then
/// feeds closed hours to the anomaly ensemble and checks the month-end forecast against its budget. Budgets and
/// anomalies run on event time (the newest usage timestamp), so replayed or delayed usage gives the same answers.
/// </summary>
[GrainType("cost")]
public sealed partial class CostGrain(
    [PersistentState("cost")] IPersistentState<CostState> state,
    PriceCatalog prices,
    IOptions<CostOptions> options,
    AlertOutbox outbox,
    TimeProvider timeProvider) : Grain, ICostGrain
{
    /// <summary>Hours of history kept: sixty days for the commitment simulation, and a spare day.</summary>
    public const int RetentionHours = ResourceLedger.RetentionHours;

    private readonly CostOptions _options = options.Value;
    private CostDimension _dimension;
    private string _name = null!;
    private HourlyCosts _costs = null!;
    private AnomalyDetectorEnsemble _ensemble = null!;
    private long _lastCheckpoint;
    private bool _dirty;
    private long _lastBudgetPost;
    private long _lastAnomalyPost;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_dimension, _name) = CostKeys.Parse(GetPrimaryKeyString());
        var saved = state.State;
        if (_dimension == CostDimension.Service)
        {
            _costs = new HourlyCosts();
            foreach (var (resource, ledger) in saved.Resources)
            {
                foreach (var bucket in ledger.Hours)
                {
                    UpdateCost(resource, ledger, bucket.Hour);
                }
            }
        }
        else
        {
            _costs = HourlyCosts.Restore(saved.Hours);
        }

        _ensemble = saved.Detector is { } detector
            ? AnomalyDetectorEnsemble.Restore(detector)
            : new AnomalyDetectorEnsemble(new DetectorOptions { WarmupSamples = _options.AnomalyWarmupHours });
        _lastCheckpoint = timeProvider.GetTimestamp();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => CheckpointAsync();

    /// <inheritdoc />
    public async Task RecordUsage(UsageSeries[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (_dimension != CostDimension.Service)
        {
            throw new InvalidOperationException($"Usage goes to service cost grains, not to '{GetPrimaryKeyString()}'.");
        }

        var touched = new SortedSet<long>();
        foreach (var usage in series)
        {
            if (prices.Classify(usage.Metric) is { } binding)
            {
                state.State.Team = usage.Team;
                state.State.CostCenter = usage.CostCenter;
                Apply(usage, binding, touched);
            }
        }

        if (touched.Count == 0)
        {
            return;
        }

        var latestHour = UnixHours.Of(state.State.LatestMs);
        foreach (var ledger in state.State.Resources.Values)
        {
            ledger.Trim(latestHour);
        }

        _costs.TrimBefore(latestHour - RetentionHours);
        var hours = touched.Select(h => new HourCost(h, _costs.Total(h))).ToArray();
        var team = GrainFactory.GetGrain<ICostGrain>(CostKeys.Of(CostDimension.Team, state.State.Team!));
        var center = GrainFactory.GetGrain<ICostGrain>(CostKeys.Of(CostDimension.CostCenter, state.State.CostCenter!));
        await Task.WhenAll(team.ReportHours(_name, state.State.LatestMs, hours), center.ReportHours(_name, state.State.LatestMs, hours));
        await AfterChangeAsync();
    }

    /// <inheritdoc />
    public async Task ReportHours(string source, long latestMs, HourCost[] hours)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(hours);
        foreach (var hour in hours)
        {
            _costs.Set(hour.Hour, source, hour.Cost);
        }

        state.State.LatestMs = Math.Max(state.State.LatestMs, latestMs);
        _dirty = true;
        _costs.TrimBefore(UnixHours.Of(state.State.LatestMs) - RetentionHours);
        await AfterChangeAsync();
    }

    /// <inheritdoc />
    public Task<CostView> Describe(DateTimeOffset asOf, TimeSpan window)
    {
        var to = UnixHours.Of(asOf) + 1;
        var from = to - Math.Max(1, (long)Math.Ceiling(window.TotalHours));
        var w = _costs.Window(from, to);
        var budget = Forecast(asOf);
        return Task.FromResult(new CostView
        {
            Dimension = CostKeys.Name(_dimension),
            Name = _name,
            Currency = prices.Currency,
            From = UnixHours.Start(from),
            To = UnixHours.Start(to),
            Total = Money(w.Total),
            ObservedHours = w.ObservedHours,
            PerHour = Money(w.PerHour),
            PerDay = Money(w.PerDay),
            PerMonth = Money(w.PerMonth),
            TrendPerDay = Money(w.TrendPerDay),
            Breakdown = w.ByMember.ToDictionary(m => m.Key, m => Money(m.Value), StringComparer.Ordinal),
            Budget = new BudgetView(Money(budget.MonthToDate), Money(budget.RunRatePerHour), Money(budget.MonthEnd), budget.Budget, budget.ExceedsBudget),
            Anomalies = [.. state.State.Anomalies],
        });
    }

    /// <inheritdoc />
    public Task<CostRecommendation[]> Recommendations(DateTimeOffset asOf) =>
        Task.FromResult(_dimension == CostDimension.Service
            ? ServiceRecommender.Recommend(_name, state.State.Resources, prices, _costs, _options, asOf)
            : []);

    /// <summary>Rounds an amount for the API: six decimal places hide binary noise and keep sub-cent unit prices.</summary>
    internal static double Money(double amount) => Math.Round(amount, 6, MidpointRounding.AwayFromZero);

    private void Apply(UsageSeries usage, UsageBinding binding, SortedSet<long> touched)
    {
        var resource = binding.Resource;
        var cursors = state.State.Cursors;
        cursors.TryGetValue(usage.SeriesId, out var cursor);
        if (!state.State.Resources.TryGetValue(resource.Metric, out var ledger))
        {
            ledger = new ResourceLedger();
            state.State.Resources[resource.Metric] = ledger;
        }

        foreach (var sample in usage.Samples)
        {
            // As in the metric grain: older or repeated timestamps are dropped, so a retried request is not billed twice.
            if ((cursor is not null && sample.TimestampMs <= cursor.LastMs) || sample.Value < 0)
            {
                continue;
            }

            _dirty = true;
            var first = cursor is null;
            var previous = cursor?.LastValue ?? 0;
            cursor ??= new SeriesCursor();
            cursor.LastMs = sample.TimestampMs;
            cursor.LastValue = sample.Value;
            state.State.LatestMs = Math.Max(state.State.LatestMs, sample.TimestampMs);
            if (binding.Aggregation == UsageAggregation.Counter && first)
            {
                continue; // The first value of a counter is only its base.
            }

            var raw = binding.Aggregation == UsageAggregation.Counter ? CounterIncrement.Between(previous, sample.Value) : sample.Value;
            var hour = UnixHours.Of(sample.TimestampMs);
            // Levels of several series (pods) add up; the series' own figures for the hour say by how much.
            var series = binding.Aggregation == UsageAggregation.Gauge ? cursor.CurrentHour ??= new SeriesHour() : null;
            if (binding.Role == UsageRole.Billed)
            {
                ledger.AddBilled(hour, raw * binding.Factor, series);
                UpdateCost(resource.Metric, ledger, hour);
                touched.Add(hour);
            }
            else
            {
                ledger.AddUsed(hour, raw * binding.Factor, series);
            }
        }

        if (cursor is not null)
        {
            cursors[usage.SeriesId] = cursor;
        }
    }

    private void UpdateCost(string resource, ResourceLedger ledger, long hour)
    {
        var price = prices.Find(resource);
        var bucket = ledger.Find(hour);
        if (price is not null && bucket is not null && bucket.Count > 0)
        {
            _costs.Set(hour, resource, PriceCatalog.Cost(price, bucket.Quantity(price.Aggregation)));
        }
    }

    private BudgetForecastResult Forecast(DateTimeOffset asOf)
    {
        // The current hour counts as spent (a gauge hour is priced at its mean level for the whole hour), so the
        // forecast extrapolates from the end of it.
        var hour = UnixHours.Of(asOf);
        var monthStart = UnixHours.Of(BudgetForecast.MonthStart(asOf));
        var monthToDate = _costs.Window(monthStart, hour + 1).Total;
        var runRate = _costs.Window(hour + 1 - _options.RunRateHours, hour + 1).PerHour;
        return BudgetForecast.MonthEnd(UnixHours.Start(hour + 1), monthToDate, runRate, _options.BudgetFor(CostKeys.Name(_dimension), _name));
    }

    private async Task AfterChangeAsync()
    {
        CloseHours();
        RefreshAnomalyAlert();
        EvaluateBudget();
        // Checkpoints ride on usage, as the metric grain's do, rather than on a timer per grain: a grain whose usage
        // stopped has nothing new to write until it is deactivated, and a grain only read writes nothing.
        if (timeProvider.GetElapsedTime(_lastCheckpoint) >= _options.CheckpointInterval)
        {
            await CheckpointAsync();
        }
    }

    private async Task CheckpointAsync()
    {
        _lastCheckpoint = timeProvider.GetTimestamp();
        if (!_dirty)
        {
            return;
        }

        // The snapshots stay in the state object: the runtime compares it with what was stored after deactivation.
        state.State.Detector = _ensemble.Snapshot();
        state.State.Hours = _dimension == CostDimension.Service ? null : _costs.Snapshot();
        await state.WriteStateAsync();
        _dirty = false;
    }
}
