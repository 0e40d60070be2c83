using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Costs.Tests.Grains;

/// <summary>The idle recommendation as a service's cost grain gives it, over a short configured window on a fake clock.</summary>
public sealed class IdleRecommendationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_days_at_half_a_percent_of_cpu_is_idle_and_saves_the_whole_monthly_cost_until_one_busier_hour()
    {
        var clock = new ManualTimeProvider(T0);
        await using var cluster = await CostCluster.StartAsync(clock, c => c.Idle.Days = 2);
        var grain = cluster.Client.GetGrain<ICostGrain>("service/idle-batch");
        async Task Hour(int h, double usedCores)
        {
            clock.Advance(T0.AddHours(h).AddMinutes(30) - clock.GetUtcNow());
            var at = clock.GetUtcNow();
            await grain.RecordUsage(
            [
                Usage.Of("idle-batch", "cpu_cores", at, 2), Usage.Of("idle-batch", "cpu_cores_used", at, usedCores), Usage.Of("idle-batch", "memory_gb", at, 4),
            ]);
        }

        CostRecommendation? Idle(CostRecommendation[] list) => list.SingleOrDefault(r => r.Kind == "idle");

        // 2 cores, 0.01 of them used (0.5%), 4 GB. After 43 hours, 43 of the window's 48 are seen: 89.6% < 90%.
        for (var h = 0; h < 43; h++)
        {
            await Hour(h, 0.01);
        }

        Assert.Null(Idle(await grain.Recommendations(clock.GetUtcNow())));

        // After 48 hours the window is covered and every hour peaked at 0.5% ≤ 1%: idle. The saving is the whole
        // cost: (2 × 0.04 + 4 × 0.005) = 0.10 per hour × 730 = 73 per month.
        for (var h = 43; h < 48; h++)
        {
            await Hour(h, 0.01);
        }

        var idle = Idle(await grain.Recommendations(clock.GetUtcNow()));
        Assert.NotNull(idle);
        Assert.Equal(("idle:idle-batch:*", "idle-batch", "*"), (idle.Id, idle.Service, idle.Resource));
        Assert.Equal((73, 73), (idle.CurrentMonthlyCost, idle.ProjectedMonthlySavings));
        Assert.Equal((1.0, "medium", false), (idle.Confidence, idle.Risk, idle.AutoApplicable));
        Assert.Equal(0.5, idle.Details["max_utilisation_percent"], 12);
        Assert.Equal(2, idle.Details["days"]);
        Assert.Equal("idle-batch looks idle: cpu_cores peaked at 0.5% over 2 days; scale it to zero or decommission it", idle.Summary);

        // One hour at 0.03 core (1.5%) in the window ends it.
        await Hour(48, 0.03);
        Assert.Null(Idle(await grain.Recommendations(clock.GetUtcNow())));
    }
}
