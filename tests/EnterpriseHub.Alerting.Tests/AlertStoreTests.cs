using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Dispatch;
using EnterpriseHub.Alerting.Storage;
using static EnterpriseHub.Alerting.Tests.Alerts;

namespace EnterpriseHub.Alerting.Tests;

public sealed class AlertStoreTests
{
    [Fact]
    public void History_silences_log_and_event_ids_survive_reopening_and_ids_keep_increasing()
    {
        using var data = new TempDirectory();
        var path = Path.Combine(data.Path, "alerts.db");
        var api = Make("Latency", "api", AlertSeverity.High);
        var db = Make("DiskFull", "db", AlertSeverity.Critical, kind: AlertKind.Predictive);
        var silence = new SilenceRecord("s1", [new SilenceMatcher("service", "api")], T0, T0 + TimeSpan.FromHours(1), "alice", "deploy", T0, SilenceState.Active);

        List<AlertEvent> first;
        using (var store = new AlertStore(path))
        {
            var changes = new DispatchChanges();
            changes.Events.Add(new AlertChange(AlertEventTypes.Pending, T0, api with { State = AlertState.Pending }));
            changes.Events.Add(new AlertChange(AlertEventTypes.Firing, T0 + TimeSpan.FromMinutes(1), api));
            changes.Events.Add(new AlertChange(AlertEventTypes.Firing, T0 + TimeSpan.FromMinutes(2), db));
            changes.Events.Add(new AlertChange(AlertEventTypes.SilenceCreated, T0 + TimeSpan.FromMinutes(2), SilenceId: "s1"));
            changes.Silences.Add(silence);
            changes.Log["team/record|g"] = new NotificationLogEntry([api.Fingerprint], [], T0);
            first = store.Commit(changes);
            var resolved = new DispatchChanges();
            resolved.Events.Add(new AlertChange(AlertEventTypes.Resolved, T0 + TimeSpan.FromMinutes(3), api.Resolved(T0 + TimeSpan.FromMinutes(3))));
            first.AddRange(store.Commit(resolved));
        }

        Assert.Equal([1L, 2, 3, 4, 5], first.Select(e => e.Id));

        using (var store = new AlertStore(path))
        {
            Assert.Equal([db.Fingerprint], store.LoadActiveAlerts().Select(a => a.Fingerprint));
            var loaded = Assert.Single(store.LoadSilences());
            Assert.Equal(silence with { Matchers = [] }, loaded with { Matchers = [] });
            Assert.Equal(silence.Matchers, loaded.Matchers);
            Assert.Equal([api.Fingerprint], Assert.Single(store.LoadNotificationLog()).Value.Firing);

            var history = store.QueryHistory(new AlertQuery { Active = false });
            Assert.Equal(["resolved", "firing", "firing", "pending"], history.Select(h => AlertStore.Name(h.Alert.State)));
            Assert.Equal([4L, 3, 2, 1], history.Select(h => h.HistoryId!.Value));
            Assert.Equal(T0 + TimeSpan.FromMinutes(3), history[0].Alert.EndsAt);
            Assert.Equal(api.Labels, history[0].Alert.Labels);

            Assert.Equal([db.Fingerprint], store.QueryHistory(new AlertQuery { Active = false, Kind = AlertKind.Predictive }).Select(h => h.Alert.Fingerprint));
            Assert.Single(store.QueryHistory(new AlertQuery { Active = false, Service = "api", State = AlertState.Firing, Limit = 10 }));
            Assert.Equal(2, store.QueryHistory(new AlertQuery { Active = false, Since = T0 + TimeSpan.FromMinutes(2) }).Count);
            Assert.Single(store.QueryHistory(new AlertQuery { Active = false, Severity = AlertSeverity.Critical }));
            Assert.Single(store.QueryHistory(new AlertQuery { Active = false, Limit = 1 }));

            Assert.Equal([4L, 5], store.ReadEvents(3, 100).Select(e => e.Id));
            Assert.Equal(5, store.LastEventId());
            var next = new DispatchChanges();
            next.Events.Add(new AlertChange(AlertEventTypes.Notified, T0 + TimeSpan.FromMinutes(4), Receiver: "team", Detail: "x"));
            Assert.Equal(6, Assert.Single(store.Commit(next)).Id);
        }
    }

    [Fact]
    public void Stored_events_stream_as_the_serialized_event_with_its_id()
    {
        using var data = new TempDirectory();
        using var store = new AlertStore(Path.Combine(data.Path, "alerts.db"));
        var api = Make("Latency", "api", AlertSeverity.High);
        var changes = new DispatchChanges();
        changes.Events.Add(new AlertChange(AlertEventTypes.Firing, T0, api));
        changes.Events.Add(new AlertChange(AlertEventTypes.SilenceCreated, T0 + TimeSpan.FromMinutes(1), SilenceId: "s1"));
        var committed = store.Commit(changes);

        var stored = store.ReadStoredEvents(0, 100);

        Assert.Equal([1L, 2], stored.Select(e => e.Id));
        Assert.Equal([AlertEventTypes.Firing, AlertEventTypes.SilenceCreated], stored.Select(e => e.Type));
        // Exactly what serializing the event with its id gives: what the stream sent before it skipped the round trip.
        Assert.Equal(committed.Select(e => System.Text.Json.JsonSerializer.Serialize(e, AlertJson.Options)), stored.Select(e => e.Json));
        Assert.StartsWith("{\"id\":2,", stored[1].Json, StringComparison.Ordinal);
        Assert.Equal([2L], store.ReadStoredEvents(1, 100).Select(e => e.Id));
        Assert.Equal([1L], store.ReadStoredEvents(0, 1).Select(e => e.Id));

        // The stream's own connection sees later commits.
        var next = new DispatchChanges();
        next.Events.Add(new AlertChange(AlertEventTypes.Resolved, T0 + TimeSpan.FromMinutes(2), api.Resolved(T0 + TimeSpan.FromMinutes(2))));
        store.Commit(next);
        Assert.Equal([3L], store.ReadStoredEvents(2, 100).Select(e => e.Id));
    }
}
