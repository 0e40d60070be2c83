using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Costs.Tests.Grains;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Silo.Capacity;
using EnterpriseHub.Silo.Monitoring;
using EnterpriseHub.Silo.Tests;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnterpriseHub.Costs.Tests.Capacity;

/// <summary>The time-to-exhaustion list behind <c>GET /api/v1/capacity</c>: correct, shared between requests, and
/// worked out again once it is older than the refresh interval.</summary>
public sealed class ExhaustionBoardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_list_is_served_from_the_last_pass_until_five_seconds_have_passed_then_shows_a_new_breach()
    {
        using var data = new TempDirectory();
        var clock = new ManualTimeProvider(T0);
        await using var store = new SeriesIndexStore(data.Path, NullLogger<SeriesIndexStore>.Instance);
        await using var cluster = await CostCluster.StartAsync(clock, services: s =>
        {
            s.AddOptions<MonitoringOptions>();
            s.AddSingleton(new ServiceCatalog([]));
            s.AddSingleton(new RecommendedActionsCatalog());
            s.AddSingleton<AlertFactory>();
            s.AddSingleton<EnterpriseHub.Grains.Metrics.MetricGrainServices>();
            s.AddSingleton(store);
            s.AddSingleton<SeriesIndex>();
            s.AddOptions<EnterpriseHub.Grains.Capacity.CapacityOptions>();
            s.AddSingleton<ExhaustionBoard>();
        });
        var index = cluster.Services.GetRequiredService<SeriesIndex>();
        var board = cluster.Services.GetRequiredService<ExhaustionBoard>();
        async Task Send(string id, double first, double perMinute)
        {
            var samples = Enumerable.Range(0, 20).Select(i => new Sample(T0.AddMinutes(i).ToUnixTimeMilliseconds(), first + (perMinute * i))).ToArray();
            var batch = new[] { new SeriesSamples(SeriesKey.Parse(id), samples) };
            await index.Resolve(batch, 1000)[0].Grain.Ingest(samples);
        }

        // A disk filling 1% a minute from 50 to 69: 31 minutes left. A flat pool: stable. Latency is not utilisation.
        await Send("db:disk_usage_percent{}", 50, 1);
        await Send("pool:connections_utilization{}", 40, 0);
        await Send("web:latency_p99_ms{}", 200, 5);

        var first = await board.ForAsync(null);
        Assert.Equal(["db:disk_usage_percent{}", "pool:connections_utilization{}"], first.Select(v => v.SeriesId));
        Assert.Equal(("rising", TimeSpan.FromMinutes(31), T0.AddMinutes(50)), (first[0].Status, first[0].ExpectedIn, first[0].ExhaustsAt));
        Assert.Equal(60, first[0].SlopePerHour, 6);
        Assert.Equal(("stable", (TimeSpan?)null), (first[1].Status, first[1].ExpectedIn));
        Assert.Equal(["pool:connections_utilization{}"], (await board.ForAsync("pool")).Select(v => v.SeriesId));

        // A memory series filling 2% a minute from 60 to 98 appears; 4.9 s later the list is the one already worked out.
        await Send("cache:memory_usage_percent{}", 60, 2);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Same(first, await board.ForAsync(null));
        Assert.Empty(await board.ForAsync("cache"));

        // At 5 s the next request works it out again: the memory series leads, (100 − 98) / 2 = 1 minute left.
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var second = await board.ForAsync(null);
        Assert.Equal(["cache:memory_usage_percent{}", "db:disk_usage_percent{}", "pool:connections_utilization{}"], second.Select(v => v.SeriesId));
        Assert.Equal(("rising", TimeSpan.FromMinutes(1), T0.AddMinutes(20)), (second[0].Status, second[0].ExpectedIn, second[0].ExhaustsAt));
        Assert.Equal(120, second[0].SlopePerHour, 6);
        Assert.Same(second, await board.ForAsync(null));
    }
}
