using EnterpriseHub.Detection.Forecasting;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

public sealed class LocalLevelEstimatorTests
{
    [Theory]
    [InlineData(0.0, 1.0)] // a random walk: the last value
    [InlineData(0.5, 0.828)]
    [InlineData(1.0, 0.618)]
    [InlineData(2.0, 0.390)]
    public void Alpha_is_that_of_the_local_level_model(double noise, double expected)
    {
        // Level: random walk with unit steps; observations add noise of the given deviation. The local-level model
        // with q = 1 / noise^2 is exponential smoothing with alpha = (-q + sqrt(q^2 + 4 q)) / 2 (Harvey 1989).
        var q = noise == 0 ? double.PositiveInfinity : 1 / (noise * noise);
        var theory = double.IsPositiveInfinity(q) ? 1.0 : (-q + Math.Sqrt(q * q + 4 * q)) / 2;
        Assert.Equal(expected, theory, 3);
        var estimates = new List<double>();
        for (var seed = 1; seed <= 5; seed++)
        {
            var random = new Random(seed);
            var estimator = new LocalLevelEstimator();
            double level = 0;
            for (var i = 0; i < 20_000; i++)
            {
                level += SeriesFactory.Gaussian(random);
                estimator.Update(level + noise * SeriesFactory.Gaussian(random), 1);
            }

            estimates.Add(estimator.Alpha(0.05));
        }

        Assert.InRange(estimates.Average(), expected - 0.06, expected + 0.06);
    }

    [Fact]
    public void Noise_around_a_level_or_a_ramp_gets_the_floor()
    {
        var random = new Random(3);
        var level = new LocalLevelEstimator();
        var ramp = new LocalLevelEstimator();
        for (var i = 0; i < 10_000; i++)
        {
            level.Update(100 + SeriesFactory.Gaussian(random), 1);
            ramp.Update(0.5 * i + SeriesFactory.Gaussian(random), 1);
        }

        // The differences of white noise have lag-1 autocorrelation -0.5: theta = 1, alpha = 0.
        Assert.InRange(level.Autocorrelation, -0.53, -0.47);
        Assert.Equal(0.2, level.Alpha(0.2));
        Assert.Equal(0.2, ramp.Alpha(0.2));
    }

    [Fact]
    public void The_floor_holds_until_the_warm_up_and_a_gap_starts_the_differences_afresh()
    {
        var estimator = new LocalLevelEstimator();
        double x = 0;
        for (var i = 0; i < LocalLevelEstimator.Warmup + 1; i++)
        {
            Assert.Equal(0.3, estimator.Alpha(0.3));
            estimator.Update(x += i / 5 % 2 == 0 ? 1 : 3, 1);
        }

        Assert.Equal(LocalLevelEstimator.Warmup - 1, estimator.Pairs); // n samples, n - 1 differences, n - 2 pairs
        estimator.Update(1e6, 5); // after a gap: no difference across it
        estimator.Update(1e6 + 1, 1); // one difference, no pair yet
        Assert.Equal(LocalLevelEstimator.Warmup - 1, estimator.Pairs);
        estimator.Update(1e6 + 3, 1);
        Assert.Equal(LocalLevelEstimator.Warmup, estimator.Pairs);
        Assert.Equal(1.0, estimator.Alpha(0.3)); // runs of five steps of 1 and of 3: positively correlated differences
    }

    [Fact]
    public void A_restored_estimator_continues_identically()
    {
        var random = new Random(4);
        var estimator = new LocalLevelEstimator();
        double walk = 0;
        for (var i = 0; i < 1_000; i++)
        {
            estimator.Update(walk += SeriesFactory.Gaussian(random), i % 97 == 0 ? 2 : 1);
        }

        var json = System.Text.Json.JsonSerializer.Serialize(estimator.Snapshot(), Ensemble.DetectionJsonContext.Default.LocalLevelState);
        var restored = LocalLevelEstimator.Restore(System.Text.Json.JsonSerializer.Deserialize(json, Ensemble.DetectionJsonContext.Default.LocalLevelState)!);
        for (var i = 0; i < 500; i++)
        {
            var value = walk += SeriesFactory.Gaussian(random);
            estimator.Update(value, 1);
            restored.Update(value, 1);
            Assert.Equal(estimator.Alpha(0.2), restored.Alpha(0.2));
        }

        Assert.ThrowsAny<ArgumentException>(() => estimator.Update(double.NaN, 1));
    }
}
