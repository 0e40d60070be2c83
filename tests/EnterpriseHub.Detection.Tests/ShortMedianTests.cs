using EnterpriseHub.Detection.Baselines;
using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

public sealed class ShortMedianTests
{
    [Fact]
    public void The_median_of_the_newest_samples_is_read_off_the_sorted_window_by_arrival()
    {
        var window = new RollingMedianMad(8);
        foreach (var v in new double[] { 5, 1, 9, 3, 7, 2, 8, 4, 6, 10 })
        {
            window.Update(v);
        }

        // The window holds 9, 3, 7, 2, 8, 4, 6, 10 (oldest first).
        Assert.Equal(10, window.RecentMedian(1));
        Assert.Equal(6, window.RecentMedian(3)); // 4, 6, 10
        Assert.Equal(7, window.RecentMedian(4)); // 8, 4, 6, 10
        Assert.Equal(6.5, window.RecentMedian(8));
        Assert.Equal(window.Median, window.RecentMedian(20));
        Assert.Equal(0, new RollingMedianMad(8).RecentMedian(3));
    }

    private static (bool InUse, double Ratio) Choice(Func<Random, int, double> series, int seed, int length = 3000)
    {
        var random = new Random(seed);
        var ensemble = new AnomalyDetectorEnsemble();
        for (var i = 0; i < length; i++)
        {
            ensemble.Update(SeriesFactory.At(i), series(random, i));
        }

        var state = ensemble.Snapshot();
        return (state.ShortMedianInUse, state.ShortMedianShortError / state.ShortMedianLongError);
    }

    [Fact]
    public void A_random_walk_is_judged_by_the_short_median_and_noise_around_a_level_by_the_rolling_median_even_after_a_step()
    {
        // Steps of 0.3 noise deviations plus unit noise (the clean walk of FalseAlarmTests): the rolling median lags the
        // walk by 16 samples, the short median by 3. Noise around a level: the short median is the noisier. A step of
        // 100 at sample 2,900 is 16 samples of errors near 100 for the rolling median, clipped at four mean errors.
        for (var seed = 0; seed < 10; seed++)
        {
            var walk = 100.0;
            var (walkInUse, walkRatio) = Choice((r, _) => (walk += 0.3 * SeriesFactory.Gaussian(r)) + SeriesFactory.Gaussian(r), seed);
            var (noiseInUse, noiseRatio) = Choice((r, i) => 100 + SeriesFactory.Gaussian(r) + (i >= 2900 ? 100 : 0), seed);
            Assert.True(walkInUse, $"walk {seed}: {walkRatio}");
            Assert.InRange(walkRatio, 0.5, ShortMedian.KeepShare);
            Assert.False(noiseInUse);
            Assert.InRange(noiseRatio, ShortMedian.TakeShare, 1.3);
        }
    }

    [Theory]
    [InlineData(Sensitivity.Low, 5)]
    [InlineData(Sensitivity.Medium, 20)]
    [InlineData(Sensitivity.High, 80)]
    public void Long_random_walks_take_no_season_and_stay_within_the_budget(Sensitivity sensitivity, int budget)
    {
        // 20 clean walks of 20,000 samples (400,000 samples, the budget's unit). Judged by the rolling median they raised
        // 129 alerts at high, by the short median 63, and 9 / 23 at low / medium, where 8 of the walks took a season by
        // chance (periods of 243 to 7,952 samples); with Bartlett's test on the period none does, and they raise 1 / 11 / 43
        // (45 at high since the residual tail may be a little lighter than exponential, PeaksOverThreshold.MinShape).
        var alerts = 0;
        for (var s = 0; s < 20; s++)
        {
            var random = new Random(s);
            var walk = 100.0;
            var ensemble = new AnomalyDetectorEnsemble(new DetectorOptions { Sensitivity = sensitivity });
            for (var i = 0; i < 20_000; i++)
            {
                alerts += ensemble.Update(SeriesFactory.At(i), (walk += 0.3 * SeriesFactory.Gaussian(random)) + SeriesFactory.Gaussian(random)).IsAnomaly ? 1 : 0;
            }

            Assert.Equal(0, ensemble.Period);
        }

        Assert.InRange(alerts, 0, budget);
    }

    [Fact]
    public void A_steady_ramp_is_judged_by_the_short_median_carried_by_its_lag_and_seldom_alerts()
    {
        // A raw counter or a filling disk: +100 +- 10 a minute, 10 series of 13 days after the first. The short median lags
        // it by 3.5 minutes' worth, every sample, and the departures are a drifting walk's: 33 alerts before the short median
        // was carried by its mean departure, 5 after.
        var total = 0.0;
        var alerts = SeriesFactory.Alerts(10, 14 * 1440, 60, (random, i) => total = (i == 0 ? 0 : total) + 100 + (10 * SeriesFactory.Gaussian(random)), i => i >= 1440);

        Assert.InRange(alerts, 0, 10);
    }
}
