using System.Net.Http.Json;
using System.Text.Json;

namespace EnterpriseHub.Incidents.Tests;

public sealed class PlaybookReloadTests
{
    private static string Playbook(string description, string call, string action = "http") => $$"""
        name: hot
        description: {{description}}
        trigger:
          labels: ['alertname=~"Hot.*"']
        steps:
          - name: call
            action: {{action}}
            with: { method: POST, url: "{{call}}" }
        guardrails:
          cooldown: 0s
        """;

    [Fact]
    public async Task Playbook_files_written_while_the_silo_runs_are_used_without_a_restart_and_an_invalid_edit_keeps_the_last_good_version()
    {
        await using var target = await FlakyTarget.StartAsync();
        await using var scenario = new IncidentScenario("""
            name: cold
            trigger:
              labels: ['alertname="Cold"']
            steps:
              - name: wait
                action: wait
                with: { duration: 1s }
            """);
        await scenario.StartInProcessAsync();
        using var http = scenario.Client();
        var file = Path.Combine(scenario.PlaybookDirectory, "p1.yml");
        Assert.Equal(["cold"], Names(await PlaybooksAsync(http)));

        // A new file.
        await File.WriteAllTextAsync(file, Playbook("first version", $"{target.Url}ok/v1"));
        var added = await WaitForPlaybooksAsync(http, p => Names(p).Contains("hot"), "the new playbook listed");
        Assert.Equal(["cold", "hot"], Names(added));
        Assert.Equal("p1.yml", Hot(added).GetProperty("file").GetString());
        var first = scenario.Notify("Hot1", DateTimeOffset.UtcNow);
        var firstRun = await IncidentScenario.WaitForIncidentAsync(http, first, i => IncidentScenario.Status(i) == "resolved", "resolved by the new playbook");
        Assert.Equal("hot", firstRun.GetProperty("run").GetProperty("playbook").GetString());
        Assert.Equal(1, target.Count("v1"));

        // A changed file.
        await File.WriteAllTextAsync(file, Playbook("second version", $"{target.Url}ok/v2"));
        await WaitForPlaybooksAsync(http, p => Hot(p).GetProperty("description").GetString() == "second version", "the changed playbook listed");
        var second = scenario.Notify("Hot2", DateTimeOffset.UtcNow);
        await IncidentScenario.WaitForIncidentAsync(http, second, i => IncidentScenario.Status(i) == "resolved", "resolved by the changed playbook");
        Assert.Equal((1, 1), (target.Count("v1"), target.Count("v2")));

        // A broken edit: reported with file:line:column, and the second version stays in force.
        await File.WriteAllTextAsync(file, Playbook("broken version", $"{target.Url}ok/v3", action: "teleport"));
        var broken = await WaitForPlaybooksAsync(http, p => p.GetProperty("errors").GetArrayLength() > 0, "the error reported");
        Assert.Equal([$"{file}:7:13: unknown action 'teleport'"], broken.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("second version", Hot(broken).GetProperty("description").GetString());
        var third = scenario.Notify("Hot3", DateTimeOffset.UtcNow);
        await IncidentScenario.WaitForIncidentAsync(http, third, i => IncidentScenario.Status(i) == "resolved", "resolved by the last good version");
        Assert.Equal((1, 2, 0), (target.Count("v1"), target.Count("v2"), target.Count("v3")));
    }

    private static async Task<JsonElement> PlaybooksAsync(HttpClient http) => await http.GetFromJsonAsync<JsonElement>("/api/v1/playbooks");

    private static async Task<JsonElement> WaitForPlaybooksAsync(HttpClient http, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var last = await PlaybooksAsync(http);
        while (!condition(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain for {what}; last seen: {last}");
            }

            await Task.Delay(100);
            last = await PlaybooksAsync(http);
        }

        return last;
    }

    private static List<string> Names(JsonElement list) => [.. list.GetProperty("playbooks").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];

    private static JsonElement Hot(JsonElement list) => list.GetProperty("playbooks").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "hot");
}
