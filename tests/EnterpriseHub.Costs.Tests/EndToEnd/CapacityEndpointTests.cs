using System.Net.Http.Json;
using System.Text.Json;

namespace EnterpriseHub.Costs.Tests.EndToEnd;

/// <summary>Time to exhaustion and the performance view over real metric grains.</summary>
public sealed class CapacityEndpointTests
{
    [Fact]
    public async Task A_disk_filling_by_one_percent_a_minute_from_50_to_69_exhausts_in_31_minutes()
    {
        await using var silo = await CostSilo.StartAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var samples = Enumerable.Range(0, 20).Select(i => new
        {
            service = "inventory-db",
            metric = "disk_usage_percent",
            timestamp = start.AddMinutes(i).ToUnixTimeMilliseconds(),
            value = 50.0 + i,
        }).ToArray();
        (await silo.Client.PostAsJsonAsync("/api/v1/samples", samples)).EnsureSuccessStatusCode();

        var views = (await silo.Client.GetFromJsonAsync<JsonElement>("/api/v1/capacity"))!;
        var disk = views.EnumerateArray().Single();
        // A perfect line: slope 1 per minute = 60 per hour; (100 − 69) / 1 per minute = 31 minutes, interval of width 0.
        Assert.Equal("rising", disk.GetProperty("status").GetString());
        Assert.Equal(60, disk.GetProperty("slopePerHour").GetDouble(), 6);
        Assert.Equal(TimeSpan.FromMinutes(31), TimeSpan.Parse(disk.GetProperty("expectedIn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(start.AddMinutes(19 + 31), disk.GetProperty("exhaustsAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Performance_scores_targets_and_gives_HPA_advice_with_its_cost()
    {
        await using var silo = await CostSilo.StartAsync(
            ("Capacity:Benchmarks:checkout:0:Metric", "latency_p99_ms"), ("Capacity:Benchmarks:checkout:0:Target", "250"),
            ("Capacity:Benchmarks:checkout:1:Metric", "throughput_rps"), ("Capacity:Benchmarks:checkout:1:Target", "200"),
            ("Capacity:Benchmarks:checkout:1:HigherIsBetter", "true"),
            ("Capacity:Scaling:checkout:Metric", "cpu_utilization_percent"), ("Capacity:Scaling:checkout:Target", "60"));
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        object Point(string metric, int i, double value) => new { service = "checkout", metric, timestamp = start.AddMinutes(i).ToUnixTimeMilliseconds(), value };
        var samples = Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            Point("latency_p99_ms", i, 500), Point("throughput_rps", i, 300), Point("cpu_utilization_percent", i, 90), Point("replicas", i, 4),
        }).ToArray();
        (await silo.Client.PostAsJsonAsync("/api/v1/samples", samples)).EnsureSuccessStatusCode();

        var view = (await silo.Client.GetFromJsonAsync<JsonElement>("/api/v1/services/checkout/performance"))!;
        // Latency 500 against 250 → 50; throughput 300 against 200 (higher is better) → met, 100. Mean 75.
        Assert.Equal(75, view.GetProperty("score").GetDouble());
        Assert.Equal([("latency_p99_ms", 500.0, 50.0), ("throughput_rps", 300.0, 100.0)], view.GetProperty("targets").EnumerateArray()
            .Select(t => (t.GetProperty("metric").GetString(), t.GetProperty("observed").GetDouble(), t.GetProperty("score").GetDouble())));
        var insight = view.GetProperty("insights").EnumerateArray().Single();
        Assert.Equal("latency_p99_ms", insight.GetProperty("metric").GetString());
        Assert.Equal("latency_p99_ms is 500 (p95), above its benchmark target of 250; score 50", insight.GetProperty("message").GetString());
        Assert.Equal(
            ["Check recent deploys and roll back if latency rose with one", "Scale out the service or its slowest dependency", "Inspect slow traces and database query times"],
            insight.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        // HPA: ⌈4 × 90 / 60⌉ = 6 replicas; the forecast of a flat 90% asks for no more.
        var scaling = view.GetProperty("scaling");
        Assert.Equal(4, scaling.GetProperty("currentReplicas").GetInt32());
        Assert.Equal(6, scaling.GetProperty("desiredReplicas").GetInt32());
        Assert.Equal(6, scaling.GetProperty("predictiveReplicas").GetInt32());
        // Default replica shape 0.5 core + 1 GB: each replica costs 0.5 × 0.04 + 1 × 0.005 = 0.025 per hour; 2 more: 0.05.
        Assert.Equal(0.05, scaling.GetProperty("hourlyCostDelta").GetDouble());
    }
}
