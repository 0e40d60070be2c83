using System.Collections.Concurrent;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Grains.Incidents;

/// <summary>Answers verify steps from the grains: the alert router for alert state, the metric grain for the band.</summary>
public sealed class AlertRemediationProbe(IGrainFactory grains) : IRemediationProbe
{
    /// <summary>Reference bands remembered, at most.</summary>
    public const int MaxReferences = 1024;

    private readonly ConcurrentDictionary<(string SeriesId, DateTimeOffset StartsAt), (double Lower, double Upper)> _references = new();

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
    /// <remarks>The band to come back into is the one from before the condition began (the newest kept point before
    /// the alert's <c>startsAt</c>), not the current one: the baseline re-anchors on a level shift, so during an
    /// outage that lasts its current band moves to the outage's level and "in band" would hold while nothing was
    /// fixed (the demo's error spike: 8% errors inside a re-anchored band within 30 s). A metric grain keeps only its
    /// last <c>Monitoring:RecentPoints</c> points, so the reference band is remembered from the first check of an
    /// alert episode on; if that point had already gone (or after a restart) this check cannot tell and says no,
    /// leaving the verdict to the alert's resolution.</remarks>
    public async Task<bool> IsMetricInBandAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.SeriesId is null)
        {
            return false;
        }

        var view = await grains.GetGrain<IMetricGrain>(alert.SeriesId).Describe(int.MaxValue, 0).ConfigureAwait(false);
        var key = (alert.SeriesId, alert.StartsAt);
        if (!_references.TryGetValue(key, out var reference))
        {
            SeriesPoint? before = null;
            foreach (var point in view.Points)
            {
                if (point.Timestamp < alert.StartsAt)
                {
                    before = point;
                }
            }

            if (before is not { } found)
            {
                return false;
            }

            reference = (found.Lower, found.Upper);
            Remember(key, reference);
        }

        var last = view.Points[^1];
        return last.Timestamp >= alert.StartsAt && last.Value >= reference.Lower && last.Value <= reference.Upper;
    }

    private void Remember((string, DateTimeOffset) key, (double, double) band)
    {
        if (_references.Count >= MaxReferences)
        {
            // Episodes are verified for minutes; the oldest starts are long finished.
            foreach (var old in _references.Keys.OrderBy(k => k.StartsAt).Take(MaxReferences / 2).ToList())
            {
                _references.TryRemove(old, out _);
            }
        }

        _references[key] = band;
    }
}
