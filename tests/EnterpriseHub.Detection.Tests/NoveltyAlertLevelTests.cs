using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

public sealed class NoveltyAlertLevelTests
{
    private static readonly double LogFloor = Math.Log(AnomalyDetectorEnsemble.ProbabilityFloor);

    /// <summary>3,000 samples of unit Gaussian noise around 100 (seed 11) with a spike of 6 at sample 2000.</summary>
    private static double[] Spiked()
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, 3000).Select(i => 100 + SeriesFactory.Gaussian(random) + (i == 2000 ? 6 : 0))];
    }

    private static List<DetectionResult> Run(double[] values, DetectorOptions options)
    {
        var ensemble = new AnomalyDetectorEnsemble(options);
        return [.. values.Select((v, i) => ensemble.Update(SeriesFactory.At(i), v))];
    }

    [Fact]
    public void Novelty_reported_below_the_alert_level_alerts_exactly_at_the_novelty_level()
    {
        // At medium the spike is reported as news without alerting; its score is a tail probability p. A novelty level
        // just above p alerts on it with the same score and component, just below it does not; no alert scores below
        // the decision threshold.
        var values = Spiked();
        var medium = Run(values, new DetectorOptions());
        var spike = medium[2000];
        Assert.False(spike.IsAnomaly);
        Assert.InRange(spike.Score, AnomalyEpisode.OnsetLevel, new DetectorOptions().AlertThreshold - 1e-9);
        var p = Math.Exp(spike.Score * LogFloor);

        var admits = Run(values, new DetectorOptions { NoveltyAlertLevel = 1.01 * p });
        var misses = Run(values, new DetectorOptions { NoveltyAlertLevel = 0.99 * p });

        Assert.True(admits[2000].IsAnomaly);
        Assert.Equal((spike.Score, spike.Component), (admits[2000].Score, admits[2000].Component));
        Assert.Equal((false, spike.Score, spike.Component), (misses[2000].IsAnomaly, misses[2000].Score, misses[2000].Component));
        var threshold = new DetectorOptions { NoveltyAlertLevel = 1.01 * p }.DecisionThreshold;
        Assert.All(admits.Where(r => r.IsAnomaly), r => Assert.True(r.Score >= threshold, $"{r.Score} < {threshold}"));
        Assert.True(admits.Count(r => r.IsAnomaly) > medium.Count(r => r.IsAnomaly));
    }

    [Fact]
    public void A_novelty_level_stricter_than_the_alert_level_changes_nothing()
    {
        var values = Spiked();
        var options = new DetectorOptions { NoveltyAlertLevel = 1e-6 };

        Assert.Equal(new DetectorOptions().AlertThreshold, options.DecisionThreshold);
        Assert.Equal(1e-5, options.DecisionProbability);
        Assert.Equal(Run(values, new DetectorOptions()).Select(r => (r.IsAnomaly, r.Score)), Run(values, options).Select(r => (r.IsAnomaly, r.Score)));
    }

    [Fact]
    public void The_decision_threshold_is_the_novelty_level_on_the_scores_scale()
    {
        var options = new DetectorOptions { Sensitivity = Sensitivity.High, NoveltyAlertLevel = 1e-2 };

        Assert.Equal(0.25, options.DecisionThreshold, 15);
        Assert.Equal(1e-2, options.DecisionProbability);
        Assert.Equal(0.5, options.AlertThreshold);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(1e-9)]
    [InlineData(double.NaN)]
    public void A_novelty_level_outside_the_scores_range_is_named(double level)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyDetectorEnsemble(new DetectorOptions { NoveltyAlertLevel = level }));
        Assert.Equal(nameof(DetectorOptions.NoveltyAlertLevel), error.ParamName);
    }

    [Fact]
    public void Weak_novelty_as_alerts_costs_alerts_on_clean_noise()
    {
        // The trade the README measures: on 20 series of 2,000 samples of Gaussian noise, medium raises none and
        // novelty at 1e-2 raises 19, about one per series, where the noise sets a record (194 per 400,000 samples in
        // the README's table).
        int Alerts(DetectorOptions options) => Enumerable.Range(0, 20).Sum(seed =>
        {
            var random = new Random(seed);
            var values = Enumerable.Range(0, 2000).Select(_ => 100 + 3 * SeriesFactory.Gaussian(random)).ToArray();
            return Run(values, options).Count(r => r.IsAnomaly);
        });

        Assert.Equal(0, Alerts(new DetectorOptions()));
        Assert.Equal(19, Alerts(new DetectorOptions { NoveltyAlertLevel = 1e-2 }));
    }
}
