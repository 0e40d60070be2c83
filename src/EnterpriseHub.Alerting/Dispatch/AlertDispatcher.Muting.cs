using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Matching;
using EnterpriseHub.Alerting.Silencing;

namespace EnterpriseHub.Alerting.Dispatch;

// Silences and inhibition: which alerts are muted, and the silence lifecycle.
public sealed partial class AlertDispatcher
{
    /// <summary>Creates a silence from a valid request (see <see cref="SilenceValidator"/>).</summary>
    public SilenceRecord CreateSilence(SilenceRequest request, string createdBy)
    {
        var now = Now;
        SilenceValidator.ThrowIfInvalid(request, now);
        var record = new SilenceRecord(
            Guid.NewGuid().ToString("D"),
            request.Matchers.ToArray(),
            request.StartsAt is { } s && s > now ? s : now,
            request.EndsAt,
            createdBy,
            request.Comment ?? "",
            now,
            SilenceState.Active);
        return Store(record, AlertEventTypes.SilenceCreated, now);
    }

    /// <summary>Changes a silence that has not expired; null when there is none with <paramref name="id"/>.</summary>
    public SilenceRecord? UpdateSilence(string id, SilenceRequest request, string createdBy)
    {
        var now = Now;
        if (!_silences.TryGetValue(id, out var existing))
        {
            return null;
        }

        if (existing.StatusAt(now) == SilenceState.Expired)
        {
            throw new InvalidOperationException($"Silence '{id}' has expired; create a new one instead.");
        }

        SilenceValidator.ThrowIfInvalid(request with { StartsAt = request.StartsAt ?? existing.Record.StartsAt }, now);

        // An active silence keeps its start: it has been muting since then, and history should say so.
        var startsAt = existing.StatusAt(now) == SilenceState.Active ? existing.Record.StartsAt : request.StartsAt is { } s && s > now ? s : now;
        var record = existing.Record with
        {
            Matchers = request.Matchers.ToArray(),
            StartsAt = startsAt,
            EndsAt = request.EndsAt,
            CreatedBy = createdBy,
            Comment = request.Comment ?? existing.Record.Comment,
            UpdatedAt = now,
        };
        return Store(record, AlertEventTypes.SilenceUpdated, now);
    }

    /// <summary>Ends a silence now (a pending one never starts); null when there is none with <paramref name="id"/>.
    /// Expiring an expired silence changes nothing.</summary>
    public SilenceRecord? ExpireSilence(string id)
    {
        var now = Now;
        if (!_silences.TryGetValue(id, out var existing))
        {
            return null;
        }

        if (existing.StatusAt(now) == SilenceState.Expired)
        {
            return existing.ViewAt(now);
        }

        var startsAt = existing.Record.StartsAt > now ? now : existing.Record.StartsAt;
        return Store(existing.Record with { StartsAt = startsAt, EndsAt = now, UpdatedAt = now }, AlertEventTypes.SilenceExpired, now);
    }

    /// <summary>One silence with its status now, or null.</summary>
    public SilenceRecord? GetSilence(string id) => _silences.TryGetValue(id, out var silence) ? silence.ViewAt(Now) : null;

    /// <summary>The active alerts that a silence with <paramref name="matchers"/> would mute, sorted by fingerprint.</summary>
    public List<AlertView> Preview(IReadOnlyList<SilenceMatcher> matchers)
    {
        var compiled = Silence.Compile(matchers);
        var muted = new List<AlertView>();
        foreach (var tracked in _alerts.Values)
        {
            if (Matcher.All(compiled, tracked.Alert.Labels))
            {
                muted.Add(tracked.ToView());
            }
        }

        muted.Sort(static (a, b) => string.CompareOrdinal(a.Alert.Fingerprint, b.Alert.Fingerprint));
        return muted;
    }

    /// <summary>Whether a silence or an inhibition mutes an alert with these labels now.</summary>
    public bool IsMuted(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var now = Now;
        return SilencedBy(alert.Labels, now).Count > 0 || InhibitedBy(alert, now).Count > 0;
    }

    private SilenceRecord Store(SilenceRecord record, string eventType, DateTimeOffset now)
    {
        var silence = Silence.From(record);
        _silences[record.Id] = silence;
        var view = silence.ViewAt(now);
        _changes.Silences.Add(view);
        _changes.Events.Add(new AlertChange(eventType, now, SilenceId: record.Id, Detail: string.Join(", ", silence.Matchers)));
        RecomputeMutes(now);
        return view;
    }

    private void RecomputeMutes(DateTimeOffset now)
    {
        foreach (var tracked in _alerts.Values)
        {
            var silencedBy = SilencedBy(tracked.Alert.Labels, now);
            var inhibitedBy = InhibitedBy(tracked.Alert, now);
            if (silencedBy.Count > 0 != tracked.SilencedBy.Count > 0)
            {
                _changes.Events.Add(silencedBy.Count > 0
                    ? new AlertChange(AlertEventTypes.Silenced, now, tracked.Alert, SilenceId: silencedBy[0], Detail: string.Join(",", silencedBy))
                    : new AlertChange(AlertEventTypes.Unsilenced, now, tracked.Alert));
            }

            if (inhibitedBy.Count > 0 != tracked.InhibitedBy.Count > 0)
            {
                _changes.Events.Add(inhibitedBy.Count > 0
                    ? new AlertChange(AlertEventTypes.Inhibited, now, tracked.Alert, Detail: string.Join(",", inhibitedBy))
                    : new AlertChange(AlertEventTypes.Uninhibited, now, tracked.Alert));
            }

            tracked.SilencedBy = silencedBy;
            tracked.InhibitedBy = inhibitedBy;
        }
    }

    private List<string> SilencedBy(IReadOnlyDictionary<string, string> labels, DateTimeOffset now)
    {
        var ids = new List<string>();
        foreach (var silence in _silences.Values)
        {
            if (silence.Mutes(labels, now))
            {
                ids.Add(silence.Id);
            }
        }

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    // Sources are the firing alerts the router holds; muted sources still inhibit, as in Alertmanager. Quadratic in
    // the number of active alerts, which stays in the hundreds; an index by the equal labels would come first if not.
    private List<string> InhibitedBy(Alert target, DateTimeOffset now)
    {
        _ = now;
        var sources = new List<string>();
        if (Configuration.InhibitRules.Count == 0)
        {
            return sources;
        }

        foreach (var source in _alerts.Values)
        {
            if (source.Alert.State != AlertState.Firing || source.Alert.Fingerprint == target.Fingerprint)
            {
                continue;
            }

            foreach (var rule in Configuration.InhibitRules)
            {
                if (rule.Inhibits(source.Alert.Labels, target.Labels))
                {
                    sources.Add(source.Alert.Fingerprint);
                    break;
                }
            }
        }

        sources.Sort(StringComparer.Ordinal);
        return sources;
    }
}
