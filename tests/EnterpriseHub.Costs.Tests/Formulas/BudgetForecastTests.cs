using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Costs.Budgets;

namespace EnterpriseHub.Costs.Tests.Formulas;

public sealed class BudgetForecastTests
{
    [Fact]
    public void Month_end_is_month_to_date_plus_run_rate_times_hours_left()
    {
        // 10 January 12:00 UTC → 1 February 00:00 is 21.5 days = 516 h. 100 + 2 × 516 = 1132 > budget 1000,
        // reached after (1000 − 100) / 2 = 450 h.
        var result = BudgetForecast.MonthEnd(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero), 100, 2, 1000);
        Assert.Equal(516, result.HoursRemaining, 9);
        Assert.Equal(1132, result.MonthEnd, 9);
        Assert.True(result.ExceedsBudget);
        Assert.Equal(TimeSpan.FromHours(450), result.BudgetReachedIn);
    }

    [Fact]
    public void Within_budget_has_no_breach()
    {
        // February 2026 has 28 days: from 14 Feb 00:00, 15 days = 360 h. 50 + 1.5 × 360 = 590 ≤ 600.
        var result = BudgetForecast.MonthEnd(new DateTimeOffset(2026, 2, 14, 0, 0, 0, TimeSpan.Zero), 50, 1.5, 600);
        Assert.Equal(590, result.MonthEnd, 9);
        Assert.False(result.ExceedsBudget);
        Assert.Null(result.BudgetReachedIn);
    }

    [Fact]
    public void Window_rates_average_over_the_observed_span_and_give_the_trend()
    {
        // Hours 10..13 cost 1, 2, 3, 4 (two members in hour 13: 3 + 1). Window [0, 24): total 10 over 4 observed
        // hours → 2.5 per hour, 60 per day, 1825 per month; slope 1 per hour → trend 24 per day.
        var costs = new HourlyCosts();
        costs.Set(10, "cpu_cores", 1);
        costs.Set(11, "cpu_cores", 2);
        costs.Set(12, "cpu_cores", 3);
        costs.Set(13, "cpu_cores", 3);
        costs.Set(13, "egress_gb", 1);
        var window = costs.Window(0, 24);
        Assert.Equal(10, window.Total, 12);
        Assert.Equal(4, window.ObservedHours);
        Assert.Equal(2.5, window.PerHour, 12);
        Assert.Equal(60, window.PerDay, 12);
        Assert.Equal(1825, window.PerMonth, 12);
        Assert.Equal(24, window.TrendPerDay, 9);
        Assert.Equal(9, window.ByMember["cpu_cores"], 12);
    }

    [Fact]
    public void The_member_that_moved_most_explains_an_anomaly()
    {
        // Reference hours: cpu 2, egress 1 (twice). Anomalous hour: cpu 2.2, egress 5 → egress moved by +4.
        IReadOnlyDictionary<string, double> usual = new Dictionary<string, double> { ["cpu_cores"] = 2, ["egress_gb"] = 1 };
        var mover = AnomalyAttribution.Mover(new Dictionary<string, double> { ["cpu_cores"] = 2.2, ["egress_gb"] = 5 }, [usual, usual])!;
        Assert.Equal("egress_gb", mover.Member);
        Assert.Equal(4, mover.Delta, 12);
    }
}
