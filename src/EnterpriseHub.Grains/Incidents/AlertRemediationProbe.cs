using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Grains.Incidents;

/// <summary>Answers verify steps from the grains: the alert router for alert state, the metric grain for the band.</summary>
public sealed class AlertRemediationProbe(IGrainFactory grains) : IRemediationProbe
{
    /// <inheritdoc />
    public async Task<bool> IsAlertResolvedAsync(string incidentId, Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        // The router's active set is the truth; the incident's copy lags by a group interval.
        var active = await grains.GetGrain<IAlertRouterGrain>(IAlertRouterGrain.DefaultKey)
            .GetAlerts(new AlertQuery { Active = true, Service = alert.Labels.GetValueOrDefault("service"), Limit = AlertQuery.MaxLimit }).ConfigureAwait(false);
        return !active.Any(v => v.Alert.Fingerprint == alert.Fingerprint && v.Alert.State == AlertState.Firing);
    }

    /// <inheritdoc />
    public async Task<bool> IsMetricInBandAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.SeriesId is null)
        {
            return false;
        }

        var view = await grains.GetGrain<IMetricGrain>(alert.SeriesId).Describe(3, 0).ConfigureAwait(false);
        if (view.Points.Count == 0)
        {
            return false;
        }

        var last = view.Points[^1];
        return last.Value >= last.Lower && last.Value <= last.Upper;
    }
}
