using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Incidents.Tests;

public sealed class IncidentKpiTests
{
    private static string Playbook(string name, string alert, string step) => $$"""
        name: {{name}}
        trigger:
          labels: ['alertname="{{alert}}"']
        steps:
          - name: act
        {{step}}
        guardrails:
          cooldown: 0s

        """;

    [Fact]
    public async Task The_KPIs_of_a_known_set_of_incidents_are_exact_in_the_API_and_in_metrics_and_backfilled_alerts_do_not_count_as_detection_time()
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var clock = new ManualTimeProvider(t0);
        await using var target = await FlakyTarget.StartAsync();
        await using var scenario = new IncidentScenario(
            Playbook("auto", "AutoFix", $$"""
                action: http
                with: { method: POST, url: "{{target.Url}}ok/auto" }
            """),
            Playbook("gated", "Gated", $$"""
                action: http
                with: { method: POST, url: "{{target.Url}}ok/gated" }
                requires_approval: true
            """),
            Playbook("broken", "Broken", $$"""
                action: http
                with: { method: POST, url: "{{target.Url}}fail/9/broken" }
            """));
        await scenario.StartInProcessAsync(clock);
        using var http = scenario.Client();
        using var op = scenario.Client(operatorKey: true);

        // 1. Detected 40 s after it began, remediated at once: auto-resolved, resolve time 0 s, run of 0 s.
        var auto = scenario.Notify("AutoFix", t0.AddSeconds(-40));
        await IncidentScenario.WaitForIncidentAsync(http, auto, i => IncidentScenario.Status(i) == "resolved", "auto-resolved");

