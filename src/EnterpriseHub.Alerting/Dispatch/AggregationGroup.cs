using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Matching;
using EnterpriseHub.Alerting.Routing;

namespace EnterpriseHub.Alerting.Dispatch;

/// <summary>
/// The alerts a route groups together by its <c>group_by</c> labels, and when the group is next flushed: a new
/// group waits <c>group_wait</c> (so alerts that start together are sent together), then flushes every
/// <c>group_interval</c>; whether a flush notifies anyone is the notification log's call.
/// </summary>
public sealed class AggregationGroup
{
    private readonly Dictionary<string, Alert> _alerts = new(StringComparer.Ordinal);

    /// <summary>Creates an empty group whose first flush is <see cref="Routing.Route.GroupWait"/> from <paramref name="now"/>.</summary>
    public AggregationGroup(Route route, IReadOnlyDictionary<string, string> labels, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(labels);
        Route = route;
        Labels = labels;
        var text = LabelSetText.Format(labels);
        Id = route.Id + ":" + text;
        Key = route.Key + ":" + text;
        NextFlushAt = now + route.GroupWait;
    }

    /// <summary>The route that made it.</summary>
    public Route Route { get; }

    /// <summary>The group labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Its identity in the router.</summary>
    public string Id { get; }

    /// <summary>The group key receivers see: <c>{}/{service="api"}:{alertname="HighLatency"}</c>.</summary>
    public string Key { get; }

    /// <summary>When it is next flushed.</summary>
    public DateTimeOffset NextFlushAt { get; private set; }

    /// <summary>Whether it has been flushed at least once.</summary>
    public bool HasFlushed { get; private set; }

    /// <summary>Notifications of the current flush that have not reported back.</summary>
    public int InFlight { get; set; }

    /// <summary>Whether a notification of the current flush failed, so resolved alerts must stay for the next one.</summary>
    public bool FlushFailed { get; set; }

    /// <summary>The alerts in it: their latest firing or resolved state.</summary>
    public IReadOnlyCollection<Alert> Alerts => _alerts.Values;

    /// <summary>Whether it holds no alerts.</summary>
    public bool IsEmpty => _alerts.Count == 0;

    /// <summary>Adds or replaces an alert (firing or resolved). A group that has not flushed yet flushes at once
    /// when the alert began longer than <c>group_wait</c> ago: its wait is over already.</summary>
    public void Insert(Alert alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _alerts[alert.Fingerprint] = alert;
        if (!HasFlushed && alert.StartsAt + Route.GroupWait < now && NextFlushAt > now)
        {
            NextFlushAt = now;
        }
    }

    /// <summary>Whether the group is due for a flush at <paramref name="now"/>.</summary>
    public bool IsDue(DateTimeOffset now) => NextFlushAt <= now && InFlight == 0;

    /// <summary>Starts a flush: returns the alerts in a stable order (by start, then fingerprint) and schedules the
    /// next flush <c>group_interval</c> from now.</summary>
    public List<Alert> BeginFlush(DateTimeOffset now)
    {
        HasFlushed = true;
        FlushFailed = false;
        NextFlushAt = now + Route.GroupInterval;
        var alerts = _alerts.Values.ToList();
        alerts.Sort(static (a, b) =>
        {
            var byStart = a.StartsAt.CompareTo(b.StartsAt);
            return byStart != 0 ? byStart : string.CompareOrdinal(a.Fingerprint, b.Fingerprint);
        });
        return alerts;
    }

    /// <summary>Removes the resolved alerts of <paramref name="flushed"/> that have not changed since: receivers
    /// know they resolved; an alert that fired again meanwhile stays.</summary>
    public void RemoveResolved(IEnumerable<Alert> flushed)
    {
        ArgumentNullException.ThrowIfNull(flushed);
        foreach (var alert in flushed)
        {
            if (alert.State == AlertState.Resolved && _alerts.TryGetValue(alert.Fingerprint, out var current) && ReferenceEquals(current, alert))
            {
                _alerts.Remove(alert.Fingerprint);
            }
        }
    }
}
