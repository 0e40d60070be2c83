using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Silencing;

namespace EnterpriseHub.Alerting.Dispatch;

/// <summary>
/// The alert router's state machine, free of I/O and threads so the grain can drive it turn by turn and tests can
/// drive it with a fake clock: it dedups alerts by fingerprint, keeps the active ones, resolves those whose source
/// went quiet for the resolve timeout, works out which silences and inhibitions mute each alert, puts firing and
/// resolved alerts into aggregation groups along the routing tree, and decides at each group flush which
/// integrations must be notified. Every change it makes is queued for <see cref="TakeChanges"/>.
/// </summary>
public sealed partial class AlertDispatcher
{
    private readonly Dictionary<string, TrackedAlert> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Silence> _silences = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private DispatchChanges _changes = new();

    /// <summary>Creates a dispatcher with <paramref name="configuration"/> on the clock <paramref name="time"/>.</summary>
    public AlertDispatcher(AlertingConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        Configuration = configuration;
        _time = time;

        // Notification ids start from the clock so that two activations in one process do not reuse them.
        _nextNotificationId = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    }

    /// <summary>The configuration in force.</summary>
    public AlertingConfiguration Configuration { get; }

    /// <summary>The active (pending and firing) alerts by fingerprint.</summary>
    public IReadOnlyDictionary<string, TrackedAlert> Alerts => _alerts;

    /// <summary>Every silence the dispatcher knows, expired ones included.</summary>
    public IEnumerable<Silence> Silences => _silences.Values;

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Takes the states of some alerts from their sources, then does whatever became due.</summary>
    public void Receive(IEnumerable<Alert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var now = Now;
        foreach (var incoming in alerts)
        {
            if (incoming is null)
            {
                continue;
            }

            Apply(Normalize(incoming), now);
        }

        RecomputeMutes(now);
    }

    /// <summary>Puts back the state the store kept: active alerts (their resolve timeout restarts now), silences and
    /// the notification log. Firing alerts go back into their groups; the log keeps receivers from hearing again
    /// what they already know.</summary>
    public void Restore(IEnumerable<Alert> active, IEnumerable<SilenceRecord> silences, IEnumerable<KeyValuePair<string, NotificationLogEntry>> log)
    {
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(silences);
        ArgumentNullException.ThrowIfNull(log);
        var now = Now;
        foreach (var silence in silences)
        {
            _silences[silence.Id] = Silence.From(silence);
        }

        foreach (var (key, entry) in log)
        {
            _log[key] = entry;
        }

        foreach (var alert in active)
        {
            _alerts[alert.Fingerprint] = new TrackedAlert(alert, now);
            if (alert.State == AlertState.Firing)
            {
                InsertIntoGroups(alert, now);
            }
        }

        RecomputeMutes(now);
        _changes.Events.Clear();
    }

    /// <summary>Resolves alerts whose source stopped refreshing them, follows silences starting and ending, and
    /// flushes the groups that are due. Returns the notifications to deliver.</summary>
    public List<Notification> Tick()
    {
        var now = Now;
        ExpireStale(now);
        RecomputeMutes(now);
        return Flush(now);
    }

    /// <summary>The next time <see cref="Tick"/> has something to do, or null when nothing is scheduled.</summary>
    public DateTimeOffset? NextDueAt()
    {
        var now = Now;
        DateTimeOffset? next = null;
        foreach (var group in _groups.Values)
        {
            if (group.InFlight == 0)
            {
                next = Earliest(next, group.NextFlushAt);
            }
        }

        foreach (var tracked in _alerts.Values)
        {
            next = Earliest(next, tracked.UpdatedAt + Configuration.ResolveTimeout);
        }

        foreach (var silence in _silences.Values)
        {
            if (silence.Record.StartsAt > now)
            {
                next = Earliest(next, silence.Record.StartsAt);
            }

            if (silence.Record.EndsAt > now)
            {
                next = Earliest(next, silence.Record.EndsAt);
            }
        }

        return next;
    }

    /// <summary>Everything changed since the last call: events, silences and notification log entries to store.</summary>
    public DispatchChanges TakeChanges()
    {
        var changes = _changes;
        _changes = new DispatchChanges();
        return changes;
    }

    private static Alert Normalize(Alert alert) =>
        string.IsNullOrEmpty(alert.Fingerprint) ? alert with { Fingerprint = AlertFingerprint.Compute(alert.Labels) } : alert;

    private void Apply(Alert alert, DateTimeOffset now)
    {
        if (!_alerts.TryGetValue(alert.Fingerprint, out var tracked))
        {
            // A resolved alert the router does not hold was resolved already (or never seen): nothing changes.
            if (alert.State != AlertState.Resolved)
            {
                _alerts[alert.Fingerprint] = new TrackedAlert(alert, now);
                StateChanged(alert, now);
                if (alert.State == AlertState.Firing)
                {
                    InsertIntoGroups(alert, now);
                }
            }

            return;
        }

        var previous = tracked.Alert;
        if (alert.State == AlertState.Resolved)
        {
            Resolve(tracked, alert.EndsAt ?? now, alert, now);
            return;
        }

        // Refreshes of one episode keep its earliest start, as Alertmanager merges them.
        var merged = alert.StartsAt > previous.StartsAt ? alert with { StartsAt = previous.StartsAt } : alert;
        tracked.Alert = merged;
        tracked.UpdatedAt = now;
        if (merged.State != previous.State)
        {
            StateChanged(merged, now);
            if (merged.State == AlertState.Pending)
            {
                // Back to pending after firing: receivers that heard it fire hear it resolve.
                InsertIntoGroups(previous with { State = AlertState.Resolved, EndsAt = now }, now);
            }
        }

        if (merged.State == AlertState.Firing)
        {
            InsertIntoGroups(merged, now);
        }
    }

    private void Resolve(TrackedAlert tracked, DateTimeOffset endsAt, Alert? latest, DateTimeOffset now)
    {
        var previous = tracked.Alert;
        var resolved = (latest ?? previous) with { State = AlertState.Resolved, EndsAt = endsAt, StartsAt = previous.StartsAt };
        _alerts.Remove(previous.Fingerprint);
        StateChanged(resolved, now);
        if (previous.State == AlertState.Firing)
        {
            InsertIntoGroups(resolved, now);
        }
    }

    private void ExpireStale(DateTimeOffset now)
    {
        List<TrackedAlert>? stale = null;
        foreach (var tracked in _alerts.Values)
        {
            if (tracked.UpdatedAt + Configuration.ResolveTimeout <= now)
            {
                (stale ??= []).Add(tracked);
            }
        }

        foreach (var tracked in stale ?? [])
        {
            Resolve(tracked, tracked.UpdatedAt + Configuration.ResolveTimeout, latest: null, now);
        }
    }

    private void StateChanged(Alert alert, DateTimeOffset now)
    {
        var type = alert.State switch
        {
            AlertState.Pending => AlertEventTypes.Pending,
            AlertState.Firing => AlertEventTypes.Firing,
            _ => AlertEventTypes.Resolved,
        };
        _changes.Events.Add(new AlertChange(type, now, alert));
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a;
}
