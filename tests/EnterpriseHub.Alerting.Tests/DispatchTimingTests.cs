using EnterpriseHub.Abstractions.Alerts;
using static EnterpriseHub.Alerting.Tests.Alerts;

namespace EnterpriseHub.Alerting.Tests;

public sealed class DispatchTimingTests
{
    private const string Yaml = """
        global:
          resolve_timeout: 1h
        route:
          receiver: team
          group_by: [alertname]
          group_wait: 30s
          group_interval: 5m
          repeat_interval: 4h
        receivers:
          - name: team
        """;

    private readonly DispatcherFixture _f = new(Yaml);

    [Fact]
    public void A_new_group_waits_group_wait_then_sends_everything_that_arrived_meanwhile_in_one_notification()
    {
        Assert.Empty(_f.Receive(Make("Latency", "api")));
        Assert.Empty(_f.Advance(TimeSpan.FromSeconds(10)));
        Assert.Empty(_f.Receive(Make("Latency", "web", startsAt: T0 + TimeSpan.FromSeconds(10))));
        Assert.Empty(_f.Advance(TimeSpan.FromSeconds(19)));

        var sent = Assert.Single(_f.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal("team {}:{alertname=\"Latency\"} Latency:api:Firing,Latency:web:Firing", DispatcherFixture.Summary(sent));
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), sent.CreatedAt);
    }

    [Fact]
    public void An_alert_joining_a_flushed_group_waits_for_the_next_group_interval_not_group_wait()
    {
        _f.Receive(Make("Latency", "api"));
        Assert.Single(_f.Advance(TimeSpan.FromSeconds(30)));

        Assert.Empty(_f.Advance(TimeSpan.FromMinutes(1)));
        Assert.Empty(_f.Receive(Make("Latency", "web", startsAt: _f.Clock.GetUtcNow())));
        Assert.Empty(_f.Advance(TimeSpan.FromMinutes(4) - TimeSpan.FromSeconds(1)));

        var sent = Assert.Single(_f.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal(T0 + TimeSpan.FromSeconds(30) + TimeSpan.FromMinutes(5), sent.CreatedAt);
        Assert.Equal(2, sent.Alerts.Count);
    }

    [Fact]
    public void Unchanged_groups_are_sent_again_only_after_repeat_interval_and_refreshes_dedup_by_fingerprint()
    {
        var alert = Make("Latency", "api");
        _f.Receive(alert);
        _f.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(_f.Sent);

        // The source refreshes the same alert every minute for almost four hours: nothing new to say.
        for (var minute = 1; minute < 240; minute++)
        {
            _f.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Empty(_f.Receive(alert with { Summary = "refreshed" }));
        }

        Assert.Single(_f.Sent);
        Assert.Single(_f.Dispatcher.Alerts);

        // The flush at 30 s + 4 h (48 group intervals) repeats it.
        var repeat = Assert.Single(_f.Advance(TimeSpan.FromMinutes(1)));
        Assert.Equal(T0 + TimeSpan.FromSeconds(30) + TimeSpan.FromHours(4), repeat.CreatedAt);
        Assert.Equal("refreshed", Assert.Single(repeat.Alerts).Summary);
    }

    [Fact]
    public void A_resolved_alert_is_sent_as_resolved_at_the_next_group_interval_and_then_leaves_the_group()
    {
        var alert = Make("Latency", "api");
        _f.Receive(alert);
        _f.Advance(TimeSpan.FromSeconds(30));
        _f.Clock.Advance(TimeSpan.FromMinutes(2));
        var endsAt = _f.Clock.GetUtcNow();

        Assert.Empty(_f.Receive(alert.Resolved(endsAt)));
        var sent = Assert.Single(_f.Advance(TimeSpan.FromMinutes(3)));

        var resolved = Assert.Single(sent.Alerts);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal(endsAt, resolved.EndsAt);
        Assert.Empty(_f.Dispatcher.Groups);
        Assert.Empty(_f.Dispatcher.Alerts);
        Assert.Empty(_f.Advance(TimeSpan.FromHours(5)));
    }

    [Fact]
    public void Pending_alerts_are_kept_for_display_but_never_routed()
    {
        var pending = Make("Latency", "api", state: AlertState.Pending);
        _f.Receive(pending);
        _f.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(_f.Sent);
        Assert.Equal(AlertState.Pending, Assert.Single(_f.Dispatcher.Alerts).Value.Alert.State);

        // It started (went pending) longer than group_wait ago, so its new group flushes at once, as in Alertmanager.
        Assert.Single(_f.Receive(pending with { State = AlertState.Firing }));
        Assert.Equal(["pending", "firing"], _f.Events.Where(e => e.IsStateChange).Select(e => e.Type));
    }

    [Fact]
    public void A_firing_alert_its_source_stops_refreshing_resolves_after_the_resolve_timeout()
    {
        var f = new DispatcherFixture("route: {receiver: team}\nreceivers: [{name: team}]");
        f.Receive(Make("Latency", "api"));
        f.Advance(TimeSpan.FromSeconds(30));

        f.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(31));
        Assert.Single(f.Dispatcher.Alerts);
        f.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(f.Dispatcher.Alerts);
        var resolved = Assert.Single(f.Events, e => e.Type == AlertEventTypes.Resolved);
        Assert.Equal(T0 + TimeSpan.FromMinutes(5), resolved.Alert!.EndsAt);
        var sent = Assert.Single(f.Advance(TimeSpan.FromSeconds(30)));
        Assert.Equal(AlertState.Resolved, Assert.Single(sent.Alerts).State);
    }

    [Fact]
    public void An_alert_that_fired_and_resolved_between_flushes_of_a_new_group_is_never_sent()
    {
        var alert = Make("Latency", "api");
        _f.Receive(alert);
        _f.Clock.Advance(TimeSpan.FromSeconds(10));
        _f.Receive(alert.Resolved(_f.Clock.GetUtcNow()));

        Assert.Empty(_f.Advance(TimeSpan.FromMinutes(10)));
        Assert.Empty(_f.Dispatcher.Groups);
    }

    [Fact]
    public void Next_due_time_is_the_earliest_of_group_flushes_and_resolve_timeouts()
    {
        _f.Receive(Make("Latency", "api"));
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), _f.Dispatcher.NextDueAt());
        _f.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(T0 + TimeSpan.FromSeconds(30) + TimeSpan.FromMinutes(5), _f.Dispatcher.NextDueAt());
    }
}
