using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Costs.Budgets;

namespace EnterpriseHub.Grains.Costs;

/// <summary>Cost anomalies over closed hours and the budget alert.</summary>
public sealed partial class CostGrain
{
    /// <summary>Most hours fed to the ensemble in one go after a gap.</summary>
    private const int MaxCatchUpHours = 48;

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

                s.AnomalyAlertSince = anomaly.Hour;
                outbox.Post([CostAlerts.Anomaly(_dimension, _name, anomaly, prices.Currency, AlertState.Firing, anomaly.Hour, null)]);
            }
            else if (s.AnomalyAlertSince is { } since && result.Score < _ensemble.Options.AlertThreshold)
            {
                s.AnomalyAlertSince = null;
                var last = s.Anomalies.Count > 0 ? s.Anomalies[0] : null;
                if (last is not null)
                {
                    outbox.Post([CostAlerts.Anomaly(_dimension, _name, last, prices.Currency, AlertState.Resolved, since, UnixHours.Start(hour + 1))]);
                }
            }
        }

        s.ClosedHour = closeUpTo;
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
            if (changed || timeProvider.GetElapsedTime(_lastAlertPost, now) >= _options.AlertRefreshInterval)
            {
                _lastAlertPost = now;
                outbox.Post([CostAlerts.Budget(_dimension, _name, forecast, asOf, prices.Currency, AlertState.Firing, s.BudgetAlertSince, null)]);
            }
        }
        else if (s.BudgetAlertFiring)
        {
            s.BudgetAlertFiring = false;
            _lastAlertPost = now;
            outbox.Post([CostAlerts.Budget(_dimension, _name, forecast, asOf, prices.Currency, AlertState.Resolved, s.BudgetAlertSince, asOf)]);
        }
    }
}
