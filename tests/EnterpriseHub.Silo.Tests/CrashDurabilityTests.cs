using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;

namespace EnterpriseHub.Silo.Tests;

public sealed class CrashDurabilityTests
{
    private sealed record Probe(string Name, string Value, long Writes);

    [Fact]
    public async Task Sqlite_state_survives_SIGKILL_of_the_silo_process()
    {
        using var data = new TempDirectory();
        var acknowledged = new Dictionary<string, (string Value, long Writes)>();

        await using (var silo = await SiloProcess.StartAsync(data.Path, TimeSpan.FromSeconds(60)))
        {
            using var http = Client(silo, await File.ReadAllTextAsync(Path.Combine(data.Path, "admin.key")));
            for (var round = 0; round < 5; round++)
            {
                for (var p = 0; p < 20; p++)
                {
                    var name = $"probe-{p}";
                    var value = $"round-{round}-probe-{p}";
                    using var response = await http.PutAsJsonAsync($"/api/v1/diagnostics/probes/{name}", new { value });
                    response.EnsureSuccessStatusCode();
                    var stored = await response.Content.ReadFromJsonAsync<Probe>();
                    acknowledged[name] = (stored!.Value, stored.Writes);
                }
            }

            // No graceful shutdown: the kernel ends the process on the spot.
            await silo.KillAsync();
        }

        await using (var restarted = await SiloProcess.StartAsync(data.Path, TimeSpan.FromSeconds(60)))
        {
            using var http = Client(restarted, apiKey: null);
            foreach (var (name, expected) in acknowledged)
            {
                var probe = await http.GetFromJsonAsync<Probe>($"/api/v1/diagnostics/probes/{name}");
                Assert.Equal(expected.Value, probe!.Value);
                Assert.Equal(5, probe.Writes);
                Assert.Equal(expected.Writes, probe.Writes);
            }
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "ehub.db")}");
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
    }

    private static HttpClient Client(SiloProcess silo, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey.Trim());
        }

        return http;
    }
}
