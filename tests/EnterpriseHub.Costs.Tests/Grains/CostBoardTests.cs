using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Silo.Costs;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Costs.Tests.Grains;

/// <summary>The cost summaries and recommendations behind <c>/api/v1/costs</c>: shared between requests, one pass
/// per dimension and window, and worked out again once older than <c>Costs:SummaryRefreshInterval</c> (5 s).</summary>
public sealed class CostBoardTests
{
    [Fact]
    public async Task A_summary_is_served_from_the_last_pass_until_five_seconds_have_passed_then_shows_new_usage()
    {
        var h9 = new DateTimeOffset(2026, 2, 3, 9, 0, 0, TimeSpan.Zero);
        var clock = new ManualTimeProvider(h9.AddMinutes(30));
        await using var cluster = await CostCluster.StartAsync(clock, services: s => s.AddSingleton<CostBoard>());
        var board = cluster.Services.GetRequiredService<CostBoard>();
        var directory = cluster.Client.GetGrain<ICostDirectoryGrain>(ICostDirectoryGrain.DefaultKey);
        var shop = cluster.Client.GetGrain<ICostGrain>("service/shop");
        var web = cluster.Client.GetGrain<ICostGrain>("service/web");

        // shop holds 4 cores in hour 9: 4 core-hours at 0.04 = 0.16.
        await directory.Register(["service/shop"]);
        await shop.RecordUsage([Usage.Of("shop", "cpu_cores", h9, 4)]);
        var first = await board.SummaryAsync(CostDimension.Service, TimeSpan.FromHours(24));
        Assert.Equal([("shop", 0.16)], first.Select(v => (v.Name, v.Total)));

        // web appears with 2 cores (0.08) and shop's hour now averages 4 and 8 (0.24); 4.9 s later the summary is the
        // pass already made, and two requests at once share one pass.
        await directory.Register(["service/web"]);
        await web.RecordUsage([Usage.Of("web", "cpu_cores", h9.AddMinutes(5), 2)]);
        await shop.RecordUsage([Usage.Of("shop", "cpu_cores", h9.AddMinutes(20), 8)]);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Same(first, await board.SummaryAsync(CostDimension.Service, TimeSpan.FromHours(24)));

        // Another window is its own pass, made now.
        var lastHour = await board.SummaryAsync(CostDimension.Service, TimeSpan.FromHours(1));
        Assert.Equal([("shop", 0.24), ("web", 0.08)], lastHour.Select(v => (v.Name, v.Total)));

        // At 5 s the next request works the 24 h summary out again; requests arriving meanwhile share that pass.
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var pending = board.SummaryAsync(CostDimension.Service, TimeSpan.FromHours(24));
        Assert.Same(pending, board.SummaryAsync(CostDimension.Service, TimeSpan.FromHours(24)));
        var second = await pending;
        Assert.Equal([("shop", 0.24), ("web", 0.08)], second.Select(v => (v.Name, v.Total)));
        Assert.Same(second, await board.SummaryAsync(CostDimension.Service, TimeSpan.FromHours(24)));

        var recommendations = await board.RecommendationsAsync();
        Assert.Same(recommendations, await board.RecommendationsAsync());
    }
}
