using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Grains.Costs;
using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Costs.Tests.Grains;

/// <summary>The budget alert as the cost grain raises it: the month-end forecast on event time against the budget.</summary>
public sealed class BudgetAlertTests
{
    private static readonly DateTimeOffset Day10 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_grain_raises_the_budget_alert_with_the_exact_forecast_refreshes_it_and_resolves_it_when_the_forecast_falls_back()
    {
        var clock = new ManualTimeProvider(Day10);
        await using var cluster = await CostCluster.StartAsync(clock, c => c.Budgets["service"] = new() { ["budget-billing"] = 100 });
        var grain = cluster.Client.GetGrain<ICostGrain>("service/budget-billing");
        async Task Cpu(TimeSpan at, double cores)
        {
            clock.Advance(Day10 + at - clock.GetUtcNow());
            await grain.RecordUsage([Usage.Of("budget-billing", "cpu_cores", clock.GetUtcNow(), cores)]);
        }

        // 10 cores × 0.04 = 0.40 per hour. At 10 Jan 00:30 the hour counts as spent: month to date 0.40, run rate 0.40,
        // 527 h left after the hour (1 Feb − 10 Jan 01:00): 0.40 + 0.40 × 527 = 211.20 > 100 → fires.
        await Cpu(TimeSpan.FromMinutes(30), 10);
        var budget = (await grain.Describe(clock.GetUtcNow(), TimeSpan.FromDays(1))).Budget;
        Assert.Equal(new BudgetView(0.4, 0.4, 211.2, 100, true), budget);
        var firing = Assert.Single(await CostCluster.WaitForAlerts("budget-billing", CostAlerts.BudgetAlertName, 1));
        Assert.Equal((AlertState.Firing, AlertKind.Predictive, AlertSeverity.High, Day10.AddMinutes(30)), (firing.State, firing.Kind, firing.Severity, firing.StartsAt));
        Assert.Equal("service budget-billing: forecast month-end spend 211.20 USD exceeds the budget of 100.00 USD", firing.Summary);
        Assert.Equal(("211.20", "100.00", "0.40"), (firing.Annotations["forecast_month_end"], firing.Annotations["budget"], firing.Annotations["month_to_date"]));
        // The budget is reached (100 − 0.40) / 0.40 = 249 h after 01:00: 20 Jan 10:00, 249.5 h from now.
        Assert.Equal(100, firing.Prediction!.Threshold);
        Assert.Equal(Day10.AddHours(250), firing.Prediction.PredictedAt);
        Assert.Equal(TimeSpan.FromHours(249.5), firing.Prediction.TimeToOccurrence);

        // An hour later at 0.1 core (0.004): run rate (0.40 + 0.004) / 2 = 0.202; 0.404 + 0.202 × 526 = 106.656,
        // still over. The alert is sent again (past the one-minute refresh) with the new forecast.
        await Cpu(TimeSpan.FromMinutes(90), 0.1);
        var refreshed = (await CostCluster.WaitForAlerts("budget-billing", CostAlerts.BudgetAlertName, 2))[1];
        Assert.Equal((AlertState.Firing, Day10.AddMinutes(30), "106.66"), (refreshed.State, refreshed.StartsAt, refreshed.Annotations["forecast_month_end"]));

        // Another hour at 0.1 core: run rate (0.40 + 0.004 + 0.004) / 3 = 0.136; 0.408 + 0.136 × 525 = 71.808 → resolves.
        await Cpu(TimeSpan.FromMinutes(150), 0.1);
        Assert.Equal(new BudgetView(0.408, 0.136, 71.808, 100, false), (await grain.Describe(clock.GetUtcNow(), TimeSpan.FromDays(1))).Budget);
        var resolved = (await CostCluster.WaitForAlerts("budget-billing", CostAlerts.BudgetAlertName, 3))[2];
        Assert.Equal((AlertState.Resolved, Day10.AddMinutes(30), Day10.AddMinutes(150)), (resolved.State, resolved.StartsAt, resolved.EndsAt));
        Assert.Equal("71.81", resolved.Annotations["forecast_month_end"]);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
    }

    [Fact]
    public async Task A_service_without_a_budget_raises_no_budget_alert()
    {
        var clock = new ManualTimeProvider(Day10);
        await using var cluster = await CostCluster.StartAsync(clock);
        var grain = cluster.Client.GetGrain<ICostGrain>("service/budget-free");
        await grain.RecordUsage([Usage.Of("budget-free", "cpu_cores", Day10.AddMinutes(30), 1000)]);

        // 1,000 cores: 40 per hour, 21,120 by month end, and no budget to exceed.
        Assert.Equal(new BudgetView(40, 40, 21120, null, false), (await grain.Describe(Day10.AddMinutes(30), TimeSpan.FromDays(1))).Budget);
        Assert.Empty(CostCluster.Alerts("budget-free", CostAlerts.BudgetAlertName));
    }
}
