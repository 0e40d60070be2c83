using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Costs.Tests.Grains;

/// <summary>How a service's cost grain turns usage samples into hourly costs: counters with resets, and levels
/// held by several series.</summary>
public sealed class UsageAggregationTests
{
    private static readonly DateTimeOffset H9 = new(2026, 2, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Counters_with_resets_from_two_pods_become_the_sum_of_their_increments()
    {
        // api_calls and llm_tokens reported as cumulative counters (as an exporter's *_total would be).
        var prices = PriceCatalogFile.Parse("""
            prices:
              api_calls:  { per: unit, price: 0.000004, unit: call,  aggregation: counter }
              llm_tokens: { per: unit, price: 0.000002, unit: token, aggregation: counter }
            """);
        var clock = new ManualTimeProvider(H9);
        await using var cluster = await CostCluster.StartAsync(clock, prices: prices);
        var grain = cluster.Client.GetGrain<ICostGrain>("service/counter-api");
        static UsageSeries Counter(string metric, string pod, params (int Minute, double Value)[] points) =>
            new($"counter-api:{metric}{{pod=\"{pod}\"}}", metric, "t", "c", [.. points.Select(p => new Sample(H9.AddMinutes(p.Minute).ToUnixTimeMilliseconds(), p.Value))]);

        UsageSeries[] first =
        [
            // Pod a: base 1,000, then +600 and +900 in hour 9. Pod b: base 50, then +400. Tokens: base 1,000,000, +500,000.
            Counter("api_calls", "a", (0, 1_000), (20, 1_600), (40, 2_500)),
            Counter("api_calls", "b", (10, 50), (50, 450)),
            Counter("llm_tokens", "a", (5, 1_000_000), (55, 1_500_000)),
        ];
        UsageSeries[] second =
        [
            // Pod a restarted: 300 is a reset (+300), then +600. Pod b: +200. Tokens reset: +200,000.
            Counter("api_calls", "a", (60, 300), (90, 900)),
            Counter("api_calls", "b", (70, 650)),
            Counter("llm_tokens", "a", (75, 200_000)),
        ];
        await grain.RecordUsage(first);
        await grain.RecordUsage(second);
        // A retried request, and a sample older than its series' newest: neither is counted again.
        await grain.RecordUsage(second);
        await grain.RecordUsage([Counter("api_calls", "b", (65, 9_999))]);

        // Hour 9: 600 + 900 + 400 = 1,900 calls (0.0076) and 500,000 tokens (1.00) = 1.0076.
        // Hour 10: 300 + 600 + 200 = 1,100 calls (0.0044) and 200,000 tokens (0.40) = 0.4044.
        var view = await grain.Describe(H9.AddHours(1), TimeSpan.FromHours(2));
        Assert.Equal(1.412, view.Total);
        Assert.Equal(2, view.ObservedHours);
        Assert.Equal(0.012, view.Breakdown["api_calls"]);
        Assert.Equal(1.4, view.Breakdown["llm_tokens"]);
        Assert.Equal(1.0076, (await grain.Describe(H9, TimeSpan.FromHours(1))).Total);
    }

    [Fact]
    public async Task Levels_held_by_several_pods_add_up_to_the_service_level()
    {
        var clock = new ManualTimeProvider(H9);
        await using var cluster = await CostCluster.StartAsync(clock);
        var grain = cluster.Client.GetGrain<ICostGrain>("service/pods-web");
        UsageSeries Cpu(string pod, int minute, double cores) => Usage.Of("pods-web", "cpu_cores", H9.AddMinutes(minute), cores, instance: pod);

        // Hour 9: pod a holds 2 cores (sampled twice), pod b 3 cores (sampled once): 5 core-hours = 0.20, not the
        // 2.33 a mean of all three samples would give. Hour 10: pod a alone at 2 cores = 0.08.
        await grain.RecordUsage([Cpu("a", 0, 2), Cpu("b", 15, 3)]);
        await grain.RecordUsage([Cpu("a", 30, 2)]);
        await grain.RecordUsage([Cpu("a", 60, 2)]);

        Assert.Equal(0.2, (await grain.Describe(H9, TimeSpan.FromHours(1))).Total);
        Assert.Equal(0.28, (await grain.Describe(H9.AddHours(1), TimeSpan.FromHours(2))).Total);
    }
}
