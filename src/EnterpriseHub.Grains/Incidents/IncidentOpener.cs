using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Alerting.Dispatch;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Grains.Incidents;

/// <summary>The alert router's group observer: every group notification goes, one-way, to the incident whose id
/// derives from the group key. Several integrations of one flush send the same update; the incident takes it
/// idempotently.</summary>
public sealed class IncidentOpener(IGrainFactory grains) : IAlertGroupObserver
{
    /// <inheritdoc />
    public void OnNotification(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var incident = grains.GetGrain<IIncidentGrain>(IncidentIds.ForGroupKey(notification.GroupKey));
        _ = incident.OnAlertGroup(new AlertGroupUpdate(notification.GroupKey, notification.Receiver, notification.Alerts));
    }
}
