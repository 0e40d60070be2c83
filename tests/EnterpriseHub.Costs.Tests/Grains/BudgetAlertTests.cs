using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Grains.Costs;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Costs.Tests.Grains;

public sealed class BudgetAlertTests
{
    [Fact]
    public async Task The_budget_forecast_exceeds_and_then_falls_back_within_budget_on_event_time()
    {
        var clock = new ManualTimeProvider();
        await using var cluster = await InProcessTestCluster.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.GrainAssemblies.Add(typeof(CostGrain).Assembly);
            o.ConfigureServices = services =>
            {
                services.AddSingleton(DefaultPrices.Catalog());
                services.AddOptions<CostOptions>().Configure(c => c.Budgets["service"] = new() { ["billing"] = 100 });
                // No router grain here: a grain class in this assembly would join the silo of the end-to-end tests,
                // so the alert's way to the real router is checked there; this test checks the forecast it carries.
                services.AddSingleton<AlertOutbox>();
            };
        });
        var grain = cluster.Client.GetGrain<ICostGrain>("service/billing");
        var day10 = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        UsageSeries Cpu(DateTimeOffset at, double cores) => new("billing:cpu_cores{}", "cpu_cores", "t", "c", [new Sample(at.ToUnixTimeMilliseconds(), cores)]);

        // 10 cores × 0.04 = 0.40 per hour. Forecast at 10 Jan 00:30: MTD 0.40 + 0.40 × 527 h left after the hour
        // (1 Feb − 10 Jan 01:00) = 211.2 > 100 → fires.
        await grain.RecordUsage([Cpu(day10.AddMinutes(30), 10)]);
        var budget = (await grain.Describe(day10.AddMinutes(30), TimeSpan.FromDays(1))).Budget;
        Assert.True(budget.ExceedsBudget);
        Assert.Equal(211.2, budget.ForecastMonthEnd);
        var alert = CostAlerts.Budget(CostDimension.Service, "billing", EnterpriseHub.Costs.Budgets.BudgetForecast.MonthEnd(day10.AddHours(1), 0.4, 0.4, 100), day10.AddMinutes(30), "USD", AlertState.Firing, day10.AddMinutes(30), null);
        Assert.Equal(AlertKind.Predictive, alert.Kind);
        Assert.Equal("211.20", alert.Annotations["forecast_month_end"]);
        Assert.Equal(100, alert.Prediction!.Threshold);
        // Budget reached after (100 − 0.40) / 0.40 = 249 h.
        Assert.Equal(249, alert.Prediction.TimeToOccurrence.TotalHours, 6);

        // An hour later at 0.1 core: run rate (0.40 + 0.004) / 2 = 0.202; MTD 0.404 + 0.202 × 526 = 106.656 > 100, still firing.
        // Two hours later still 0.1 core: run rate (0.40 + 0.004 + 0.004) / 3 = 0.136; 0.408 + 0.136 × 525 = 71.808 → resolves.
        await grain.RecordUsage([Cpu(day10.AddMinutes(90), 0.1)]);
        await grain.RecordUsage([Cpu(day10.AddMinutes(150), 0.1)]);
        Assert.True((await grain.Describe(day10.AddMinutes(90), TimeSpan.FromDays(1))).Budget.ExceedsBudget);
        budget = (await grain.Describe(day10.AddMinutes(150), TimeSpan.FromDays(1))).Budget;
        Assert.False(budget.ExceedsBudget);
        Assert.Equal(71.808, budget.ForecastMonthEnd);
    }
}
