using System.Net.Http.Json;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Incidents.Tests;

public sealed class RemediationProbeTests
{
    [Fact]
    public async Task A_metric_counts_as_back_in_band_only_inside_the_band_from_before_the_condition_began_even_after_the_band_followed_the_shift()
    {
        await using var scenario = new IncidentScenario();
        await scenario.StartInProcessAsync();
        using var http = scenario.Client();
        // Whole seconds: a metric grain keeps its recent points to the second.
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());
        var shiftAt = start.AddSeconds(10 * 150);

        // 150 samples around 10 ms, then 30 at 80 ms: long enough for the baseline to re-anchor on the new level.
        await PostAsync(http, start, Enumerable.Range(0, 180).Select(i => i < 150 ? 10 + (i % 5 * 0.2) : 80 + (i % 3 * 0.5)));
        var series = SeriesKey.Create("shop", "queue_ms", []).Id;
        var grain = scenario.Services.GetRequiredService<IGrainFactory>().GetGrain<IMetricGrain>(series);
        var latest = await LatestAsync(grain, start.AddSeconds(10 * 179));
        var probe = scenario.Services.GetRequiredService<IRemediationProbe>();
        var alert = new Alert
        {
            Fingerprint = "fp-queue",
            Name = "QueueSlow",
            Kind = AlertKind.Anomaly,
            Severity = AlertSeverity.High,
            Confidence = 1,
            Labels = new Dictionary<string, string> { ["alertname"] = "QueueSlow", ["service"] = "shop", ["metric"] = "queue_ms" },
            Summary = "queue slow",
            StartsAt = shiftAt,
            State = AlertState.Firing,
            SeriesId = series,
        };

        // The current band has followed the shift, yet the metric is not back where it was.
        Assert.Equal(81.0, latest.Value, 3);
        Assert.InRange(latest.Value, latest.Lower, latest.Upper);
        Assert.False(await probe.IsMetricInBandAsync(alert, CancellationToken.None));

        // The shift lasts until every point from before it has left the grain's recent points; the band checked
        // first is remembered, so the recovery is still recognised.
        await PostAsync(http, start.AddSeconds(10 * 180), Enumerable.Repeat(80.0, 60));
        await LatestAsync(grain, start.AddSeconds(10 * 239));
        Assert.DoesNotContain((await grain.Describe(int.MaxValue, 0)).Points, p => p.Timestamp < shiftAt);
        Assert.False(await probe.IsMetricInBandAsync(alert, CancellationToken.None));

        await PostAsync(http, start.AddSeconds(10 * 240), [10.4]);
        await LatestAsync(grain, start.AddSeconds(10 * 240));
        Assert.True(await probe.IsMetricInBandAsync(alert, CancellationToken.None));
    }

    /// <summary>Samples are applied asynchronously after the POST is accepted: waits for the one at <paramref name="at"/>.</summary>
    private static async Task<SeriesPoint> LatestAsync(IMetricGrain grain, DateTimeOffset at)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var view = await grain.Describe(1, 0);
            if ((view.Points.Count > 0 && view.Points[^1].Timestamp >= at) || DateTime.UtcNow > deadline)
            {
                return view.Points[^1];
            }

            await Task.Delay(20);
        }
    }

    private static async Task PostAsync(HttpClient http, DateTimeOffset from, IEnumerable<double> values)
    {
        var samples = values.Select((v, i) => new { service = "shop", metric = "queue_ms", timestamp = from.AddSeconds(10 * i).ToUnixTimeMilliseconds(), value = v }).ToArray();
        (await http.PostAsJsonAsync("/api/v1/samples", samples)).EnsureSuccessStatusCode();
    }
}
