using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

public sealed class AlertLevelTests
{
    private static readonly double LogFloor = Math.Log(AnomalyDetectorEnsemble.ProbabilityFloor);
    private static readonly double[] Levels = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2];

    /// <summary>3,000 samples of unit Gaussian noise around 100 (seed 11) with spikes of 6 and 14 at samples 2000 and 2300 and a shift of
    /// 2.5 from sample 2500 to 2560.</summary>
    private static double[] Mixed()
    {
        var random = new Random(11);
        return
        [
            .. Enumerable.Range(0, 3000).Select(i => 100 + SeriesFactory.Gaussian(random)
                + i switch { 2000 => 6, 2300 => 14, >= 2500 and < 2560 => 2.5, _ => 0 }),
        ];
    }

    private static List<DetectionResult> Run(double[] values, DetectorOptions options, int seconds = 60)
    {
        var ensemble = new AnomalyDetectorEnsemble(options);
        return [.. values.Select((v, i) => ensemble.Update(SeriesFactory.Start.AddSeconds((double)seconds * i), v))];
    }

    /// <summary>The strongest evidence of sample 2000 of <see cref="Mixed"/> (its 6-sd spike), samples
    /// <paramref name="seconds"/> apart, and the ensemble's alert threshold there.</summary>
    private static (double Evidence, double Threshold) SpikeEvidence(int seconds, DetectorOptions options)
    {
        var values = Mixed();
        var ensemble = new AnomalyDetectorEnsemble(options);
        for (var i = 0; i <= 2000; i++)
        {
            ensemble.Update(SeriesFactory.Start.AddSeconds((double)seconds * i), values[i]);
        }

        return (ensemble.StrongestEvidence, ensemble.AlertThreshold);
    }

    [Theory]
    [InlineData(Sensitivity.Low, 1e-6)]
    [InlineData(Sensitivity.Medium, 1e-5)]
    [InlineData(Sensitivity.High, 1e-4)]
    public void Each_sensitivity_is_its_alert_level(Sensitivity sensitivity, double level)
    {
        var values = Mixed();
        var preset = Run(values, new DetectorOptions { Sensitivity = sensitivity });
        var explicitLevel = Run(values, new DetectorOptions { AlertLevel = level });

        Assert.Equal(level, new DetectorOptions { Sensitivity = sensitivity }.AlertProbability);
        Assert.Contains(preset, r => r.IsAnomaly);
        Assert.Equal(preset.Select(r => (r.IsAnomaly, r.Component)), explicitLevel.Select(r => (r.IsAnomaly, r.Component)));
        Assert.All(preset.Zip(explicitLevel), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 12));
    }

    [Fact]
    public void A_sample_alerts_exactly_when_its_evidence_is_at_the_alert_level()
    {
        // The spike at 2000 scores at medium without alerting. Its strongest evidence, before the gates, is the
        // level at which it alerts alone: at a level just above, it alerts and scores that evidence; just below, not.
        var values = Mixed();
        var medium = new AnomalyDetectorEnsemble();
        DetectionResult spike = default!;
        for (var i = 0; i <= 2000; i++)
        {
            spike = medium.Update(SeriesFactory.At(i), values[i]);
        }

        var p = medium.StrongestEvidence;
        Assert.False(spike.IsAnomaly);
        Assert.InRange(p, 1e-5, 1e-3);

        var justAdmits = Run(values, new DetectorOptions { AlertLevel = 1.01 * p });
        var justMisses = Run(values, new DetectorOptions { AlertLevel = 0.99 * p });

        Assert.True(justAdmits[2000].IsAnomaly);
        Assert.Equal(Math.Log(p) / LogFloor, justAdmits[2000].Score, 12);
        Assert.False(justMisses[2000].IsAnomaly);
    }

    [Fact]
    public void Sampled_faster_than_a_minute_a_sample_alerts_at_its_intervals_share_of_the_level()
    {
        // The same noise and spike, samples a minute and 10 seconds apart: the same evidence. At a level just above it
        // the spike alerts a minute apart, and 10 seconds apart only at six times that level: a sixth of a minute's.
        var (p, _) = SpikeEvidence(60, new DetectorOptions());
        var level = 1.01 * p;
        var options = new DetectorOptions { AlertLevel = level };
        var sixTimes = new DetectorOptions { AlertLevel = 6 * level };
        var values = Mixed();

        Assert.Equal(p, SpikeEvidence(10, options).Evidence);
        Assert.True(Run(values, options)[2000].IsAnomaly);
        Assert.False(Run(values, options, seconds: 10)[2000].IsAnomaly);
        Assert.True(Run(values, sixTimes, seconds: 10)[2000].IsAnomaly);
        Assert.False(Run(values, sixTimes, seconds: 10)[1999].IsAnomaly);

        // The ensemble's threshold says so: the options' own at a minute and coarser, a sixth's every 10 seconds, a
        // quarter's every 15 (medium: 1e-5 / 4 on the score's scale).
        Assert.Equal(options.AlertThreshold, SpikeEvidence(60, options).Threshold);
        Assert.Equal(options.AlertThreshold, SpikeEvidence(300, options).Threshold);
        Assert.Equal(Math.Log(level / 6) / LogFloor, SpikeEvidence(10, options).Threshold, 12);
        Assert.Equal(Math.Log(1e-5 / 4) / LogFloor, SpikeEvidence(15, new DetectorOptions()).Threshold, 12);
    }

    [Fact]
    public void Sampled_every_10_seconds_a_clean_daily_series_alerts_about_as_seldom_an_hour_as_every_minute()
    {
        // Ten series of four weeks, a daily sine of amplitude 10 and noise sd 1, alerts after the first week. Each
        // sample is a test, so at a minute's per-sample level the 10-second series alerted 14 times against 0 every
        // minute; at a sixth of it (DecisionLevels) twice.
        static int Alerts(int seconds)
        {
            var perDay = 86_400 / seconds;
            return SeriesFactory.Alerts(10, 28L * perDay, seconds,
                (random, i) => 100 + 10 * Math.Sin(2 * Math.PI * i / perDay) + SeriesFactory.Gaussian(random),
                i => i >= 7 * perDay);
        }

        Assert.Equal(0, Alerts(60));
        Assert.InRange(Alerts(10), 0, 4);
    }

    [Fact]
    public void A_looser_level_alerts_more_often_on_the_same_noise()
    {
        var values = Mixed();
        var alerts = Levels.Select(level => Run(values, new DetectorOptions { AlertLevel = level }).Count(r => r.IsAnomaly)).ToArray();

        Assert.Equal(alerts.Order(), alerts);
        Assert.True(alerts[^1] > alerts[0], string.Join(", ", alerts));
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(1e-9)]
    [InlineData(-1e-5)]
    [InlineData(double.NaN)]
    public void An_alert_level_outside_the_scores_range_is_named(double level)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyDetectorEnsemble(new DetectorOptions { AlertLevel = level }));
        Assert.Equal(nameof(DetectorOptions.AlertLevel), error.ParamName);
    }

    [Fact]
    public void The_threshold_is_the_level_on_the_scores_scale()
    {
        var options = new DetectorOptions { Sensitivity = Sensitivity.Low, AlertLevel = 3e-4 };
        Assert.Equal(3e-4, options.AlertProbability);
        Assert.Equal(Math.Log(3e-4) / LogFloor, options.AlertThreshold, 15);
        Assert.Equal(0.75, new DetectorOptions { Sensitivity = Sensitivity.Low }.AlertThreshold);
    }
}
