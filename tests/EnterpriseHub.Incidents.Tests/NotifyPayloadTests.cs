using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EnterpriseHub.Incidents.Tests;

public sealed class NotifyPayloadTests
{
    private const string RoutingKey = "R0UT1NGKEY0123456789abcdef012345";

    [Fact]
    public async Task Notify_steps_post_the_Alertmanager_webhook_v4_payload_and_a_PagerDuty_Events_v2_trigger_to_their_receivers()
    {
        await using var target = await FlakyTarget.StartAsync();
        await using var scenario = new IncidentScenario($$$"""
            name: tell-everyone
            trigger:
              services: [shop]
            steps:
              - name: alertmanager
                action: notify
                with: { format: alertmanager, url: "{{{target.Url}}}capture/am", message: "scaling {{ alert.labels.service }} out" }
              - name: pagerduty
                action: notify
                with: { format: pagerduty, url: "{{{target.Url}}}capture/pd", routing_key: {{{RoutingKey}}}, message: "scaling {{ alert.labels.service }} out" }
            """);
        await scenario.StartInProcessAsync(settings: new Dictionary<string, string?> { ["Alerting:ExternalUrl"] = "https://ehub.example.com" });
        using var http = scenario.Client();

        var id = scenario.Notify("Saturation", new DateTimeOffset(2026, 3, 2, 9, 59, 20, TimeSpan.Zero));
        await IncidentScenario.WaitForIncidentAsync(http, id, i => IncidentScenario.Status(i) == "resolved", "resolved after notifying");

        var (amType, am) = Assert.Single(target.Bodies("am"));
        Assert.Equal("application/json", amType);
        // Alertmanager's field order; the incident is the group (key = incident id), the receiver names the playbook.
        Assert.Equal(Compact($$"""
            {
              "receiver": "playbook:tell-everyone",
              "status": "firing",
              "alerts": [{
                "status": "firing",
                "labels": { "alertname": "Saturation", "kind": "threshold", "service": "shop", "severity": "high" },
                "annotations": { "confidence": "1", "incident": "{{id}}", "remediation": "scaling shop out", "summary": "Saturation on shop" },
                "startsAt": "2026-03-02T09:59:20Z",
                "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "",
                "fingerprint": "fp-Saturation"
              }],
              "groupLabels": {},
              "commonLabels": { "alertname": "Saturation", "kind": "threshold", "service": "shop", "severity": "high" },
              "commonAnnotations": { "confidence": "1", "incident": "{{id}}", "remediation": "scaling shop out", "summary": "Saturation on shop" },
              "externalURL": "https://ehub.example.com",
              "version": "4",
              "groupKey": "{{id}}",
              "truncatedAlerts": 0
            }
            """), am);

        var (pdType, pdBody) = Assert.Single(target.Bodies("pd"));
        Assert.Equal("application/json", pdType);
        var pd = JsonDocument.Parse(pdBody).RootElement;
        Assert.Equal(RoutingKey, pd.GetProperty("routing_key").GetString());
        Assert.Equal("trigger", pd.GetProperty("event_action").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))), pd.GetProperty("dedup_key").GetString());
        var payload = pd.GetProperty("payload");
        Assert.Equal("[FIRING:1] Saturation (shop): scaling shop out", payload.GetProperty("summary").GetString());
        Assert.Equal("error", payload.GetProperty("severity").GetString()); // PagerDuty's name for high
        Assert.Equal("shop", payload.GetProperty("source").GetString());
        Assert.Equal("2026-03-02T09:59:20Z", payload.GetProperty("timestamp").GetString());
        Assert.Equal("threshold", payload.GetProperty("class").GetString());
        Assert.Equal(id, payload.GetProperty("custom_details").GetProperty("alerts")[0].GetProperty("annotations").GetProperty("incident").GetString());
        Assert.Equal("EnterpriseHub", pd.GetProperty("client").GetString());
        Assert.Equal("https://ehub.example.com", pd.GetProperty("client_url").GetString());
    }

    private static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
