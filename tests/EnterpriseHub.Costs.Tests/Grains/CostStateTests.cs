using System.Text;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Runtime;
using EnterpriseHub.Runtime.Storage;
using EnterpriseHub.Silo.Tests;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Costs.Tests.Grains;

/// <summary>When cost grains write their state, and that it survives a restart.</summary>
public sealed class CostStateTests
{
    private static readonly DateTimeOffset H9 = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task State_is_written_on_the_first_usage_a_minute_after_the_last_checkpoint_on_deactivation_when_changed_and_never_by_reads()
    {
        var storage = new MemoryGrainStorage();
        var id = new GrainId("cost", "service/state-shop");
        var clock = new ManualTimeProvider(H9);
        GrainStateRecord? checkpoint;
        await using (var cluster = await CostCluster.StartAsync(clock, services: s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, storage)))
        {
            var grain = cluster.Client.GetGrain<ICostGrain>("service/state-shop");
            async Task Cpu(double cores)
            {
                await grain.RecordUsage([Usage.Of("state-shop", "cpu_cores", clock.GetUtcNow(), cores)]);
            }

            await Cpu(4);
            clock.Advance(TimeSpan.FromSeconds(59));
            await Cpu(4);
            Assert.Null(await storage.ReadAsync(id, "cost", CancellationToken.None));

            // A minute after activation (the default checkpoint interval), the next usage writes.
            clock.Advance(TimeSpan.FromSeconds(1));
            await Cpu(8);
            checkpoint = await storage.ReadAsync(id, "cost", CancellationToken.None);
            Assert.NotNull(checkpoint);
            Assert.Contains("\"cpu_cores\"", Encoding.UTF8.GetString(checkpoint.Payload), StringComparison.Ordinal);

            // Newer usage, not yet written, is written when the silo stops.
            clock.Advance(TimeSpan.FromSeconds(10));
            await Cpu(8);
            Assert.Equal(checkpoint.Etag, (await storage.ReadAsync(id, "cost", CancellationToken.None))!.Etag);
        }

        var stopped = await storage.ReadAsync(id, "cost", CancellationToken.None);
        Assert.NotEqual(checkpoint.Etag, stopped!.Etag);

        // A restarted silo: only reading the grain writes nothing when it stops. 4, 4, 8, 8 cores in one hour:
        // 6 core-hours = 0.24.
        await using (var cluster = await CostCluster.StartAsync(clock, services: s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, storage)))
        {
            Assert.Equal(0.24, (await cluster.Client.GetGrain<ICostGrain>("service/state-shop").Describe(H9, TimeSpan.FromHours(1))).Total);
        }

        Assert.Equal(stopped.Etag, (await storage.ReadAsync(id, "cost", CancellationToken.None))!.Etag);
    }

    [Fact]
    public async Task Costs_counters_and_team_totals_survive_a_restart_on_SQLite()
    {
        using var data = new TempDirectory();
        var prices = PriceCatalogFile.Parse("prices:\n  api_calls: { per: unit, price: 0.000004, aggregation: counter }\n");
        void Sqlite(IServiceCollection services) =>
            services.AddSqliteGrainStorage(GrainStorageNames.Default, o => o.DataSource = Path.Combine(data.Path, "costs.db"));
        static UsageSeries Calls(DateTimeOffset at, double total) =>
            new("restart-api:api_calls{}", "api_calls", "restart-team", "cc", [new Sample(at.ToUnixTimeMilliseconds(), total)]);
        var clock = new ManualTimeProvider(H9);
        await using (var cluster = await CostCluster.StartAsync(clock, prices: prices, services: Sqlite))
        {
            // Hour 9: 4 cores (0.16) and a counter from 1,000 to 3,000 (2,000 calls, 0.008) = 0.168.
            var grain = cluster.Client.GetGrain<ICostGrain>("service/restart-api");
            await grain.RecordUsage([Usage.Of("restart-api", "cpu_cores", H9, 4, "restart-team"), Calls(H9, 1_000)]);
            await grain.RecordUsage([Calls(H9.AddMinutes(30), 3_000)]);
        }

        await using (var cluster = await CostCluster.StartAsync(clock, prices: prices, services: Sqlite))
        {
            var grain = cluster.Client.GetGrain<ICostGrain>("service/restart-api");
            var restored = await grain.Describe(H9, TimeSpan.FromHours(1));
            Assert.Equal(0.168, restored.Total);
            Assert.Equal(0.008, restored.Breakdown["api_calls"]);

            // Hour 10: the counter goes on from its stored value: 3,000 → 4,000 is 1,000 calls (0.004), + 0.16.
            await grain.RecordUsage([Usage.Of("restart-api", "cpu_cores", H9.AddHours(1), 4, "restart-team"), Calls(H9.AddHours(1), 4_000)]);
            Assert.Equal(0.332, (await grain.Describe(H9.AddHours(1), TimeSpan.FromHours(2))).Total);
            var team = await cluster.Client.GetGrain<ICostGrain>("team/restart-team").Describe(H9.AddHours(1), TimeSpan.FromHours(2));
            Assert.Equal(0.332, team.Total);
            Assert.Equal(0.332, team.Breakdown["restart-api"]);
        }

        // The team's hourly totals themselves were stored: a third start reads them without the service.
        await using (var cluster = await CostCluster.StartAsync(clock, prices: prices, services: Sqlite))
        {
            Assert.Equal(0.332, (await cluster.Client.GetGrain<ICostGrain>("team/restart-team").Describe(H9.AddHours(1), TimeSpan.FromHours(2))).Total);
        }
    }
}
