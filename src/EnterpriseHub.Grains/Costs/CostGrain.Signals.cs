using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Costs.Budgets;

namespace EnterpriseHub.Grains.Costs;

/// <summary>Cost anomalies over closed hours and the budget alert.</summary>
public sealed partial class CostGrain
{
    /// <summary>Most hours fed to the ensemble in one go: the whole retained history, so usage replayed or backfilled
    /// in one request is judged hour by hour as it would have been live (at most 1,464 updates of an allocation-free
    /// detector in a turn).</summary>
    private const int MaxCatchUpHours = RetentionHours;

    /// <summary>Anomalies kept for the API.</summary>
    private const int MaxAnomalies = 20;

    private void CloseHours()
    {
        var s = state.State;
        var closeUpTo = UnixHours.Of(s.LatestMs - (long)_options.HourCloseGrace.TotalMilliseconds) - 1;
        var start = s.ClosedHour == long.MinValue ? _costs.Hours.DefaultIfEmpty(long.MaxValue).First() : s.ClosedHour + 1;
        if (start > closeUpTo)
        {
            return;
        }

        start = Math.Max(start, closeUpTo - MaxCatchUpHours + 1);
        for (var hour = start; hour <= closeUpTo; hour++)
        {
            var total = _costs.Total(hour);
            var result = _ensemble.Update(UnixHours.Start(hour).ToUnixTimeMilliseconds(), total);
            if (result.IsAnomaly)
            {
                var reference = new List<IReadOnlyDictionary<string, double>>(24);
                for (var h = hour - 24; h < hour; h++)
                {
                    reference.Add(_costs.Members(h));
                }

                var mover = AnomalyAttribution.Mover(_costs.Members(hour), reference);
                var anomaly = new CostAnomalyView(UnixHours.Start(hour), Money(total), Money(result.Expected), result.Score, mover?.Member ?? "*", Money(mover?.Delta ?? 0));
                s.Anomalies.Insert(0, anomaly);
                if (s.Anomalies.Count > MaxAnomalies)
                {
                    s.Anomalies.RemoveAt(MaxAnomalies);
                }

                s.AnomalyAlertSince ??= anomaly.Hour;
                PostAnomaly(anomaly, AlertState.Firing, s.AnomalyAlertSince.Value, null);
            }
            else if (s.AnomalyAlertSince is { } since && result.Score < _ensemble.AlertThreshold)
            {
                s.AnomalyAlertSince = null;
                var last = s.Anomalies.Count > 0 ? s.Anomalies[0] : null;
                if (last is not null)
                {
                    PostAnomaly(last, AlertState.Resolved, since, UnixHours.Start(hour + 1));
                }
            }
        }

        s.ClosedHour = closeUpTo;
    }

    /// <summary>A firing anomaly alert lasts until the next normal hour closes, an hour or more away, so it is sent
    /// again now and then meanwhile: the router would otherwise end it after its resolve timeout.</summary>
    private void RefreshAnomalyAlert()
    {
        var s = state.State;
        if (s.AnomalyAlertSince is { } since && s.Anomalies.Count > 0 && timeProvider.GetElapsedTime(_lastAnomalyPost) >= _options.AlertRefreshInterval)
        {
            PostAnomaly(s.Anomalies[0], AlertState.Firing, since, null);
        }
    }

    private void PostAnomaly(CostAnomalyView anomaly, AlertState alertState, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        _lastAnomalyPost = timeProvider.GetTimestamp();
        outbox.Post([CostAlerts.Anomaly(_dimension, _name, anomaly, prices.Currency, alertState, startsAt, endsAt)]);
    }

    private void EvaluateBudget()
    {
        var s = state.State;
        var asOf = DateTimeOffset.FromUnixTimeMilliseconds(s.LatestMs);
        var forecast = Forecast(asOf);
        if (forecast.Budget is null && !s.BudgetAlertFiring)
        {
            return;
        }

        var now = timeProvider.GetTimestamp();
        if (forecast.ExceedsBudget)
        {
            var changed = !s.BudgetAlertFiring;
            if (changed)
            {
                s.BudgetAlertFiring = true;
                s.BudgetAlertSince = asOf;
            }

            // Firing alerts are sent again now and then so the router's resolve timeout does not end them.
            if (changed || timeProvider.GetElapsedTime(_lastBudgetPost, now) >= _options.AlertRefreshInterval)
            {
                _lastBudgetPost = now;
                outbox.Post([CostAlerts.Budget(_dimension, _name, forecast, asOf, prices.Currency, AlertState.Firing, s.BudgetAlertSince, null)]);
            }
        }
        else if (s.BudgetAlertFiring)
        {
            s.BudgetAlertFiring = false;
            _lastBudgetPost = now;
            outbox.Post([CostAlerts.Budget(_dimension, _name, forecast, asOf, prices.Currency, AlertState.Resolved, s.BudgetAlertSince, asOf)]);
        }
    }
}
