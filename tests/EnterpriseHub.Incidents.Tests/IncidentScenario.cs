using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Grains.Incidents;
using EnterpriseHub.Runtime;
using EnterpriseHub.Silo.Hosting;
using EnterpriseHub.TestingHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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

    /// <summary>Starts the silo in this process; <paramref name="clock"/> (a <see cref="ManualTimeProvider"/>) replaces
    /// the silo's clock for grains, timers, guardrails and steps; <paramref name="settings"/> add to <see cref="Settings"/>.</summary>
    public async Task StartInProcessAsync(TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var overrides = new Dictionary<string, string?>(Settings) { ["urls"] = "http://127.0.0.1:0" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        _app = SiloHost.Build([], overrides, clock is null ? null : services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        });
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

    /// <summary>Tells the incident of group <c>{alertname=NAME, service=shop}</c> about one alert, as the alert router
    /// does when it flushes the group (used with a fake clock, where the router's group timers do not run by
    /// themselves); returns the incident's id.</summary>
    public string Notify(string alertName, DateTimeOffset startsAt, AlertState state = AlertState.Firing)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = alertName,
            ["service"] = "shop",
            ["severity"] = "high",
            ["kind"] = "threshold",
        };
        var alert = new Alert
        {
            Fingerprint = "fp-" + alertName,
            Name = alertName,
            Kind = AlertKind.Threshold,
            Severity = AlertSeverity.High,
            Confidence = 1,
            Labels = labels,
            Summary = alertName + " on shop",
            StartsAt = startsAt,
            EndsAt = state == AlertState.Resolved ? Services.GetRequiredService<TimeProvider>().GetUtcNow() : null,
            State = state,
        };
        var groupKey = $"{{}}:{{alertname=\"{alertName}\", service=\"shop\"}}";
        var id = IncidentIds.ForGroupKey(groupKey);
        _ = Services.GetRequiredService<IGrainFactory>().GetGrain<IIncidentGrain>(id).OnAlertGroup(new AlertGroupUpdate(groupKey, "record", [alert]));
        return id;
    }

    /// <summary>Polls one incident until <paramref name="condition"/> holds; returns it with its timeline.</summary>
    public static async Task<JsonElement> WaitForIncidentAsync(HttpClient http, string id, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(new Uri($"/api/v1/incidents/{id}", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (condition(last))
                {
                    return last;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Incident {id} did not become {what} in time; last seen: {last}");
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
