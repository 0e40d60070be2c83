using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;

namespace EnterpriseHub.Alerting.Dispatch;

// Aggregation groups, flushes and the notification log.
public sealed partial class AlertDispatcher
{
    private readonly Dictionary<string, AggregationGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NotificationLogEntry> _log = new(StringComparer.Ordinal);
    private readonly Dictionary<long, PendingNotification> _pending = [];
    private long _nextNotificationId;

    /// <summary>The aggregation groups that hold alerts, by id.</summary>
    public IReadOnlyDictionary<string, AggregationGroup> Groups => _groups;

    /// <summary>The notification log by key (<see cref="LogKey"/>).</summary>
    public IReadOnlyDictionary<string, NotificationLogEntry> NotificationLog => _log;

    /// <summary>The key of the notification log entry of one integration of a receiver and one group.</summary>
    public static string LogKey(string receiver, string integration, string groupId) => receiver + "/" + integration + "|" + groupId;

    /// <summary>Records how the delivery of a notification ended. On success the log learns what the integration
    /// now knows; resolved alerts leave the group once every notification of the flush succeeded. A failure leaves
    /// the log alone, so the next flush tries again.</summary>
    public void Delivered(AlertDeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // A report must match what this dispatcher sent: ids restart with each activation, so a late report from an
        // earlier one could otherwise settle the wrong notification.
        if (!_pending.TryGetValue(report.NotificationId, out var pending)
            || pending.Notification.GroupId != report.GroupId
            || pending.Notification.Receiver != report.Receiver
            || pending.Notification.IntegrationKey != report.Integration)
        {
            return;
        }

        _pending.Remove(report.NotificationId);

        var now = Now;
        var notification = pending.Notification;
        if (report.Succeeded)
        {
            var key = LogKey(notification.Receiver, notification.IntegrationKey, notification.GroupId);
            var entry = new NotificationLogEntry(pending.Firing, pending.Resolved, now);
            _log[key] = entry;
            _changes.Log[key] = entry;
            _changes.Events.Add(new AlertChange(AlertEventTypes.Notified, now, Receiver: notification.Receiver,
                Detail: $"{notification.IntegrationKey} {notification.GroupKey}: {pending.Firing.Count} firing, {pending.Resolved.Count} resolved"));
        }
        else
        {
            _changes.Events.Add(new AlertChange(AlertEventTypes.NotificationFailed, now, Receiver: notification.Receiver,
                Detail: $"{notification.IntegrationKey} {notification.GroupKey} after {report.Attempts} attempt(s): {report.Error}"));
        }

        if (_groups.TryGetValue(notification.GroupId, out var group) && ReferenceEquals(group, pending.Group))
        {
            group.InFlight--;
            group.FlushFailed |= !report.Succeeded;
            if (group.InFlight == 0)
            {
                FinishFlush(group, pending.Flushed);
            }
        }
    }

    private void InsertIntoGroups(Alert alert, DateTimeOffset now)
    {
        foreach (var route in Configuration.Root.Match(alert.Labels))
        {
            var labels = route.GroupLabels(alert.Labels);
            var probe = new AggregationGroup(route, labels, now);
            if (!_groups.TryGetValue(probe.Id, out var group))
            {
                if (alert.State == AlertState.Resolved)
                {
                    // The group was flushed empty and dropped: whoever heard it fire was told when it emptied.
                    continue;
                }

                group = probe;
                _groups[group.Id] = group;
            }

            group.Insert(alert, now);
        }
    }

    private List<Notification> Flush(DateTimeOffset now)
    {
        var notifications = new List<Notification>();
        foreach (var group in _groups.Values.ToList())
        {
            if (group.IsDue(now))
            {
                FlushGroup(group, now, notifications);
            }
        }

        return notifications;
    }

    private void FlushGroup(AggregationGroup group, DateTimeOffset now, List<Notification> notifications)
    {
        var flushed = group.BeginFlush(now);
        var unmuted = new List<Alert>(flushed.Count);
        foreach (var alert in flushed)
        {
            if (!IsMuted(alert))
            {
                unmuted.Add(alert);
            }
        }

        var firing = new HashSet<string>(StringComparer.Ordinal);
        var resolved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alert in unmuted)
        {
            (alert.State == AlertState.Firing ? firing : resolved).Add(alert.Fingerprint);
        }

        var receiver = Configuration.Receivers[group.Route.Receiver];
        var integrations = new List<IntegrationDefinition?>(receiver.Integrations);
        if (integrations.Count == 0)
        {
            integrations.Add(null);
        }

        foreach (var integration in integrations)
        {
            var sendResolved = integration?.SendResolved ?? true;
            var key = LogKey(receiver.Name, integration?.Key ?? Notification.RecordIntegrationKey, group.Id);
            _log.TryGetValue(key, out var last);
            if (unmuted.Count == 0 || !NotificationLogEntry.NeedsUpdate(last, firing, resolved, sendResolved, group.Route.RepeatInterval, now))
            {
                continue;
            }

            var alerts = sendResolved ? unmuted : unmuted.Where(a => a.State == AlertState.Firing).ToList();
            var notification = new Notification(++_nextNotificationId, receiver.Name, integration, group.Id, group.Key, group.Labels, alerts, now);
            if (alerts.Count == 0)
            {
                // Only resolved alerts for an integration that does not want them: it is up to date without a word.
                var entry = new NotificationLogEntry([.. firing], [.. resolved], now);
                _log[key] = entry;
                _changes.Log[key] = entry;
                continue;
            }

            _pending[notification.Id] = new PendingNotification(notification, group, [.. firing], [.. resolved], flushed);
            group.InFlight++;
            notifications.Add(notification);
        }

        if (group.InFlight == 0)
        {
            FinishFlush(group, flushed);
        }
    }

    private void FinishFlush(AggregationGroup group, List<Alert> flushed)
    {
        if (!group.FlushFailed)
        {
            group.RemoveResolved(flushed);
        }

        if (group.IsEmpty)
        {
            _groups.Remove(group.Id);
        }
    }

    private sealed record PendingNotification(
        Notification Notification,
        AggregationGroup Group,
        IReadOnlyList<string> Firing,
        IReadOnlyList<string> Resolved,
        List<Alert> Flushed);
}
