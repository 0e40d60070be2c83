using System.Net;
using System.Net.Http.Json;

namespace EnterpriseHub.Incidents.Tests;

public sealed class IncidentLifecycleTests
{
    private static string Playbook(string name, string alert, string steps, string extra = "") => $"""
        name: {name}
        trigger:
          services: [shop]
          kinds: [threshold]
          labels: ['alertname="{alert}"']
        steps:
        {steps}
        {extra}
        """;

    [Fact]
    public async Task An_approval_gate_blocks_the_step_until_an_operator_approves_it_through_the_API()
    {
        await using var target = await FlakyTarget.StartAsync();
        await using var scenario = new IncidentScenario(Playbook("gated", IncidentScenario.LatencyAlert, $$"""
              - name: restart
                action: http
                with: { method: POST, url: "{{target.Url}}ok/restart" }
                requires_approval: true
                risk: high
            """));
        await scenario.StartInProcessAsync();
        using var http = scenario.Client();
        using var op = scenario.Client(operatorKey: true);

        await IncidentScenario.BreachAsync(http, "latency_ms", 500);
        var waiting = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "awaitingApproval", "awaiting approval");
        var id = waiting.GetProperty("id").GetString()!;
        Assert.Equal("restart", waiting.GetProperty("run").GetProperty("pendingApproval").GetProperty("step").GetString());

        // Blocked: nothing reaches the target while the approval waits; and approving needs an operator key.
        await Task.Delay(1000);
        Assert.Equal(0, target.Count("restart"));
        using (var anonymous = await http.PostAsync(new Uri($"/api/v1/incidents/{id}/approve", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var approved = await op.PostAsJsonAsync($"/api/v1/incidents/{id}/approve", new { comment = "go" }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        var resolved = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "resolved", "resolved");
        Assert.Equal(1, target.Count("restart"));
        var approval = resolved.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "approved");
        Assert.Equal("admin", approval.GetProperty("actor").GetString());
        Assert.Equal(["opened", "run_started", "approval_requested", "approved", "step_started", "step_finished", "run_finished", "resolved"],
            IncidentScenario.Events(resolved).Where(e => e is not ("alert_firing" or "alert_resolved")));
        Assert.False(resolved.GetProperty("autoResolved").GetBoolean());
    }

    [Fact]
    public async Task A_rejected_approval_stops_the_run_without_running_the_step_and_escalates()
    {
        await using var target = await FlakyTarget.StartAsync();
        await using var scenario = new IncidentScenario(Playbook("gated", IncidentScenario.LatencyAlert, $$"""
              - name: restart
                action: http
                with: { method: POST, url: "{{target.Url}}ok/restart" }
                requires_approval: true
                risk: high
            """));
        await scenario.StartInProcessAsync();
        using var http = scenario.Client();
        using var op = scenario.Client(operatorKey: true);

        await IncidentScenario.BreachAsync(http, "latency_ms", 500);
        var waiting = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "awaitingApproval", "awaiting approval");
        var id = waiting.GetProperty("id").GetString()!;
        using (var rejected = await op.PostAsJsonAsync($"/api/v1/incidents/{id}/reject", new { comment = "not during the sale" }))
        {
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }

        var escalated = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "escalated", "escalated");
        Assert.Equal(0, target.Count("restart"));
        var rejection = escalated.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "rejected");
        Assert.Equal("admin", rejection.GetProperty("actor").GetString());
        Assert.DoesNotContain("step_started", IncidentScenario.Events(escalated));
        using var again = await op.PostAsJsonAsync($"/api/v1/incidents/{id}/approve", new { comment = "too late" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task An_approval_that_nobody_gives_expires_and_the_incident_escalates()
    {
        await using var target = await FlakyTarget.StartAsync();
        await using var scenario = new IncidentScenario(Playbook("gated", IncidentScenario.LatencyAlert, $$"""
              - name: restart
                action: http
                with: { method: POST, url: "{{target.Url}}ok/restart" }
                requires_approval: true
                risk: high
            """, """
            guardrails:
              approval_timeout: 2s
            """));
        await scenario.StartInProcessAsync();
        using var http = scenario.Client();

        await IncidentScenario.BreachAsync(http, "latency_ms", 500);
        await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "awaitingApproval", "awaiting approval");
        var escalated = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "escalated", "escalated after the approval expired");

        Assert.Equal(0, target.Count("restart"));
        var events = IncidentScenario.Events(escalated).ToList();
        Assert.True(events.IndexOf("approval_expired") > events.IndexOf("approval_requested"));
        Assert.DoesNotContain("step_started", events);
    }

    [Fact]
    public async Task A_failed_verify_runs_the_rollback_and_escalates()
    {
        await using var target = await FlakyTarget.StartAsync();
        await using var scenario = new IncidentScenario(Playbook("verify-fails", IncidentScenario.LatencyAlert, $$"""
              - name: change
                action: http
                with: { method: POST, url: "{{target.Url}}ok/change" }
              - name: verify
                action: verify
                with: { condition: alert_resolved, within: 2s, interval: 500ms }
                on_failure: rollback
            """, $$"""
            rollback:
              - name: undo
                action: http
                with: { method: POST, url: "{{target.Url}}ok/undo" }
            """));
        await scenario.StartInProcessAsync();
        using var http = scenario.Client();

        // The latency stays high, so the alert never resolves and verify fails.
        await IncidentScenario.BreachAsync(http, "latency_ms", 500);
        var escalated = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "escalated", "escalated");

        Assert.Equal(1, target.Count("change"));
        Assert.Equal(1, target.Count("undo"));
        var steps = escalated.GetProperty("run").GetProperty("steps").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString(), s.GetProperty("status").GetString(), s.GetProperty("rollback").GetBoolean())).ToList();
        Assert.Equal([("change", "succeeded", false), ("verify", "failed", false), ("undo", "succeeded", true)], steps);
        Assert.Equal("rolledBack", escalated.GetProperty("run").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_cooldown_holds_back_a_second_run_on_the_same_target()
    {
        await using var target = await FlakyTarget.StartAsync();
        const string Trigger = """
            name: cooled
            trigger:
              services: [shop]
              kinds: [threshold]
            """;
        await using var scenario = new IncidentScenario(Trigger + $$"""

            steps:
              - name: fix
                action: http
                with: { method: POST, url: "{{target.Url}}ok/fix" }
            guardrails:
              cooldown: 1h
            """);
        await scenario.StartInProcessAsync();
        using var http = scenario.Client();

        await IncidentScenario.BreachAsync(http, "latency_ms", 500);
        var first = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "resolved", "resolved by the playbook");
        Assert.Equal(LatencyTitle, first.GetProperty("title").GetString()![..LatencyTitle.Length]);

        await IncidentScenario.BreachAsync(http, "errors", 50);
        var second = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Events(i).Contains("guardrail"), "held back");

        Assert.Equal(1, target.Count("fix"));
        Assert.Equal("triggered", IncidentScenario.Status(second));
        var guardrail = second.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "guardrail");
        Assert.StartsWith("playbook cooled held back: cooldown on shop until ", guardrail.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(second.TryGetProperty("run", out _));
    }

    private const string LatencyTitle = IncidentScenario.LatencyAlert + " on shop";
}