        // 2. At t0+60 s, detected 20 s after it began; approved by a human 120 s later: resolved, not automatically.
        clock.Advance(TimeSpan.FromSeconds(60));
        var gated = scenario.Notify("Gated", t0.AddSeconds(40));
        await IncidentScenario.WaitForIncidentAsync(http, gated, i => IncidentScenario.Status(i) == "awaitingApproval", "awaiting approval");
        clock.Advance(TimeSpan.FromSeconds(120));
        using (var approved = await op.PostAsJsonAsync($"/api/v1/incidents/{gated}/approve", new { comment = "ok" }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        await IncidentScenario.WaitForIncidentAsync(http, gated, i => IncidentScenario.Status(i) == "resolved", "resolved after approval");

        // 3. At t0+180 s, detected 60 s after it began; the playbook fails: escalated.
        var broken = scenario.Notify("Broken", t0.AddSeconds(120));
        await IncidentScenario.WaitForIncidentAsync(http, broken, i => IncidentScenario.Status(i) == "escalated", "escalated");

        // 4. An alert on backfilled history, begun a day before it reached an incident; no playbook; its alert
        // resolves 60 s later: auto-resolved, a late detection, and not 25 hours of detection time.
        var backfilled = t0.AddSeconds(180) - TimeSpan.FromHours(25);
        var late = scenario.Notify("Backfilled", backfilled);
        await IncidentScenario.WaitForIncidentAsync(http, late, i => IncidentScenario.Events(i).Contains("no_playbook"), "opened without a playbook");
        clock.Advance(TimeSpan.FromSeconds(60));
        scenario.Notify("Backfilled", backfilled, Abstractions.Alerts.AlertState.Resolved);
        await IncidentScenario.WaitForIncidentAsync(http, late, i => IncidentScenario.Status(i) == "resolved", "resolved with its alert");

        // MTTD over incidents 1-3: (40 + 20 + 60) / 3 = 40 s. MTTR over the resolved 1, 2 and 4: (0 + 120 + 60) / 3 = 60 s.
        // Auto-resolution: 2 (incidents 1 and 4) of 4 closed.
        var kpis = await WaitForKpisAsync(http);
        Assert.Equal(Compact("""
            {
              "opened": 4, "resolved": 3, "autoResolved": 2, "escalated": 1, "autoResolutionRate": 0.5,
              "meanTimeToDetectSeconds": 40, "meanTimeToResolveSeconds": 60, "lateDetections": 1,
              "playbooks": [
                { "playbook": "auto", "runs": 1, "succeeded": 1, "successRate": 1, "meanDurationSeconds": 0 },
                { "playbook": "broken", "runs": 1, "succeeded": 0, "successRate": 0, "meanDurationSeconds": 0 },
                { "playbook": "gated", "runs": 1, "succeeded": 1, "successRate": 1, "meanDurationSeconds": 120 }
              ]
            }
            """), kpis);

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(
        [
            "ehub_incidents_total{outcome=\"opened\"} 4",
            "ehub_incidents_total{outcome=\"resolved\"} 3",
            "ehub_incidents_total{outcome=\"auto_resolved\"} 2",
            "ehub_incidents_total{outcome=\"escalated\"} 1",
            "ehub_incident_auto_resolution_ratio 0.5",
            "ehub_incident_mean_time_to_detect_seconds 40",
            "ehub_incident_late_detections 1",
            "ehub_incident_mean_time_to_resolve_seconds 60",
            "ehub_playbook_runs_total{playbook=\"auto\"} 1",
            "ehub_playbook_runs_total{playbook=\"broken\"} 1",
            "ehub_playbook_runs_total{playbook=\"gated\"} 1",
            "ehub_playbook_success_ratio{playbook=\"auto\"} 1",
            "ehub_playbook_success_ratio{playbook=\"broken\"} 0",
            "ehub_playbook_success_ratio{playbook=\"gated\"} 1",
            "ehub_playbook_mean_duration_seconds{playbook=\"auto\"} 0",
            "ehub_playbook_mean_duration_seconds{playbook=\"broken\"} 0",
            "ehub_playbook_mean_duration_seconds{playbook=\"gated\"} 120",
        ], metrics.Split('\n').Where(l => l.StartsWith("ehub_incident", StringComparison.Ordinal) || l.StartsWith("ehub_playbook", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_reopened_incident_counts_its_detection_time_from_when_it_last_closed_not_from_its_alerts_first_start()
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var clock = new ManualTimeProvider(t0);
        await using var scenario = new IncidentScenario();
        await scenario.StartInProcessAsync(clock);
        using var http = scenario.Client();
        using var op = scenario.Client(operatorKey: true);

        // Detected 10 s after it began; a human resolves it 30 s later, but the alert keeps its episode's start.
        var id = scenario.Notify("Flapping", t0.AddSeconds(-10));
        await IncidentScenario.WaitForIncidentAsync(http, id, i => IncidentScenario.Events(i).Contains("no_playbook"), "opened");
        clock.Advance(TimeSpan.FromSeconds(30));
        using (var resolved = await op.PostAsJsonAsync($"/api/v1/incidents/{id}/resolve", new { comment = "looks fine" }))
        {
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        }

        // 70 s after it closed the group fires again with the same alert (same startsAt): it reopens, detected 70 s late.
        clock.Advance(TimeSpan.FromSeconds(70));
        scenario.Notify("Flapping", t0.AddSeconds(-10));
        var reopened = await IncidentScenario.WaitForIncidentAsync(http, id, i => IncidentScenario.Events(i).Contains("reopened"), "reopened");

        Assert.Equal("2026-03-02T10:00:30+00:00", reopened.GetProperty("detectedAt").GetString());
        Assert.Equal("2026-03-02T10:01:40+00:00", reopened.GetProperty("openedAt").GetString());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var kpis = await http.GetFromJsonAsync<JsonElement>("/api/v1/incidents/kpis");
        while (kpis.GetProperty("resolved").GetInt64() != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            kpis = await http.GetFromJsonAsync<JsonElement>("/api/v1/incidents/kpis");
        }

        Assert.Equal(70, kpis.GetProperty("meanTimeToDetectSeconds").GetDouble());
    }

    /// <summary>The directory hears of incidents one-way; waits until it has all four closed and three runs.</summary>
    private static async Task<string> WaitForKpisAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var text = await http.GetStringAsync(new Uri("/api/v1/incidents/kpis", UriKind.Relative));
            var kpis = JsonDocument.Parse(text).RootElement;
            var runs = kpis.GetProperty("playbooks").EnumerateArray().Sum(p => p.GetProperty("runs").GetInt64());
            if ((kpis.GetProperty("resolved").GetInt64() + kpis.GetProperty("escalated").GetInt64() == 4 && runs == 3) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(50);
        }
    }

    private static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
