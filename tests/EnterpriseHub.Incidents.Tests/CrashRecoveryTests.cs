using EnterpriseHub.Silo.Tests;
using System.Text.Json;

namespace EnterpriseHub.Incidents.Tests;

public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Killing_the_silo_mid_run_and_restarting_it_does_not_repeat_a_completed_step()
    {
        await using var target = await FlakyTarget.StartAsync();
        await using var scenario = new IncidentScenario($$"""
            name: slow-fix
            trigger:
              services: [shop]
              kinds: [threshold]
            steps:
              - name: first
                action: http
                with: { method: POST, url: "{{target.Url}}slow/1500/first" }
              - name: settle
                action: wait
                with: { duration: 4s }
              - name: third
                action: http
                with: { method: POST, url: "{{target.Url}}ok/third" }
            """);
        string id;
        await using (var silo = await SiloProcess.StartAsync(scenario.Settings, TimeSpan.FromSeconds(60)))
        {
            using var http = new HttpClient { BaseAddress = silo.Address };
            await IncidentScenario.BreachAsync(http, "latency_ms", 500);
            var running = await IncidentScenario.WaitForIncidentAsync(http, FirstStepFinished, "past its first step");
            id = running.GetProperty("id").GetString()!;
            Assert.Equal(0, target.Count("third"));

            // No shutdown: the kernel ends the process while the run is between steps.
            await silo.KillAsync();
        }

        Assert.Equal(1, target.Count("first"));
        await using (var restarted = await SiloProcess.StartAsync(scenario.Settings, TimeSpan.FromSeconds(60)))
        {
            using var http = new HttpClient { BaseAddress = restarted.Address };
            var resolved = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "resolved", "resolved after the restart");

            Assert.Equal(id, resolved.GetProperty("id").GetString());
            Assert.Equal(1, target.Count("first"));
            Assert.Equal(1, target.Count("third"));
            var first = resolved.GetProperty("run").GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("name").GetString() == "first").ToList();
            Assert.Equal("succeeded", Assert.Single(first).GetProperty("status").GetString());
        }
    }

    private static bool FirstStepFinished(JsonElement incident) =>
        incident.GetProperty("timeline").EnumerateArray().Any(e =>
            e.GetProperty("type").GetString() == "step_finished"
            && e.TryGetProperty("data", out var data) && data.GetProperty("step").GetString() == "first");
}
