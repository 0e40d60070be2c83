using EnterpriseHub.Costs.Recommendations;

namespace EnterpriseHub.Costs.Tests.Formulas;

public sealed class IdleDetectionTests
{
    private const int FourteenDays = 14 * 24;

    [Fact]
    public void Fourteen_days_at_or_below_one_percent_is_idle()
    {
        // 336 hourly peaks, the highest exactly 1.0%: "at or below" → idle.
        var peaks = Enumerable.Repeat(0.4, FourteenDays - 1).Append(1.0).ToArray();
        var result = IdleDetection.Evaluate(peaks, FourteenDays);
        Assert.True(result.IsIdle);
        Assert.Equal(1.0, result.MaxUtilisationPercent);
        Assert.Equal(1.0, result.Coverage);
    }

    [Fact]
    public void One_busier_hour_is_not_idle()
    {
        var peaks = Enumerable.Repeat(0.4, FourteenDays - 1).Append(1.01).ToArray();
        Assert.False(IdleDetection.Evaluate(peaks, FourteenDays).IsIdle);
    }

    [Fact]
    public void Too_little_data_is_not_idle()
    {
        // 300 of 336 hours = 89.3% < 90% coverage.
        var result = IdleDetection.Evaluate(Enumerable.Repeat(0.1, 300).ToArray(), FourteenDays);
        Assert.False(result.IsIdle);
        Assert.Equal(300.0 / 336, result.Coverage, 12);
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        // Five days at 4%: idle under a 5% threshold over a 5-day window.
        Assert.True(IdleDetection.Evaluate(Enumerable.Repeat(4.0, 120).ToArray(), 120, maxPercent: 5).IsIdle);
    }
}
