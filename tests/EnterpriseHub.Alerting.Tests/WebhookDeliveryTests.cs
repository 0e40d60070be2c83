using EnterpriseHub.Abstractions.Alerts;
using static EnterpriseHub.Alerting.Tests.Alerts;

namespace EnterpriseHub.Alerting.Tests;

/// <summary>The whole path: router grain, group timers on a fake clock, notification worker, webhook receiver, a real
/// Kestrel receiver on loopback, and the delivery report back into the grain.</summary>
public sealed class WebhookDeliveryTests
{
    private static string Yaml(Uri receiver) => $$"""
        route:
          receiver: hook
          group_by: [alertname]
        receivers:
          - name: hook
            webhook_configs:
              - url: {{receiver}}alerts
        """;

    private static Alert Latency() => Make("HighLatency", "checkout", AlertSeverity.Critical) with
    {
        Summary = "p99 latency above 2s",
        Annotations = new Dictionary<string, string> { ["runbook_url"] = "https://runbooks.test/latency" },
        RecommendedActions = ["Scale out checkout", "Check the database"],
        BusinessImpact = "Checkout slows down",
        GeneratorUrl = "http://ehub.test:8080/api/v1/series/abc",
    };

    [Fact]
    public async Task A_test_webhook_receiver_gets_the_alertmanager_format_payload_and_the_alert_resolves()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var silo = await RouterCluster.StartAsync(Yaml(receiver.Address));
        var alert = Latency();

        await silo.Router.Receive([alert]);
        silo.Clock.Advance(TimeSpan.FromSeconds(30));
        var firing = await receiver.NextAsync();

        var labels = """{"alertname":"HighLatency","kind":"threshold","service":"checkout","severity":"critical"}""";
        var annotations = """{"business_impact":"Checkout slows down","confidence":"0.9","recommended_actions":"Scale out checkout\nCheck the database","runbook_url":"https://runbooks.test/latency","summary":"p99 latency above 2s"}""";
        Assert.Equal("/alerts", firing.Path);
        Assert.Equal("application/json", firing.ContentType);
        Assert.Equal(
            $$"""{"receiver":"hook","status":"firing","alerts":[{"status":"firing","labels":{{labels}},"annotations":{{annotations}},"startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://ehub.test:8080/api/v1/series/abc","fingerprint":"{{alert.Fingerprint}}"}],"groupLabels":{"alertname":"HighLatency"},"commonLabels":{{labels}},"commonAnnotations":{{annotations}},"externalURL":"http://ehub.test:8080","version":"4","groupKey":"{}:{alertname=\"HighLatency\"}","truncatedAlerts":0}""",
            firing.Body);
        await silo.WaitForEventAsync(AlertEventTypes.Notified);

        silo.Clock.Advance(TimeSpan.FromSeconds(90));
        var endsAt = silo.Clock.GetUtcNow();
        await silo.Router.Receive([alert with { State = AlertState.Resolved, EndsAt = endsAt }]);
        silo.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(30));
        var resolved = await receiver.NextAsync();

        Assert.Equal(
            $$"""{"receiver":"hook","status":"resolved","alerts":[{"status":"resolved","labels":{{labels}},"annotations":{{annotations}},"startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-01-01T00:02:00Z","generatorURL":"http://ehub.test:8080/api/v1/series/abc","fingerprint":"{{alert.Fingerprint}}"}],"groupLabels":{"alertname":"HighLatency"},"commonLabels":{{labels}},"commonAnnotations":{{annotations}},"externalURL":"http://ehub.test:8080","version":"4","groupKey":"{}:{alertname=\"HighLatency\"}","truncatedAlerts":0}""",
            resolved.Body);
        await silo.WaitForEventAsync(AlertEventTypes.Notified, count: 2);
        Assert.Empty(await silo.Router.GetAlerts(new AlertQuery()));
        var history = await silo.Router.GetAlerts(new AlertQuery { Active = false });
        Assert.Equal([AlertState.Resolved, AlertState.Firing], history.Select(h => h.Alert.State));
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_backoff_and_counted()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Statuses.Enqueue(503);
        await using var silo = await RouterCluster.StartAsync(Yaml(receiver.Address));

        await silo.Router.Receive([Latency()]);
        silo.Clock.Advance(TimeSpan.FromSeconds(30));
        var first = await receiver.NextAsync();
        var counters = (Receivers.AlertNotificationCounters)silo.Cluster.Services.GetService(typeof(Receivers.AlertNotificationCounters))!;
        await InProcessTestClusterWait(() => counters.Retries().Count == 1);

        // The worker counts the retry before it sets its backoff delay on the clock, so a single advance can come
        // too early and leave the delay waiting for ever: keep the clock moving a second at a time until it arrives.
        var second = await receiver.NextAsync(() => silo.Clock.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal(first.Body, second.Body);
        await silo.WaitForEventAsync(AlertEventTypes.Notified);
        Assert.Equal([("hook", "success", 1L)], counters.Notifications());
        Assert.Equal([("hook", 1L)], counters.Retries());
    }

    private static Task InProcessTestClusterWait(Func<bool> condition) =>
        TestingHost.InProcessTestCluster.WaitUntilAsync(condition, TimeSpan.FromSeconds(10), "the condition");
}
