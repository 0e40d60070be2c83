using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Detection.Forecasting;
using EnterpriseHub.Grains.Monitoring;

namespace EnterpriseHub.Grains.Metrics;

/// <summary>Which alert sources a series has, from its service's catalog entry, and how they are checkpointed.</summary>
public sealed partial class MetricGrain
{
    /// <summary>Most steps <see cref="Describe"/> forecasts, however many are asked for.</summary>
    public const int MaxForecastSteps = 10_000;

    private const double ForecastConfidence = 0.95;

    /// <summary>Builds the sources: always the anomaly ensemble; threshold rules and SLOs naming this metric; and
    /// predictive sources for every upper bound (rule or SLO), or the utilisation default. A forecaster is kept
    /// only when there is something to predict, which keeps most series small.</summary>
    private void ConfigureSources(SeasonalForecaster? restoredForecaster)
    {
        var sources = new List<AlertSource>(1);
        sources.Add(new AnomalySource(services.Options.AnomalyResolveAfter));
        var predictive = new List<(double Threshold, string Reason)>();
        foreach (var text in _catalog.Rules)
        {
            var rule = ThresholdRule.Parse(text);
            if (rule.Metric != _series.Metric)
            {
                continue;
            }

            sources.Add(new ThresholdSource(rule));
            if (rule.IsUpperBound)
            {
                predictive.Add((rule.Threshold, $"rule '{rule.Text}'"));
            }
        }

        foreach (var slo in _catalog.Slos)
        {
            if (slo.Metric != _series.Metric)
            {
                continue;
            }

            var tracker = new SloBurnRateTracker(slo);
            sources.Add(new SloBurnSource(tracker, fast: true));
            sources.Add(new SloBurnSource(tracker, fast: false));
            if (!slo.LowerIsBad)
            {
                predictive.Add((slo.Threshold, $"SLO '{slo.Name}'"));
            }
        }

        if (predictive.Count == 0 && services.Options.UtilisationThresholdPercent > 0 && MetricKinds.IsUtilisationPercent(_series.Metric))
        {
            predictive.Add((services.Options.UtilisationThresholdPercent, "utilisation limit"));
        }

        _forecaster = predictive.Count == 0 ? null : restoredForecaster ?? new SeasonalForecaster();
        foreach (var (threshold, reason) in predictive.DistinctBy(p => p.Threshold))
        {
            var lifecycle = new AlertLifecycle(services.Options.PredictionFor, services.Options.PredictionKeepFiringFor);
            sources.Add(new PredictiveSource(_forecaster!, _recent, services.Options.PredictionWindowSamples, threshold, reason, services.Options.PredictionHorizon, services.Options.PredictionConfidence, lifecycle));
        }

        _sources = [.. sources];
    }

    private List<SavedAlert>? SaveAlerts()
    {
        List<SavedAlert>? saved = null;
        foreach (var source in _sources)
        {
            if (source.Lifecycle is { State: AlertState.Pending or AlertState.Firing, ActiveSince: { } since, LastTrue: { } last })
            {
                (saved ??= []).Add(new SavedAlert(source.Name, source.Lifecycle.State.Value, since, last, source.Current));
            }
        }

        return saved;
    }

    private void RestoreAlerts(List<SavedAlert>? saved)
    {
        foreach (var alert in saved ?? [])
        {
            var source = Array.Find(_sources, s => s.Name == alert.Name);
            if (source is null)
            {
                // The rule or SLO behind it is gone: tell the router it resolved.
                if (alert.Alert is { } orphan)
                {
                    (_changed ??= []).Add(orphan with { State = AlertState.Resolved, EndsAt = services.TimeProvider.GetUtcNow() });
                }

                continue;
            }

            source.Lifecycle.Restore(alert.State, alert.ActiveSince, alert.LastTrue);
            source.Current = alert.Alert;
        }
    }

    /// <summary>The forecast: from the live forecaster when the series has one, otherwise from a forecaster fitted
    /// on the recent points on demand (so every series can show one without paying for it per sample).</summary>
    private ForecastPointView[] Forecast(int steps)
    {
        if (steps <= 0 || state.State.Samples < 3)
        {
            return [];
        }

        var forecaster = _forecaster;
        if (forecaster is null)
        {
            forecaster = new SeasonalForecaster();
            foreach (var (timestamp, value) in _recent.Values())
            {
                forecaster.Update(timestamp, value);
            }
        }

        return [.. forecaster.Forecast(Math.Min(steps, MaxForecastSteps), ForecastConfidence).Select(p => new ForecastPointView(p.Timestamp, p.Value, p.Lower, p.Upper))];
    }
}
