using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Dispatch;
using EnterpriseHub.Alerting.Receivers;
using static EnterpriseHub.Alerting.Tests.Alerts;

namespace EnterpriseHub.Alerting.Tests;

public sealed class PagerDutyEventTests
{
    private static readonly PagerDutyIntegration s_pd = new("pagerduty/0", true, "KEY123", PagerDutyIntegration.DefaultUrl, "EnterpriseHub", null, TimeSpan.FromSeconds(10));

    private static Notification For(params Alert[] alerts) =>
        new(1, "pager", s_pd, "g", "{}:{alertname=\"DiskFull\"}", new Dictionary<string, string> { ["alertname"] = "DiskFull" }, alerts, T0);

    [Fact]
    public void A_firing_group_triggers_an_incident_shaped_like_events_api_v2()
    {
        var alert = Make("DiskFull", "db", AlertSeverity.Critical, kind: AlertKind.Predictive) with
        {
            Summary = "Disk full in 3h",
            SeriesId = "db/disk_used",
            GeneratorUrl = "http://ehub.test/series/1",
            Prediction = new PredictedBreach(0.95, T0 + TimeSpan.FromHours(3), TimeSpan.FromHours(3), TimeSpan.FromHours(2), null, 0.8),
        };

        var json = System.Text.Encoding.UTF8.GetString(PagerDutyEvent.Write(For(alert), s_pd, "http://ehub.test:8080"));

        var dedup = PagerDutyEvent.DedupKey("{}:{alertname=\"DiskFull\"}");
        Assert.Equal(64, dedup.Length);
        Assert.Equal(
            $$$"""{"routing_key":"KEY123","event_action":"trigger","dedup_key":"{{{dedup}}}","payload":{"summary":"[FIRING:1] DiskFull (db): Disk full in 3h","source":"db","severity":"critical","timestamp":"2026-01-01T00:00:00Z","component":"db/disk_used","group":"db","class":"predictive","custom_details":{"group_key":"{}:{alertname=\"DiskFull\"}","num_firing":1,"num_resolved":0,"alerts":[{"fingerprint":"{{{alert.Fingerprint}}}","status":"firing","kind":"predictive","severity":"critical","confidence":0.9,"summary":"Disk full in 3h","starts_at":"2026-01-01T00:00:00Z","labels":{"alertname":"DiskFull","kind":"predictive","service":"db","severity":"critical"},"annotations":{},"recommended_actions":[],"prediction":{"threshold":0.95,"predicted_at":"2026-01-01T03:00:00Z","time_to_occurrence_seconds":10800,"confidence":0.8},"generator_url":"http://ehub.test/series/1"}]}},"client":"EnterpriseHub","client_url":"http://ehub.test:8080","links":[{"href":"http://ehub.test/series/1","text":"Source series"}]}""",
            json);
    }

    [Fact]
    public void A_group_with_nothing_firing_resolves_the_incident_by_its_dedup_key()
    {
        var alert = Make("DiskFull", "db").Resolved(T0 + TimeSpan.FromMinutes(5));

        var json = System.Text.Encoding.UTF8.GetString(PagerDutyEvent.Write(For(alert), s_pd, "http://ehub.test:8080"));

        Assert.Equal($$"""{"routing_key":"KEY123","event_action":"resolve","dedup_key":"{{PagerDutyEvent.DedupKey("{}:{alertname=\"DiskFull\"}")}}"}""", json);
    }

    [Theory]
    [InlineData(AlertSeverity.Critical, "critical")]
    [InlineData(AlertSeverity.High, "error")]
    [InlineData(AlertSeverity.Medium, "warning")]
    [InlineData(AlertSeverity.Low, "info")]
    public void Severities_map_to_pagerduty_levels(AlertSeverity severity, string expected) =>
        Assert.Equal(expected, PagerDutyEvent.Severity(severity));

    [Fact]
    public void Webhook_payloads_truncate_to_max_alerts_and_count_the_rest()
    {
        var a = Make("Latency", "api");
        var b = Make("Latency", "web");
        var n = For(a, b) with { Receiver = "hook", Integration = null };

        using var doc = System.Text.Json.JsonDocument.Parse(WebhookPayload.Write(n, "http://x", maxAlerts: 1));

        Assert.Equal(1, doc.RootElement.GetProperty("alerts").GetArrayLength());
        Assert.Equal(1, doc.RootElement.GetProperty("truncatedAlerts").GetInt32());
        Assert.Equal("""{"alertname":"Latency","kind":"threshold","severity":"high"}""", doc.RootElement.GetProperty("commonLabels").GetRawText());
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("2026-01-01T00:00:00.5+02:00", "2025-12-31T22:00:00.5Z")]
    [InlineData("2026-01-01T00:00:00.1234567Z", "2026-01-01T00:00:00.1234567Z")]
    public void Times_are_written_as_go_writes_rfc3339(string input, string expected) =>
        Assert.Equal(expected, Rfc3339.Format(DateTimeOffset.Parse(input, System.Globalization.CultureInfo.InvariantCulture)));
}
