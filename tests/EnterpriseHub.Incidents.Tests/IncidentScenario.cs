using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EnterpriseHub.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Incidents.Tests;

/// <summary>A data directory with a service catalog (threshold rules on service <c>shop</c>), alert routing that
/// flushes groups after 1 s, and a playbook directory; the silo runs in-process on Kestrel or as a child process.
/// Incidents are driven the way agents drive them: samples posted to <c>/api/v1/samples</c>.</summary>
public sealed class IncidentScenario : IAsyncDisposable
{
    public const string LatencyAlert = "latency_ms_above_100";
    public const string ErrorsAlert = "errors_above_5";

    private WebApplication? _app;

    public IncidentScenario(params string[] playbooks)
    {
        Root = Path.Combine(Path.GetTempPath(), "ehub-incidents-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(PlaybookDirectory);
        File.WriteAllText(CatalogFile, """
            services:
              - name: shop
                tier: medium
                rules:
                  - latency_ms > 100 for 1m
                  - errors > 5 for 1m
            """);
        File.WriteAllText(AlertingFile, """
            route:
              receiver: record
              group_by: [alertname, service]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: record
            """);
        for (var i = 0; i < playbooks.Length; i++)
        {
            File.WriteAllText(Path.Combine(PlaybookDirectory, $"p{i}.yml"), playbooks[i]);
        }
    }

    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string PlaybookDirectory => Path.Combine(Root, "playbooks");

    private string CatalogFile => Path.Combine(Root, "catalog.yml");

    private string AlertingFile => Path.Combine(Root, "alerting.yml");

    public Uri Address { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Settings as command-line arguments.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Silo:DataDirectory"] = DataDirectory,
        ["Monitoring:CatalogFile"] = CatalogFile,
        ["Alerting:ConfigFile"] = AlertingFile,
        ["Incidents:PlaybookDirectory"] = PlaybookDirectory,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public async Task StartInProcessAsync()
    {
        var overrides = new Dictionary<string, string?>(Settings) { ["urls"] = "http://127.0.0.1:0" };
        _app = SiloHost.Build([], overrides);
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public HttpClient Client(bool operatorKey = false)
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (operatorKey)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(DataDirectory, "admin.key")).Trim());
        }

        return http;
    }

    /// <summary>Posts five minutes of a metric for <c>shop</c> ending now: normal, then two minutes above its rule.</summary>
    public static async Task BreachAsync(HttpClient http, string metric, double high)
    {
        var now = DateTimeOffset.UtcNow;
        var samples = Enumerable.Range(0, 30).Select(i => new
        {
            service = "shop",
            metric,
            timestamp = now.AddSeconds(-10 * (29 - i)).ToUnixTimeMilliseconds(),
            value = i < 17 ? 1.0 : high,
        }).ToArray();
        (await http.PostAsJsonAsync("/api/v1/samples", samples)).EnsureSuccessStatusCode();
    }

    /// <summary>Polls the incident list until one satisfies <paramref name="condition"/>; returns it with its timeline.</summary>
    public static async Task<JsonElement> WaitForIncidentAsync(HttpClient http, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/incidents");
            foreach (var summary in list.EnumerateArray())
            {
                try
                {
                    last = await http.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{summary.GetProperty("id").GetString()}");
                }
                catch (HttpRequestException)
                {
                    continue;
                }

                if (condition(last))
                {
                    return last;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No incident became {what} in time; last seen: {last}");
    }

    public static IEnumerable<string> Events(JsonElement incident) =>
        incident.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()!);

    public static string Status(JsonElement incident) => incident.GetProperty("status").GetString()!;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp directory is cleaned eventually.
        }
    }
}
