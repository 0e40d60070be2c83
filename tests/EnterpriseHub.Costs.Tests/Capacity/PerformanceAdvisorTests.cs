using EnterpriseHub.Abstractions.Capacity;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Grains.Capacity;
using EnterpriseHub.Grains.Costs;
using EnterpriseHub.Grains.Monitoring;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Costs.Tests.Capacity;

/// <summary>The performance view of <c>GET /api/v1/services/{name}/performance</c> worked out by hand: the score of
/// each target from the tail that matters, the insights with their actions, and HPA advice with its cost.</summary>
public sealed class PerformanceAdvisorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly CostEstimator Costs = new(DefaultPrices.Catalog(), new StaticOptions<CostOptions>(new CostOptions()));

    [Fact]
    public void Score_insights_and_predictive_scale_out_have_exact_values()
    {
        var entry = new ServiceCatalogEntry { Name = "perf-checkout", Slos = [new SloTarget("availability", "availability_ratio", 0.999, 0.99, LowerIsBad: true)] };
        var targets = PerformanceAdvisor.Targets(entry,
        [
            new BenchmarkTarget { Metric = "latency_p99_ms", Target = 250 },
            new BenchmarkTarget { Metric = "throughput_rps", Target = 200, HigherIsBetter = true },
            new BenchmarkTarget { Metric = "error_rate", Target = 0.01 },
        ]);
        var series = new Dictionary<string, SeriesView>
        {
            // Latency 100, 200, ..., 1000: p95 = 900 + 0.55 × 100 = 955 (Hyndman–Fan 7); score 250 / 955 = 26.178.
            ["latency_p99_ms"] = Series("latency_p99_ms", [.. Enumerable.Range(1, 10).Select(i => 100.0 * i)]),
            // Throughput 150, 160, ..., 240: p5 = 150 + 0.45 × 10 = 154.5; score 154.5 / 200 = 77.25.
            ["throughput_rps"] = Series("throughput_rps", [.. Enumerable.Range(0, 10).Select(i => 150.0 + (10 * i))]),
            // Availability 1 nine times and 0.98 once: p5 = 0.98 + 0.45 × 0.02 = 0.989; score 0.989 / 0.999 = 98.999.
            ["availability_ratio"] = Series("availability_ratio", [.. Enumerable.Repeat(1.0, 9), 0.98]),
            // error_rate sends nothing: listed without a score, left out of the mean.
        };

        var view = PerformanceAdvisor.Evaluate("perf-checkout", targets, series, new RecommendedActionsCatalog(), scaling: null, Costs);

        Assert.Equal(
        [
            new TargetView("availability_ratio", 0.999, true, 0.989, 98.999, "slo"),
            new TargetView("latency_p99_ms", 250, false, 955, 26.178, "benchmark"),
            new TargetView("throughput_rps", 200, true, 154.5, 77.25, "benchmark"),
            new TargetView("error_rate", 0.01, false, null, null, "benchmark"),
        ], view.Targets);
        // (98.998999 + 26.178010 + 77.25) / 3.
        Assert.Equal(67.4757, view.Score);
        Assert.Equal(
        [
            ("availability_ratio", "availability_ratio is 0.989 (p5), below its slo target of 0.999; score 99",
                (IReadOnlyList<string>)["Compare with recent changes to the service", "Check the service's dashboard and logs around the alert start"]),
            ("latency_p99_ms", "latency_p99_ms is 955 (p95), above its benchmark target of 250; score 26.2",
                ["Check recent deploys and roll back if latency rose with one", "Scale out the service or its slowest dependency", "Inspect slow traces and database query times"]),
            ("throughput_rps", "throughput_rps is 154.5 (p5), below its benchmark target of 200; score 77.3",
                ["Confirm whether the traffic change is expected (campaign, outage upstream)", "Scale to the new load or rate-limit abusive clients"]),
        ], view.Insights.Select(i => (i.Metric, i.Message, i.Actions)));
        Assert.Null(view.Scaling);
    }

    [Fact]
    public void Hpa_advice_scales_out_ahead_of_the_forecast_peak_and_prices_the_step()
    {
        var scaling = new ScalingTarget { Metric = "cpu_utilization_percent", Target = 60, LeadSteps = 3 };
        var series = new Dictionary<string, SeriesView>
        {
            // CPU at 90% on 4 replicas: ⌈4 × 90 / 60⌉ = 6. The forecast peaks at 120% within the 3 steps ahead (the
            // 130% is beyond them): ⌈4 × 120 / 60⌉ = 8, so scale out to 8 now.
            ["cpu_utilization_percent"] = Series("cpu_utilization_percent", [.. Enumerable.Repeat(90.0, 10)]) with
            {
                Forecast = [Forecast(10, 95), Forecast(11, 120), Forecast(12, 100), Forecast(13, 130)],
            },
            ["replicas"] = Series("replicas", [.. Enumerable.Repeat(4.0, 10)]),
        };

        var view = PerformanceAdvisor.Evaluate("perf-api", [], series, new RecommendedActionsCatalog(), scaling, Costs);

        // No targets: a score of 100 and nothing to say. Four more replicas of 0.5 core (0.02) and 1 GB (0.005): 0.10 per hour.
        Assert.Equal((100, 0), (view.Score, view.Insights.Count));
        Assert.Equal(new ScalingAdvice("cpu_utilization_percent", 60, 4, 90, 6, 120, 8, 0.1), view.Scaling);
    }

    [Fact]
    public void Hpa_scale_down_waits_for_the_five_minute_stabilisation_window()
    {
        var scaling = new ScalingTarget { Metric = "cpu_utilization_percent", Target = 60 };
        ScalingAdvice? Advice(int busyMinute)
        {
            // CPU 30% on 4 replicas now (minute 9): ⌈4 × 30 / 60⌉ = 2, unless a busier minute within the last five
            // recommended more.
            var cpu = Enumerable.Range(0, 10).Select(i => i == busyMinute ? 90.0 : 30.0).ToArray();
            var series = new Dictionary<string, SeriesView>
            {
                ["cpu_utilization_percent"] = Series("cpu_utilization_percent", cpu),
                ["replicas"] = Series("replicas", [.. Enumerable.Repeat(4.0, 10)]),
            };
            return PerformanceAdvisor.Evaluate("perf-api", [], series, new RecommendedActionsCatalog(), scaling, Costs).Scaling;
        }

        // 90% at minute 6 (3 minutes ago) recommended 6: hold at 4. At minute 4 (5 minutes ago, outside): go to 2,
        // saving two replicas, 0.05 per hour.
        Assert.Equal(new ScalingAdvice("cpu_utilization_percent", 60, 4, 30, 4, null, null, 0), Advice(6));
        Assert.Equal(new ScalingAdvice("cpu_utilization_percent", 60, 4, 30, 2, null, null, -0.05), Advice(4));
    }

    private static SeriesView Series(string metric, double[] values) => new()
    {
        Id = $"perf:{metric}{{}}",
        Service = "perf",
        Metric = metric,
        Labels = new Dictionary<string, string>(),
        Status = SeriesStatus.Ok,
        LastValue = values[^1],
        LastTimestamp = T0.AddMinutes(values.Length - 1),
        Samples = values.Length,
        Points = [.. values.Select((v, i) => new SeriesPoint(T0.AddMinutes(i), v, v, v, v, 0))],
    };

    private static ForecastPointView Forecast(int minute, double value) => new(T0.AddMinutes(minute), value, value, value);

    private sealed class StaticOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
