using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Silo.Tests;

/// <summary>Samples in over HTTP, an anomaly alert out to an Alertmanager-style webhook receiver, and back to resolved.</summary>
public sealed class AlertPipelineTests
{
    [Fact]
    public async Task A_level_shift_fires_an_alert_whose_webhook_payload_a_receiver_gets_and_it_resolves_after_recovery()
    {
        using var data = new TempDirectory();
        await using var receiver = await WebhookReceiver.StartAsync();
        var config = Path.Combine(data.Path, "alerting.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: hook
              group_by: [alertname, service]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: hook
                webhook_configs:
                  - url: {receiver.Url}
                    send_resolved: true
            """);
        await using var silo = await InProcessSilo.StartAsync(Path.Combine(data.Path, "silo"), ("Alerting:ConfigFile", config));
        using var http = silo.Client();

        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var random = new Random(7);
        double Normal() => 100 + (3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        const int ShiftAt = 400;
        var samples = Enumerable.Range(0, 700).Select(i => new
        {
            service = "payments",
            metric = "queue_depth",
            labels = new Dictionary<string, string> { ["queue"] = "settlement" },
            timestamp = start.AddMinutes(i).ToUnixTimeMilliseconds(),
            value = i is >= ShiftAt and < ShiftAt + 30 ? 160 : Normal(),
        }).ToArray();

        // History in one request; the shift arrives sample by sample, as an agent would send it.
        (await http.PostAsJsonAsync("/api/v1/samples", samples[..ShiftAt])).EnsureSuccessStatusCode();
        for (var i = ShiftAt; i < ShiftAt + 30; i++)
        {
            (await http.PostAsJsonAsync("/api/v1/samples", samples[i..(i + 1)])).EnsureSuccessStatusCode();
        }

        var active = await WaitForActiveAlert(http);
        var fingerprint = active.GetProperty("alert").GetProperty("fingerprint").GetString()!;
        var firing = await receiver.WaitFor(0, p => p.GetProperty("status").GetString() == "firing" && Alert(p, fingerprint) is { } a && a.GetProperty("status").GetString() == "firing");

        Assert.Equal("4", firing.GetProperty("version").GetString());
        Assert.Equal("hook", firing.GetProperty("receiver").GetString());
        var alert = Alert(firing, fingerprint)!.Value;
        Assert.Equal("AnomalyDetected", alert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("payments", alert.GetProperty("labels").GetProperty("service").GetString());
        Assert.Equal("queue_depth", alert.GetProperty("labels").GetProperty("metric").GetString());
        Assert.Equal("settlement", alert.GetProperty("labels").GetProperty("queue").GetString());
        Assert.True(alert.GetProperty("annotations").TryGetProperty("summary", out _));
        Assert.True(alert.GetProperty("annotations").TryGetProperty("recommended_actions", out _));
        Assert.Equal("0001-01-01T00:00:00Z", alert.GetProperty("endsAt").GetString());

        // Still shifted: nothing resolved yet. Then the series recovers.
        Assert.DoesNotContain(receiver.Payloads, p => Alert(p, fingerprint) is { } a && a.GetProperty("status").GetString() == "resolved"
            && a.GetProperty("endsAt").GetDateTimeOffset() > start.AddMinutes(ShiftAt));
        var recoveryPostedAt = receiver.Payloads.Count;
        (await http.PostAsJsonAsync("/api/v1/samples", samples[(ShiftAt + 30)..])).EnsureSuccessStatusCode();
        var resolved = await receiver.WaitFor(recoveryPostedAt, p => Alert(p, fingerprint) is { } a && a.GetProperty("status").GetString() == "resolved");
        var resolvedAlert = Alert(resolved, fingerprint)!.Value;
        Assert.True(resolvedAlert.GetProperty("endsAt").GetDateTimeOffset() >= start.AddMinutes(ShiftAt + 30), "resolved only after the series recovered");
    }

    private static JsonElement? Alert(JsonElement payload, string fingerprint)
    {
        foreach (var alert in payload.GetProperty("alerts").EnumerateArray())
        {
            if (alert.GetProperty("fingerprint").GetString() == fingerprint)
            {
                return alert;
            }
        }

        return null;
    }

    private static async Task<JsonElement> WaitForActiveAlert(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var alerts = await http.GetFromJsonAsync<JsonElement>("/api/v1/alerts?state=firing&service=payments");
            foreach (var view in alerts.EnumerateArray())
            {
                if (view.GetProperty("alert").GetProperty("name").GetString() == "AnomalyDetected")
                {
                    return view;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No firing AnomalyDetected alert for payments after the shift.");
    }

    /// <summary>A stand-in for any Alertmanager webhook receiver: Kestrel on loopback, recording each payload.</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<JsonElement> _payloads = new();

        private WebhookReceiver(WebApplication app)
        {
            _app = app;
        }

        public string Url { get; private set; } = "";

        public static async Task<WebhookReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new WebhookReceiver(app);
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                receiver._payloads.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
                return Results.Ok();
            });
            await app.StartAsync();
            receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
            return receiver;
        }

        public IReadOnlyList<JsonElement> Payloads => [.. _payloads];

        /// <summary>Waits for a payload, among those received after the first <paramref name="skip"/>, that matches.</summary>
        public async Task<JsonElement> WaitFor(int skip, Func<JsonElement, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                foreach (var payload in _payloads.Skip(skip))
                {
                    if (match(payload))
                    {
                        return payload;
                    }
                }

                await Task.Delay(50);
            }

            throw new TimeoutException($"No matching webhook payload in 30 s; got {_payloads.Count}: {string.Join("\n", _payloads)}");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
