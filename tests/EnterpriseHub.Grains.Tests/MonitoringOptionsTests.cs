using EnterpriseHub.Grains.Monitoring;

namespace EnterpriseHub.Grains.Tests;

public sealed class MonitoringOptionsTests
{
    [Theory]
    [InlineData(2, 0, "Monitoring:PersistenceWindow must be between 1 and 16, not 0.")]
    [InlineData(2, 17, "Monitoring:PersistenceWindow must be between 1 and 16, not 17.")]
    [InlineData(4, 3, "Monitoring:PersistenceHits must be between 1 and Monitoring:PersistenceWindow (3), not 4.")]
    [InlineData(0, 3, "Monitoring:PersistenceHits must be between 1 and Monitoring:PersistenceWindow (3), not 0.")]
    public void A_persistence_rule_that_is_not_k_of_n_is_named(int hits, int window, string expected)
    {
        var result = new MonitoringOptionsValidator().Validate(null, new MonitoringOptions { PersistenceHits = hits, PersistenceWindow = window });
        Assert.Equal([expected], result.Failures);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1e-9)]
    [InlineData(-0.001)]
    public void An_alert_level_that_is_no_usable_tail_probability_is_named(double level)
    {
        var result = new MonitoringOptionsValidator().Validate(null, new MonitoringOptions { AlertLevel = level });
        Assert.Equal(
            [FormattableString.Invariant($"Monitoring:AlertLevel must be 0 (the sensitivity's) or a tail probability between 1e-8 and 0.1, not {level}.")],
            result.Failures);
    }

    [Fact]
    public void New_series_get_the_configured_sensitivity_and_persistence()
    {
        var options = new MonitoringOptions { Sensitivity = Detection.Sensitivity.High, PersistenceHits = 3, PersistenceWindow = 5 };
        Assert.True(new MonitoringOptionsValidator().Validate(null, options).Succeeded);
        var detector = options.ToDetectorOptions();
        Assert.Equal((Detection.Sensitivity.High, 3, 5), (detector.Sensitivity, detector.PersistenceHits, detector.PersistenceWindow));
        Assert.Equal(1e-4, detector.AlertProbability);

        var level = new MonitoringOptions { Sensitivity = Detection.Sensitivity.High, AlertLevel = 3e-5 };
        Assert.True(new MonitoringOptionsValidator().Validate(null, level).Succeeded);
        Assert.Equal(3e-5, level.ToDetectorOptions().AlertProbability);
        Assert.Equal((2, 3), (new MonitoringOptions().PersistenceHits, new MonitoringOptions().PersistenceWindow));
    }

    [Fact]
    public void A_novelty_alert_level_reaches_new_series_and_is_checked()
    {
        var options = new MonitoringOptions { NoveltyAlertLevel = 1e-2 };
        Assert.True(new MonitoringOptionsValidator().Validate(null, options).Succeeded);
        var detector = options.ToDetectorOptions();
        Assert.Equal((1e-2, 1e-5), (detector.NoveltyAlertLevel, detector.AlertProbability));
        Assert.Equal(0.25, detector.DecisionThreshold, 12);

        var result = new MonitoringOptionsValidator().Validate(null, new MonitoringOptions { NoveltyAlertLevel = 0.5 });
        Assert.Equal(["Monitoring:NoveltyAlertLevel must be 0 (the alert level's) or a tail probability between 1e-8 and 0.1, not 0.5."], result.Failures);
    }

    [Fact]
    public void Counters_are_named_by_their_suffixes_and_an_empty_suffix_is_refused()
    {
        var options = new MonitoringOptions();
        Assert.Equal((true, false, false), (options.IsCounter("http_requests_total"), options.IsCounter("http_requests_count"), options.IsCounter("total_bytes")));

        options.CounterSuffixes = ["_total", "_count"];
        Assert.Equal((true, true), (options.IsCounter("http_requests_total"), options.IsCounter("http_server_duration_count")));
        options.CountersAsRates = false;
        Assert.False(options.IsCounter("http_requests_total"));

        var result = new MonitoringOptionsValidator().Validate(null, new MonitoringOptions { CounterSuffixes = ["_total", " "] });
        Assert.Equal(["Monitoring:CounterSuffixes must not hold an empty suffix (every metric would be a counter)."], result.Failures);
    }
}
