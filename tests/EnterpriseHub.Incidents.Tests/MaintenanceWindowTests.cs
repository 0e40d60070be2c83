using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Incidents.Tests;

public sealed class MaintenanceWindowTests
{
    [Fact]
    public async Task A_run_due_inside_a_maintenance_window_is_held_back_with_the_window_named_and_runs_once_it_has_ended()
    {
        // Saturday 2026-03-07, 23:30 UTC: inside a window from Saturday 22:00 to 02:00 the next morning.
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 7, 23, 30, 0, TimeSpan.Zero));
        await using var target = await FlakyTarget.StartAsync();
        await using var scenario = new IncidentScenario($$"""
            name: night-fix
            trigger:
              services: [shop]
            steps:
              - name: fix
                action: http
                with: { method: POST, url: "{{target.Url}}ok/fix" }
            guardrails:
              cooldown: 0s
              maintenance_windows:
                - { days: [sat], from: "22:00", to: "02:00" }
            """);
        await scenario.StartInProcessAsync(clock);
        using var http = scenario.Client();

        var during = scenario.Notify("DuringWindow", clock.GetUtcNow());
        var heldBack = await IncidentScenario.WaitForIncidentAsync(http, during, i => IncidentScenario.Events(i).Contains("guardrail"), "held back");

        // After midnight the window still belongs to Saturday; 02:00 is its (exclusive) end.
        clock.Advance(new TimeSpan(2, 29, 0));
        var lastMinute = scenario.Notify("LastMinute", clock.GetUtcNow());
        var heldBackToo = await IncidentScenario.WaitForIncidentAsync(http, lastMinute, i => IncidentScenario.Events(i).Contains("guardrail"), "held back");
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = scenario.Notify("AfterWindow", clock.GetUtcNow());
        var resolved = await IncidentScenario.WaitForIncidentAsync(http, after, i => IncidentScenario.Status(i) == "resolved", "resolved by the playbook");

        foreach (var incident in new[] { heldBack, heldBackToo })
        {
            Assert.Equal("triggered", IncidentScenario.Status(incident));
            Assert.False(incident.TryGetProperty("run", out _));
            var guardrail = incident.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "guardrail");
            Assert.Equal("playbook night-fix held back: inside the maintenance window sat 22:00-02:00 UTC", guardrail.GetProperty("message").GetString());
        }

        Assert.Equal(1, target.Count("fix"));
        Assert.Equal("2026-03-08T02:00:00+00:00", resolved.GetProperty("run").GetProperty("startedAt").GetString());
        Assert.Equal(["opened", "run_started", "step_started", "step_finished", "run_finished", "resolved"], IncidentScenario.Events(resolved));
        Assert.True(resolved.GetProperty("autoResolved").GetBoolean());
    }
}
