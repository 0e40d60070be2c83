using System.Net.Http.Json;
using System.Text.Json;
using EnterpriseHub.Silo.Tests;

namespace EnterpriseHub.Incidents.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task In_the_demo_an_incident_opens_and_a_demo_playbook_resolves_it_without_a_human()
    {
        var root = Directory.CreateTempSubdirectory("ehub-demo-").FullName;
        try
        {
            // The demo as shipped (a day of backfill, its catalog and playbooks) with its waits shortened: the first
            // injected incident (checkout latency creep) starts after 1 s and lasts 20 s instead of 2 min, so the demo
            // playbook's verify (every 10 s) sees the latency back in its band soon after; alert groups flush after
            // 1 s instead of Alertmanager's default 30 s. Measured: resolved 7 to 30 s after the process starts.
            var alerting = Path.Combine(root, "alerting.yml");
            await File.WriteAllTextAsync(alerting, """
                route:
                  receiver: record
                  group_by: [alertname, service]
                  group_wait: 1s
                  group_interval: 5s
                  repeat_interval: 1h
                receivers:
                  - name: record
                """);
            var settings = new Dictionary<string, string?>
            {
                ["demo"] = "true",
                ["data-dir"] = Path.Combine(root, "data"),
                ["Demo:FirstIncidentAfter"] = "00:00:01",
                ["Demo:IncidentEvery"] = "00:00:20",
                ["Alerting:ConfigFile"] = alerting,
                ["Logging:LogLevel:Default"] = "Warning",
            };
            await using var silo = await SiloProcess.StartAsync(settings, TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = silo.Address };

            var resolved = await IncidentScenario.WaitForIncidentAsync(http, i => IncidentScenario.Status(i) == "resolved" && i.TryGetProperty("run", out _),
                "resolved by a demo playbook", TimeSpan.FromSeconds(90));

            var run = resolved.GetProperty("run");
            Assert.StartsWith("demo-", run.GetProperty("playbook").GetString(), StringComparison.Ordinal);
            Assert.Equal("succeeded", run.GetProperty("status").GetString());
            Assert.True(resolved.GetProperty("autoResolved").GetBoolean());
            Assert.DoesNotContain(resolved.GetProperty("timeline").EnumerateArray(), e => e.TryGetProperty("actor", out var actor) && actor.ValueKind == JsonValueKind.String);
            var kpis = await http.GetFromJsonAsync<JsonElement>("/api/v1/incidents/kpis");
            Assert.True(kpis.GetProperty("autoResolved").GetInt64() >= 1, kpis.ToString());
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // The killed silo may still hold its database for a moment; the temp cleaner gets it.
            }
        }
    }
}
