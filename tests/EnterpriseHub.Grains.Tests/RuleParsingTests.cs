using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Grains.Monitoring;

namespace EnterpriseHub.Grains.Tests;

public sealed class RuleParsingTests
{
    [Fact]
    public void A_rule_parses_metric_operator_threshold_durations_and_severity()
    {
        var rule = ThresholdRule.Parse("latency_p99_ms >= 250.5 for 5m keep_firing_for 90s severity critical");

        Assert.Equal(("latency_p99_ms", ">=", 250.5), (rule.Metric, rule.Operator, rule.Threshold));
        Assert.Equal(TimeSpan.FromMinutes(5), rule.For);
        Assert.Equal(TimeSpan.FromSeconds(90), rule.KeepFiringFor);
        Assert.Equal(AlertSeverity.Critical, rule.Severity);
        Assert.True(rule.IsBreachedBy(250.5));
        Assert.False(rule.IsBreachedBy(250.4));
        Assert.Equal("latency_p99_ms_above_250.5", rule.AlertName);
    }

    [Theory]
    [InlineData("cpu > ninety")]
    [InlineData("cpu >> 90")]
    [InlineData("> 90 for 5m")]
    [InlineData("cpu > 90 for 5 minutes")]
    public void A_malformed_rule_is_refused_with_the_expected_form(string text)
    {
        var error = Record.Exception(() => ThresholdRule.Parse(text));

        Assert.IsType<FormatException>(error);
    }

    [Fact]
    public void Durations_follow_prometheus_notation()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), Durations.Parse("1h30m"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Durations.Parse("250ms"));
        Assert.Equal(TimeSpan.FromDays(14), Durations.Parse("2w"));
        Assert.Throws<FormatException>(() => Durations.Parse("5 m"));
    }

    [Fact]
    public void The_lifecycle_waits_for_its_for_duration_and_keeps_firing_for_its_keep_duration()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var lifecycle = new AlertLifecycle(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));

        Assert.Equal(AlertTransition.Pending, lifecycle.Evaluate(true, t0));
        Assert.Equal(AlertTransition.None, lifecycle.Evaluate(true, t0.AddMinutes(1)));
        Assert.Equal(AlertTransition.Firing, lifecycle.Evaluate(true, t0.AddMinutes(2)));
        Assert.Equal(AlertTransition.None, lifecycle.Evaluate(false, t0.AddMinutes(2.5)));
        Assert.Equal(AlertTransition.Resolved, lifecycle.Evaluate(false, t0.AddMinutes(3)));
        Assert.Equal(t0.AddMinutes(3), lifecycle.ResolvedAt);
        Assert.Equal(AlertTransition.Pending, lifecycle.Evaluate(true, t0.AddMinutes(4)));
        Assert.Equal(AlertTransition.Cancelled, lifecycle.Evaluate(false, t0.AddMinutes(5)));
    }

    [Fact]
    public void Burn_rate_is_the_bad_fraction_over_the_error_budget()
    {
        var tracker = new SloBurnRateTracker(new SloTarget("latency", "latency_ms", 300, 0.99));
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        // 60 minutes, one sample a minute; the last 6 are bad: 10% bad over 1 h is a burn rate of 10.
        for (var m = 0; m < 60; m++)
        {
            tracker.Add(t0 + (m * 60_000L), m >= 54 ? 400 : 100);
        }

        Assert.Equal(10, tracker.BurnRate(TimeSpan.FromHours(1)), 9);
        Assert.Equal(100, tracker.BurnRate(TimeSpan.FromMinutes(5)), 9);
        Assert.False(tracker.FastBurnHolds);
        Assert.True(tracker.SlowBurnHolds);
    }

    [Fact]
    public void Severity_shifts_with_the_service_tier()
    {
        Assert.Equal(AlertSeverity.High, SeverityPolicy.ForAnomaly(0.9, ServiceTier.Medium));
        Assert.Equal(AlertSeverity.Critical, SeverityPolicy.ForAnomaly(0.9, ServiceTier.Critical));
        Assert.Equal(AlertSeverity.Medium, SeverityPolicy.ForAnomaly(0.8, ServiceTier.High));
        Assert.Equal(AlertSeverity.Low, SeverityPolicy.ForAnomaly(0.8, ServiceTier.Low));
        Assert.Equal(AlertSeverity.Low, SeverityPolicy.ForAnomaly(0.65, ServiceTier.Medium));
    }
}
