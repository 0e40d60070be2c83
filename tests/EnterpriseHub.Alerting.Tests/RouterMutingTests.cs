using System.Text.Json;
using EnterpriseHub.Abstractions.Alerts;
using static EnterpriseHub.Alerting.Tests.Alerts;

namespace EnterpriseHub.Alerting.Tests;

/// <summary>The acceptance: through the router grain, a silence mutes and an inhibition rule suppresses.</summary>
public sealed class RouterMutingTests
{
    private static string Yaml(Uri receiver) => $$"""
        route:
          receiver: hook
          group_by: [alertname, service]
        receivers:
          - name: hook
            webhook_configs:
              - url: {{receiver}}alerts
        inhibit_rules:
          - source_matchers: ['severity="critical"']
            target_matchers: ['severity=~"high|medium|low"']
            equal: [service]
        """;

    [Fact]
    public async Task A_silence_mutes_and_an_inhibition_rule_suppresses()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var silo = await RouterCluster.StartAsync(Yaml(receiver.Address));
        var down = Make("ServiceDown", "api", AlertSeverity.Critical);
        var apiLatency = Make("HighLatency", "api", AlertSeverity.High);
        var webLatency = Make("HighLatency", "web", AlertSeverity.High);
        var silence = await silo.Router.CreateSilence(new SilenceRequest([new SilenceMatcher("service", "web")], null, T0 + TimeSpan.FromHours(1), "alice", "deploy"));

        await silo.Router.Receive([down, apiLatency, webLatency]);
        silo.Clock.Advance(TimeSpan.FromSeconds(30));
        var only = await receiver.NextAsync();
        await silo.WaitForEventAsync(AlertEventTypes.Notified);

        using (var payload = JsonDocument.Parse(only.Body))
        {
            Assert.Equal([down.Fingerprint], payload.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("fingerprint").GetString()));
        }

        var views = (await silo.Router.GetAlerts(new AlertQuery())).ToDictionary(v => v.Alert.Fingerprint);
        Assert.Equal([down.Fingerprint], views[apiLatency.Fingerprint].InhibitedBy);
        Assert.Equal([silence.Id], views[webLatency.Fingerprint].SilencedBy);
        Assert.False(views[down.Fingerprint].Muted);
        Assert.False(receiver.HasMore);

        // Expiring the silence and resolving the source unmute both at the next group interval.
        await silo.Router.ExpireSilence(silence.Id);
        await silo.Router.Receive([down.Resolved(silo.Clock.GetUtcNow()), apiLatency, webLatency]);
        silo.Clock.Advance(TimeSpan.FromMinutes(4));
        await silo.Router.Receive([apiLatency, webLatency]); // sources refresh firing alerts within the resolve timeout
        silo.Clock.Advance(TimeSpan.FromMinutes(1));
        var bodies = new[] { (await receiver.NextAsync()).Body, (await receiver.NextAsync()).Body, (await receiver.NextAsync()).Body };
        var statuses = bodies
            .Select(b => JsonDocument.Parse(b).RootElement)
            .Select(r => r.GetProperty("groupKey").GetString() + " " + r.GetProperty("status").GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["{}:{alertname=\"HighLatency\", service=\"api\"} firing", "{}:{alertname=\"HighLatency\", service=\"web\"} firing", "{}:{alertname=\"ServiceDown\", service=\"api\"} resolved"],
            statuses);
    }
}
