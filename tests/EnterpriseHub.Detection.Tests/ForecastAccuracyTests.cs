using EnterpriseHub.Detection.Evaluation;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

public sealed class ForecastAccuracyTests
{
    [Fact]
    public void Forecasts_are_compared_with_the_row_due_and_not_counted_across_a_gap()
    {
        // Minutes 0..504, a gap, then minutes 510..514: fifteen forecast origins from row 500 on. One step ahead,
        // minutes 501..504 and 511..514 have a row (8); six steps ahead only minute 510, from origin 504 (1).
        var minutes = Enumerable.Range(0, 505).Concat(Enumerable.Range(510, 5)).ToArray();
        var timestamps = minutes.Select(m => SeriesFactory.At(m).ToUnixTimeMilliseconds()).ToArray();
        var values = minutes.Select(_ => 5.0).ToArray();
        var accuracy = new ForecastAccuracy([1, 6], [0.95]);

        accuracy.Measure(timestamps, values, warmup: 500, stride: 1);

        Assert.Equal(8, accuracy.Forecasts(0));
        Assert.Equal(1, accuracy.Forecasts(1));

        // A constant is forecast exactly, and the last value makes no error either.
        Assert.Equal(1.0, accuracy.Coverage(0, 0));
        Assert.Equal(0.0, accuracy.MeanAbsoluteError(0));
        Assert.True(double.IsNaN(accuracy.RelativeError(0)));
    }

    [Fact]
    public void On_noise_around_a_level_the_forecast_beats_the_last_value_and_the_intervals_hold_their_confidence()
    {
        // i.i.d. N(100, 1): the last value errs by N(0, 2), mean |error| 2 / sqrt(pi) = 1.128; a smoothed level errs
        // by a little over N(0, 1), 0.80, so the ratio is about 0.72. The 80% and 95% intervals must hold about 80%
        // and 95% of the values (binomial sd over ~3,000 forecasts: 0.7% and 0.4%).
        var random = new Random(11);
        var values = Enumerable.Range(0, 16_000).Select(_ => 100 + SeriesFactory.Gaussian(random)).ToArray();
        var accuracy = Measure(values);

        Assert.Equal(3_100, accuracy.Forecasts(0)); // rows 500, 505, ..., 15,995
        Assert.InRange(accuracy.RelativeError(0), 0.68, 0.78);
        Assert.InRange(accuracy.Coverage(0, 0), 0.77, 0.83);
        Assert.InRange(accuracy.Coverage(0, 1), 0.935, 0.965);
    }

    [Fact]
    public void With_heavy_tails_the_intervals_still_hold_their_confidence()
    {
        // Student-t(3) noise has variance 3 and errors beyond three deviations are common. The model learns from
        // clipped errors, the intervals from the errors as they were: with the true variance the 95% interval,
        // +-1.96 sqrt(3) = +-3.39, would hold P(|t3| < 3.39) = 0.957 of the values; with the smoothed estimate it
        // held 0.946-0.950 over seeds 1-6, and intervals from the clipped errors' variance 0.931-0.934.
        var random = new Random(5);
        var values = Enumerable.Range(0, 40_000).Select(_ => 100 + SeriesFactory.StudentT3(random)).ToArray();
        var accuracy = Measure(values);

        Assert.InRange(accuracy.Coverage(0, 1), 0.94, 0.96);
    }

    [Fact]
    public void On_a_random_walk_the_forecast_is_the_last_value_and_the_intervals_widen_as_the_walk_does()
    {
        // Without a season the level smoothing follows the walk (alpha near 1): one step ahead the forecaster errs
        // about as much as the last value, and 24 steps ahead the intervals hold their confidence. With the fixed
        // alpha of 0.2 the ratio was about 1.7 and the 80% intervals held 0.64 of the values 24 steps ahead.
        var random = new Random(6);
        var walk = 0.0;
        var values = Enumerable.Range(0, 16_000).Select(_ => walk += SeriesFactory.Gaussian(random)).ToArray();
        var accuracy = Measure(values, 1, 24);

        Assert.InRange(accuracy.RelativeError(0), 0.97, 1.08);
        Assert.InRange(accuracy.Coverage(1, 0), 0.74, 0.86);
        Assert.InRange(accuracy.Coverage(1, 1), 0.91, 0.98);
    }

    [Fact]
    public void Relative_errors_average_geometrically_over_series()
    {
        // Noise around a level (the last value errs twice as much as the level) and a random walk (the last value
        // is the best forecast there is) have ratios r1 and r2; their mean is sqrt(r1 r2). A constant series, whose
        // last value makes no error, has no ratio and is left out.
        var random = new Random(2);
        var noise = Measure(Enumerable.Range(0, 2_000).Select(_ => 100 + SeriesFactory.Gaussian(random)).ToArray());
        var walk = 0.0;
        var randomWalk = Measure(Enumerable.Range(0, 2_000).Select(_ => walk += SeriesFactory.Gaussian(random)).ToArray());
        var constant = Measure(Enumerable.Repeat(7.0, 2_000).ToArray());
        double r1 = noise.RelativeError(0), r2 = randomWalk.RelativeError(0);

        Assert.True(r1 < 0.75 && r2 > 0.95, $"r1 {r1}, r2 {r2}");
        Assert.True(double.IsNaN(constant.RelativeError(0)));
        Assert.Equal(Math.Sqrt(r1 * r2), ForecastAccuracy.GeometricMeanRelativeError([noise, randomWalk, constant], 0), 12);
        Assert.True(double.IsNaN(ForecastAccuracy.GeometricMeanRelativeError([constant], 0)));
    }

    [Fact]
    public void A_series_forecast_exactly_counts_as_a_hundred_times_better_than_the_last_value()
    {
        // A noiseless hourly square wave is forecast to within rounding once its period is known; its ratio, far
        // below 0.01, would otherwise decide the mean over every series.
        var random = new Random(3);
        var noise = Measure(Enumerable.Range(0, 2_000).Select(_ => 100 + SeriesFactory.Gaussian(random)).ToArray());
        var square = Measure(Enumerable.Range(0, 2_000).Select(i => i % 24 < 8 ? 10.0 : 2.0).ToArray());
        double r1 = noise.RelativeError(0), r2 = square.RelativeError(0);

        Assert.True(r2 < 1e-3, $"r2 {r2}");
        Assert.Equal(Math.Sqrt(r1 * ForecastAccuracy.RatioFloor), ForecastAccuracy.GeometricMeanRelativeError([noise, square], 0), 12);
    }

    [Fact]
    public void Tallies_of_other_horizons_do_not_add_up()
    {
        var a = new ForecastAccuracy([1, 6], [0.95]);
        Assert.Throws<ArgumentException>(() => a.Add(new ForecastAccuracy([1, 24], [0.95])));
        Assert.Throws<ArgumentException>(() => new ForecastAccuracy([0], [0.95]));
        Assert.Throws<ArgumentException>(() => new ForecastAccuracy([1], [1.0]));
    }

    /// <summary>Minute data from row 500 on, every 5th row, 80% and 95% intervals, one step ahead unless told.</summary>
    private static ForecastAccuracy Measure(double[] values, params int[] horizons)
    {
        var timestamps = Enumerable.Range(0, values.Length).Select(i => SeriesFactory.At(i).ToUnixTimeMilliseconds()).ToArray();
        var accuracy = new ForecastAccuracy(horizons.Length == 0 ? [1] : horizons, [0.8, 0.95]);
        accuracy.Measure(timestamps, values, warmup: 500, stride: 5);
        return accuracy;
    }
}
