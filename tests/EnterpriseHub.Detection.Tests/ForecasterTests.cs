using EnterpriseHub.Detection.Detectors;
using EnterpriseHub.Detection.Forecasting;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

public sealed class ForecasterTests
{
    [Fact]
    public void Linear_ramp_time_to_threshold_is_within_ten_percent()
    {
        // Disk filling at 0.5 units per minute with noise; at minute 999 the level is ~600, so 1,000 is
        // reached 800 minutes later.
        var random = new Random(42);
        var forecaster = new SeasonalForecaster();
        for (var i = 0; i < 1000; i++)
        {
            forecaster.Update(SeriesFactory.At(i), 100 + 0.5 * i + SeriesFactory.Gaussian(random));
        }

        var crossing = forecaster.TimeToThreshold(1000, 5000);
        Assert.NotNull(crossing);
        Assert.InRange(crossing.ExpectedIn.TotalMinutes, 720, 880);
        Assert.True(crossing.Earliest <= crossing.Expected);
        Assert.True(crossing.Earliest > SeriesFactory.At(999));

        // The interval of the crossing holds the true one, minute 1,800. (With the ETS(A,A,N) variance and Gaussian
        // multipliers the interval widened faster than this trend rises and its far edge never crossed; the errors
        // 64 steps ahead on this ramp are far smaller than that variance says, see HorizonErrors.)
        Assert.NotNull(crossing.Latest);
        Assert.InRange(SeriesFactory.At(1800), crossing.Earliest, crossing.Latest.Value);
    }

    [Theory]
    [InlineData(0.0, 720, 880)]
    [InlineData(300.0, 720, 880)]
    public void A_single_spike_does_not_bring_the_predicted_crossing_forward(double spike, double fromMinutes, double toMinutes)
    {
        // The ramp above with one sample 300 units high ten minutes before the end: learned in full it would lift
        // the level by alpha x 300 = 60 and the trend by beta x 60 = 1.2 units a minute, and predict the crossing
        // at about 661 minutes instead of ~800; learned as an error of three standard deviations it moves neither.
        var random = new Random(42);
        var forecaster = new SeasonalForecaster();
        for (var i = 0; i < 1000; i++)
        {
            forecaster.Update(SeriesFactory.At(i), 100 + 0.5 * i + SeriesFactory.Gaussian(random) + (i == 990 ? spike : 0));
        }

        var crossing = forecaster.TimeToThreshold(1000, 5000);
        Assert.NotNull(crossing);
        Assert.InRange(crossing.ExpectedIn.TotalMinutes, fromMinutes, toMinutes);
    }

    [Theory]
    [InlineData(60, 180, 1.44, 5.88)]
    [InlineData(5, 2160, 1.41, 57.2)]
    public void Noise_around_a_level_is_forecast_far_ahead_without_extrapolating_its_chance_slope(int seconds, int steps, double expected, double before)
    {
        // White noise of standard deviation 5 around 100, sampled every minute or every 5 seconds; forecasts three
        // hours ahead, every hour from day 6 to day 8, against the level. Holt's trend is the noise's slope over about
        // a hundred samples and was extrapolated in full: mean absolute errors of 5.88 and 57.2 (`before`). The level's
        // own noise leaves about 1.4 (alpha 0.2: 5 sqrt(0.2 / 1.8) = 1.67 standard deviation).
        var perHour = 3600 / seconds;
        double error = 0;
        var count = 0;
        for (var seed = 0; seed < 10; seed++)
        {
            var random = new Random(seed);
            var forecaster = new SeasonalForecaster();
            for (var i = 0; i < 8 * 24 * perHour; i++)
            {
                forecaster.Update(SeriesFactory.Start.AddSeconds((double)i * seconds), 100 + 5 * SeriesFactory.Gaussian(random));
                if (i > 6 * 24 * perHour && i % perHour == 0)
                {
                    error += Math.Abs(forecaster.Forecast(steps)[^1].Value - 100);
                    count++;
                }
            }

            Assert.Equal(1, forecaster.Period);
            Assert.InRange(forecaster.TrendShare, 0, 0.25);
        }

        Assert.InRange(error / count, expected - 0.1, expected + 0.1);
        Assert.True(error / count < before / 4);
    }

    [Fact]
    public void A_seasonal_series_that_fills_up_keeps_its_whole_trend_seeded_from_its_cycles()
    {
        // A daily cycle of amplitude 10 over a fill of 0.01 a minute (unit noise), six days of minutes: 50 above the
        // level is first reached 4,452 minutes on, on the rise to a daily peak. The seasonal trend gain is slow, and a new
        // seasonal model's trend started at 0: 0.002 a minute at day 6, crossing predicted at 6,158. Seeded from the
        // first and last cycles of the history it is 0.0100 (4,461). Weighted by what its 64-step forecasts earned
        // (0.86, TrendWeight) the unseeded trend's crossing came at 7,599: a seasonal model extrapolates all of it.
        var random = new Random(1);
        var forecaster = new SeasonalForecaster();
        const int n = 6 * 1440;
        for (var i = 0; i < n; i++)
        {
            forecaster.Update(SeriesFactory.At(i), 100 + 0.01 * i + 10 * Math.Sin(2 * Math.PI * i / 1440) + SeriesFactory.Gaussian(random));
        }

        Assert.InRange(forecaster.Period, 1430, 1450);
        Assert.Equal(1.0, forecaster.TrendShare);
        Assert.InRange(forecaster.Trend, 0.0095, 0.0105);
        Assert.InRange(forecaster.TimeToThreshold(100 + 0.01 * n + 50, 20_000)!.ExpectedIn.TotalMinutes, 4_452 * 0.97, 4_452 * 1.03);
    }

    [Fact]
    public void A_step_on_a_ramp_moves_the_level_and_is_not_extrapolated_as_a_slope()
    {
        // The ramp of the test below (0.5 a minute, unit noise) steps up by 100 at minute 700. Learned as errors, a
        // share of the step went into Holt's trend (2.2 a minute ten samples on, four times the ramp's), and the
        // crossing of 1,000 was predicted in 203 to 280 minutes from minutes 710 to 718, where it was 880 minutes away.
        // At the lasting change the level now takes the step at once.
        var random = new Random(42);
        var forecaster = new SeasonalForecaster();
        for (var i = 0; i <= 718; i++)
        {
            forecaster.Update(SeriesFactory.At(i), 100 + 0.5 * i + SeriesFactory.Gaussian(random) + (i >= 700 ? 100 : 0));
            if (i >= 710)
            {
                var truth = (1000 - (200 + 0.5 * i)) / 0.5;
                Assert.InRange(forecaster.TimeToThreshold(1000, 5000)!.ExpectedIn.TotalMinutes, 0.75 * truth, 1.1 * truth);
                Assert.InRange(forecaster.Trend, 0.45, 0.65);
            }
        }

        Assert.Equal(1.0, forecaster.TrendShare);
    }

    [Fact]
    public void A_lasting_step_is_learned_and_not_clipped_away()
    {
        // The same ramp steps up by 100 (a hundred noise deviations) at minute 700 and keeps rising: at minute 999 the
        // level is ~700, so 1,000 is 600 minutes away. A forecaster that kept clipping the step would still see the
        // old level and predict ~800. Holt's trend absorbs part of any step at first (the unclipped forecaster's
        // prediction also comes too early for about 150 minutes after it); 300 minutes on, both are within 10%.
        var random = new Random(42);
        var forecaster = new SeasonalForecaster();
        for (var i = 0; i < 1000; i++)
        {
            forecaster.Update(SeriesFactory.At(i), 100 + 0.5 * i + SeriesFactory.Gaussian(random) + (i >= 700 ? 100 : 0));
        }

        var crossing = forecaster.TimeToThreshold(1000, 5000);
        Assert.NotNull(crossing);
        Assert.InRange(crossing.ExpectedIn.TotalMinutes, 540, 660);
    }

    /// <summary>
    /// The width of the 12-step 95% interval of a daily cycle of minute samples (amplitude 10, noise 0.3) before and
    /// some samples after minute 3,000, where <paramref name="glitch"/> is added to that one sample and
    /// <paramref name="step"/> to it and every later one.
    /// </summary>
    private static (double Before, double After) IntervalWidths(double glitch, double step, int after)
    {
        var random = new Random(12);
        var forecaster = new SeasonalForecaster();
        double before = 0;
        for (var i = 0; i <= 3000 + after; i++)
        {
            if (i == 3000)
            {
                before = Width(forecaster);
            }

            var value = 100 + 10 * Math.Sin(2 * Math.PI * i / 1440) + 0.3 * SeriesFactory.Gaussian(random)
                + (i == 3000 ? glitch : 0) + (i >= 3000 ? step : 0);
            forecaster.Update(SeriesFactory.At(i), value);
        }

        return (before, Width(forecaster));

        static double Width(SeasonalForecaster f)
        {
            var last = f.Forecast(12)[^1];
            return last.Upper - last.Lower;
        }
    }

    [Theory]
    [InlineData(1e3)]
    [InlineData(1e10)]
    [InlineData(-1e10)]
    [InlineData(1e100)]
    public void One_corrupt_sample_leaves_the_intervals_usable(double glitch)
    {
        // Counted in full, one sample of 1,000 made the interval about 470 times as wide, and it was still 170 times as
        // wide a hundred samples later; one of 1e10 kept it millions of times as wide for hundreds of samples.
        var (before, after) = IntervalWidths(glitch, 0, 0);
        Assert.InRange(after / before, 1.0, 2.5);
        var (_, later) = IntervalWidths(glitch, 0, 100);
        Assert.InRange(later / before, 0.8, 1.5);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1.01e100)]
    [InlineData(double.MinValue)]
    public void Values_that_are_not_finite_or_beyond_the_range_are_refused_before_they_touch_the_state(double value)
    {
        // 1e160 made the interval variance infinite and every interval NaN from then on.
        var forecaster = new SeasonalForecaster();
        forecaster.Update(SeriesFactory.At(0), 5);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.Update(SeriesFactory.At(1), value));
        Assert.Equal("value", error.ParamName);
        Assert.Contains("must be a finite number of magnitude at most 1e100", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, forecaster.Samples);
    }

    [Fact]
    public void A_lasting_step_widens_the_intervals_from_its_second_sample()
    {
        // A step of 20 (67 noise deviations) that lasts: its first error is bounded like a glitch's, the second, as
        // large, counts in full.
        var (before, first) = IntervalWidths(0, 20, 0);
        Assert.InRange(first / before, 1.0, 2.5);
        var (_, second) = IntervalWidths(0, 20, 1);
        Assert.True(second > 8 * before, $"interval {second:F2} wide after the step's second sample, {before:F2} before");
        var (_, tenth) = IntervalWidths(0, 20, 10);
        Assert.True(tenth > 20 * before, $"interval {tenth:F2} wide ten samples after the step, {before:F2} before");
    }

    [Fact]
    public void A_series_that_leaves_a_constant_value_is_followed_from_the_eighth_sample()
    {
        // Thousands of constant samples leave an error variance of nearly 0 (not 0), and errors were clipped at three
        // times its root: the forecast stayed at 7 for 900 samples after the series moved to 57. Eight errors in a row
        // beyond the bound are a change, learned in full; the error histograms learned on the constant stretch (all
        // errors 0) are forgotten with it, so the intervals are not a tenth of the noise.
        var forecaster = new SeasonalForecaster();
        var random = new Random(5);
        for (var i = 0; i < 4100; i++)
        {
            forecaster.Update(SeriesFactory.At(i), i < 4000 ? 7 : 57 + SeriesFactory.Gaussian(random));
            if (i == 4006)
            {
                Assert.Equal(7, forecaster.Forecast(1)[0].Value, 6); // seven errors beyond the bound: still clipped
            }
            else if (i == 4007)
            {
                Assert.InRange(forecaster.Forecast(1)[0].Value, 50, 64);
            }
        }

        var point = forecaster.Forecast(1)[0];
        Assert.InRange(point.Value, 55, 59);
        Assert.InRange(point.Upper - point.Lower, 2 * 1.96, 40);
    }

    [Fact]
    public void A_threshold_that_is_never_reached_gives_null()
    {
        var forecaster = new SeasonalForecaster();
        var random = new Random(1);
        for (var i = 0; i < 500; i++)
        {
            forecaster.Update(SeriesFactory.At(i), 50 + SeriesFactory.Gaussian(random));
        }

        Assert.Null(forecaster.TimeToThreshold(1000, 2000));
    }

    [Fact]
    public void Seasonal_forecast_follows_the_cycle_and_intervals_widen()
    {
        var values = SeriesFactory.Seasonal(288 * 6, 288, 20, 1, 8);
        var forecaster = new SeasonalForecaster();
        for (var i = 0; i < values.Length; i++)
        {
            forecaster.Update(SeriesFactory.At(i, 5), values[i]);
        }

        Assert.InRange(forecaster.Period, 286, 290);
        var points = forecaster.Forecast(288);
        Assert.Equal(288, points.Count);
        Assert.InRange(points[71].Value, 120 - 6, 120 + 6); // step 72 ahead = phase 72 of 288: crest
        Assert.InRange(points[215].Value, 80 - 6, 80 + 6);  // trough
        Assert.True(points[287].Upper - points[287].Lower > points[0].Upper - points[0].Lower);
        Assert.Equal(SeriesFactory.At(values.Length, 5), points[0].Timestamp);
    }

    [Fact]
    public void A_random_walk_gets_no_season_to_extrapolate()
    {
        // Without the forecaster's period test, 9 of these 20 walks were given a cycle, and forecasts that repeat it.
        var seasonal = new List<string>();
        for (var seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            var forecaster = new SeasonalForecaster();
            double x = 0;
            for (var i = 0; i < 20_000; i++)
            {
                x += SeriesFactory.Gaussian(random);
                forecaster.Update(SeriesFactory.At(i, 5), x);
            }

            if (forecaster.Period > 1)
            {
                seasonal.Add($"seed {seed}: {forecaster.Period}");
                continue;
            }

            // Without a season the level follows the walk, and the trend moves by the same share of each error.
            var model = forecaster.Snapshot().Model;
            Assert.InRange(model.Alpha, 0.9, 1.0);
            Assert.Equal(SeasonalForecaster.DefaultAlpha * SeasonalForecaster.DefaultBeta, model.Alpha * model.Beta, 12);
        }

        Assert.InRange(seasonal.Count, 0, 3);
    }

    [Fact]
    public void A_snapshot_from_before_the_period_test_the_level_estimate_and_the_trend_weight_restores_with_them()
    {
        var forecaster = new SeasonalForecaster();
        for (var i = 0; i < 300; i++)
        {
            forecaster.Update(SeriesFactory.At(i), 10 + Math.Sin(i / 10.0));
        }

        var snapshot = forecaster.Snapshot();
        Assert.Equal(SeasonalForecaster.PeriodSignificance, snapshot.Detector.Significance);
        var json = System.Text.Json.JsonSerializer.Serialize(snapshot, Ensemble.DetectionJsonContext.Default.ForecasterSnapshot);
        var old = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(old["Detector"]!.AsObject().Remove("Significance"));
        Assert.True(old.Remove("LocalLevel"));
        Assert.True(old.Remove("TrendWeight"));
        var restored = SeasonalForecaster.Restore(System.Text.Json.JsonSerializer.Deserialize(old.ToJsonString(), Ensemble.DetectionJsonContext.Default.ForecasterSnapshot)!);
        Assert.Equal(SeasonalForecaster.PeriodSignificance, restored.Snapshot().Detector.Significance);
        Assert.Equal(0, restored.Snapshot().LocalLevel!.Pairs); // the estimate starts afresh
        Assert.Equal((1.0, 0L), (restored.TrendShare, restored.Snapshot().TrendWeight!.Scored)); // so does the trend's share
        Assert.Equal(forecaster.Forecast(10), SeasonalForecaster.Restore(snapshot).Forecast(10));
    }

    /// <summary>The one-step RMS error and the error autocorrelation after 20,000 samples of a daily cycle at 5-minute
    /// resolution (amplitude 20) plus AR(1) deviations with coefficient <paramref name="phi"/> and unit innovations.</summary>
    private static (double Rms, double Autocorrelation) SeasonWithPersistentDeviations(double phi)
    {
        var random = new Random(3);
        var forecaster = new SeasonalForecaster();
        double deviation = 0, squares = 0;
        var scored = 0;
        for (var i = 0; i < 20_000; i++)
        {
            deviation = phi * deviation + SeriesFactory.Gaussian(random);
            var value = 50 + 20 * Math.Sin(2 * Math.PI * i / 288) + deviation;
            if (i >= 10_000)
            {
                var error = value - forecaster.Forecast(1)[0].Value;
                squares += error * error;
                scored++;
            }

            forecaster.Update(SeriesFactory.At(i, 5), value);
        }

        Assert.Equal(288, forecaster.Period);
        return (Math.Sqrt(squares / scored), forecaster.ErrorAutocorrelation);
    }

    [Fact]
    public void Deviations_from_the_season_that_persist_are_carried_on()
    {
        // The seasonal model's level moves slowly (a few periods' memory), so a deviation that lasts shows as errors
        // that follow each other; the best forecast errs by the innovation alone (1). Without carrying the last error
        // on, the one-step RMS error was 2.2, twice that of repeating the last value (1.07).
        var (rms, autocorrelation) = SeasonWithPersistentDeviations(0.9);
        Assert.InRange(autocorrelation, 0.7, 0.95);
        Assert.InRange(rms, 1.0, 1.1);
    }

    [Fact]
    public void Independent_noise_around_the_season_is_not_carried_on()
    {
        var (rms, autocorrelation) = SeasonWithPersistentDeviations(0);
        Assert.InRange(autocorrelation, 0, 0.05);
        Assert.InRange(rms, 1.0, 1.05);
    }

    /// <summary>A forecaster fed half-hourly traffic (<see cref="SeriesFactory.WeeklyTraffic"/>, weekend rise 30% of a
    /// weekday's) up to Friday 18:00 of the eleventh week, and the two days of values that follow.</summary>
    private static (SeasonalForecaster Forecaster, double[] Next) FedToFridayEvening(int seed)
    {
        var values = SeriesFactory.WeeklyTraffic(12, 0.3, -1, seed);
        var stop = (7 * 10 + 4) * 48 + 36;
        var forecaster = new SeasonalForecaster();
        for (var i = 0; i < stop; i++)
        {
            forecaster.Update(SeriesFactory.At(i, 30), values[i]);
        }

        return (forecaster, values[stop..(stop + 96)]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_forecast_from_friday_evening_expects_a_quiet_saturday(int seed)
    {
        // Without the weekly profile the forecast is a weekday's at Saturday 13:00 (159 and 160 for these seeds); the
        // weekend rises to 118.
        var (forecaster, next) = FedToFridayEvening(seed);
        Assert.Equal(48, forecaster.Period);
        var forecast = forecaster.Forecast(96, 0.8);
        var saturday1pm = forecast[38];
        Assert.Equal(new DateTimeOffset(2024, 3, 16, 13, 0, 0, TimeSpan.Zero), saturday1pm.Timestamp);
        Assert.InRange(saturday1pm.Value, 108, 128);
        var error = forecast.Select((p, h) => Math.Abs(p.Value - next[h])).Average();
        Assert.InRange(error, 0, 15);
    }

    [Fact]
    public void A_snapshot_keeps_the_weekly_profile_and_one_from_before_it_forecasts_without_it()
    {
        var (forecaster, _) = FedToFridayEvening(3);
        var json = System.Text.Json.JsonSerializer.Serialize(forecaster.Snapshot(), Ensemble.DetectionJsonContext.Default.ForecasterSnapshot);
        var restored = SeasonalForecaster.Restore(System.Text.Json.JsonSerializer.Deserialize(json, Ensemble.DetectionJsonContext.Default.ForecasterSnapshot)!);
        Assert.Equal(forecaster.Forecast(96), restored.Forecast(96));

        var old = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(old.Remove("Weekly"));
        var fromOld = SeasonalForecaster.Restore(System.Text.Json.JsonSerializer.Deserialize(old.ToJsonString(), Ensemble.DetectionJsonContext.Default.ForecasterSnapshot)!);
        Assert.Equal(0, fromOld.Snapshot().Weekly!.Weeks);
        Assert.InRange(fromOld.Forecast(96)[38].Value, 140, 170);
    }

    [Fact]
    public void Forecaster_snapshot_restores_identical_forecasts()
    {
        var forecaster = new SeasonalForecaster();
        for (var i = 0; i < 700; i++)
        {
            forecaster.Update(SeriesFactory.At(i), 10 + 0.1 * i + Math.Sin(i / 10.0));
        }

        var json = System.Text.Json.JsonSerializer.Serialize(forecaster.Snapshot(), Ensemble.DetectionJsonContext.Default.ForecasterSnapshot);
        var restored = SeasonalForecaster.Restore(System.Text.Json.JsonSerializer.Deserialize(json, Ensemble.DetectionJsonContext.Default.ForecasterSnapshot)!);
        Assert.Equal(forecaster.Forecast(50), restored.Forecast(50));
    }

    [Fact]
    public void A_snapshot_from_before_interval_variance_restores_with_the_error_variance_for_its_intervals()
    {
        var random = new Random(8);
        var forecaster = new SeasonalForecaster();
        for (var i = 0; i < 700; i++)
        {
            forecaster.Update(SeriesFactory.At(i), 10 + SeriesFactory.Gaussian(random) + (i % 50 == 0 ? 20 : 0));
        }

        var snapshot = forecaster.Snapshot();
        Assert.True(snapshot.IntervalVariance > snapshot.ErrorVariance); // the spikes count in full only here
        var json = System.Text.Json.JsonSerializer.Serialize(snapshot, Ensemble.DetectionJsonContext.Default.ForecasterSnapshot);
        var old = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(old.Remove("IntervalVariance"));
        var restored = SeasonalForecaster.Restore(System.Text.Json.JsonSerializer.Deserialize(old.ToJsonString(), Ensemble.DetectionJsonContext.Default.ForecasterSnapshot)!);

        // One step ahead the interval is the point forecast +- q sqrt(s^2), q the same multiplier as before.
        var point = restored.Forecast(1)[0];
        var before = forecaster.Forecast(1)[0];
        var q = (before.Upper - before.Lower) / 2 / Math.Sqrt(snapshot.IntervalVariance);
        Assert.Equal(before.Value, point.Value);
        Assert.Equal(q * Math.Sqrt(snapshot.ErrorVariance), (point.Upper - point.Lower) / 2, 9);
    }

    [Fact]
    public void Spot_tail_probability_matches_an_exponential_tail()
    {
        // Exponential(1) scores: P(X > 6) = e^-6 = 0.00248. The GPD fit by moments should land near it.
        var random = new Random(3);
        var pot = new PeaksOverThreshold(level: 0.98, risk: 1e-5);
        for (var i = 0; i < 50_000; i++)
        {
            pot.Update(-Math.Log(1 - random.NextDouble()));
        }

        Assert.InRange(pot.TailProbability(6), 0.0015, 0.0040);
        Assert.InRange(pot.Quantile(1e-3), 6.0, 8.0); // exact: ln 1000 = 6.91
    }

    [Fact]
    public void Spot_takes_a_gaussian_tail_a_little_lighter_than_exponential_and_never_lighter_than_the_truth()
    {
        // |N(0, 1)|, Laplace and Student t3 magnitudes, 20,000 each, as the ensemble's residual tail sees them
        // (threshold at 95%, 50 peaks). Far out a Gaussian tail is much lighter than an exponential one: P(|Z| >= 6)
        // = 1.97e-9. At a shape of 0 at the least the fit said 8e-7 to 7e-6; with PeaksOverThreshold.MinShape it says
        // 2e-8 to 2e-7 in four of five series (one keeps a positive estimate, 6e-6). Where the tail is exponential
        // (Laplace, P(|X| >= 15) = 6.1e-10 at unit variance) or heavy (t3, P(|T| >= 10) = 2.1e-3) the fit stays at
        // or above the truth.
        var lighter = 0;
        for (var seed = 1; seed <= 5; seed++)
        {
            var gaussian = Tail(seed, SeriesFactory.Gaussian);
            var laplace = Tail(seed, SeriesFactory.Laplace);
            var t3 = Tail(seed, SeriesFactory.StudentT3);

            Assert.InRange(gaussian.TailProbability(6), 1.97e-9, 1e-5);
            lighter += gaussian.TailProbability(6) <= 2e-7 ? 1 : 0;
            Assert.InRange(laplace.TailProbability(15), 6.1e-10, 1e-6);
            Assert.InRange(t3.TailProbability(10), 1e-3, 1e-2);
        }

        Assert.Equal(4, lighter);

        static PeaksOverThreshold Tail(int seed, Func<Random, double> deviate)
        {
            var random = new Random(seed);
            var pot = new PeaksOverThreshold(0.95, 1e-4, 50);
            for (var i = 0; i < 20_000; i++)
            {
                pot.Update(Math.Abs(deviate(random)));
            }

            return pot;
        }
    }

    [Fact]
    public void Spot_keeps_an_exponential_tail_at_the_least_where_its_threshold_is_below_a_mean_excess()
    {
        // A stream at 0 but for Exp(1) bursts in 4% of samples: the 95% threshold sits near 0, where the moment
        // estimator of the shape runs to minus infinity. P(x >= 20) = 0.04 e^-20 = 8.2e-11; with the floor below 0
        // applied there the fit said 4e-25 to 7e-20.
        for (var seed = 1; seed <= 5; seed++)
        {
            var random = new Random(seed);
            var pot = new PeaksOverThreshold(0.95, 1e-4, 50);
            for (var i = 0; i < 20_000; i++)
            {
                pot.Update(random.NextDouble() < 0.04 ? -Math.Log(1 - random.NextDouble()) : 0.0);
            }

            Assert.InRange(pot.Threshold, 0.0, 0.2);
            Assert.InRange(pot.TailProbability(20), 5e-11, 1e-9);
        }
    }

    [Fact]
    public void Spot_counts_the_exceedance_rate_where_the_threshold_sits_on_a_tie()
    {
        // Counts: 0 in 90% of samples, 1 to 5 otherwise. The 0.95 quantile is a tie (3 or 4), so the share beyond
        // the threshold is 4% or 2%, not 5%. On a continuous stream the counted rate is the level's.
        var random = new Random(4);
        var counts = new PeaksOverThreshold(level: 0.95, risk: 1e-4);
        var continuous = new PeaksOverThreshold(level: 0.95, risk: 1e-4);
        for (var i = 0; i < 20_000; i++)
        {
            counts.Update(random.NextDouble() < 0.1 ? 1 + random.Next(5) : 0);
            continuous.Update(-Math.Log(1 - random.NextDouble()));
        }

        var beyond = 0.1 * (5 - Math.Floor(counts.Threshold)) / 5; // P(count > t) for t between two whole numbers
        Assert.InRange(counts.ExceedanceRate, beyond - 0.01, beyond + 0.01);
        Assert.InRange(continuous.ExceedanceRate, 0.04, 0.06);
        var restored = PeaksOverThreshold.Restore(counts.Snapshot());
        Assert.Equal(counts.ExceedanceRate, restored.ExceedanceRate);
        Assert.Equal(counts.TailProbability(5), restored.TailProbability(5));
    }

    [Fact]
    public void Spot_keeps_its_threshold_at_zero_on_a_stream_of_zeros_and_learns_the_first_peaks_above_it()
    {
        // Residuals of an error count that has been 0 so far. The quantile of zeros is 0; the tracker stepped below
        // it, every later 0 exceeded the threshold, and the tail learned peaks of 1e-16 against which any real
        // residual had a tail probability near 1e-35.
        var pot = new PeaksOverThreshold(level: 0.95, risk: 1e-4, minPeaks: 3);
        for (var i = 0; i < 2_000; i++)
        {
            pot.Update(0);
        }

        Assert.Equal(0, pot.Threshold);
        Assert.Equal(0, pot.Snapshot().Peaks);

        // Three scores of 2: three peaks of excess 2 over a threshold still near 0 (it steps up 5% of its median
        // scale each time), and the tail is ready.
        for (var i = 0; i < 3; i++)
        {
            pot.Update(2);
        }

        Assert.Equal(3, pot.Snapshot().Peaks);
        Assert.InRange(pot.Snapshot().M1, 1.999, 2.0);
    }

    /// <summary>Whether <paramref name="pot"/>'s moments are its recent ones after an update, as a refit leaves them
    /// (the two differ otherwise, as soon as the tail has more peaks than the recent memory).</summary>
    private static bool Refitted(PeaksOverThreshold pot)
    {
        var state = pot.Snapshot();
        return state.Peaks > PeaksOverThreshold.RecentPeaks && state.M1 == state.Recent![0] && state.Log2 == state.Recent[2];
    }

    [Fact]
    public void Spot_refits_a_tail_that_its_own_one_percent_quantile_contradicts_on_its_recent_peaks()
    {
        // Exp(1) scores, the first 1,500 with 5% of them 10 to 30 larger (the errors of a model still settling), then
        // clean: the moments remember the big excesses for thousands of samples. That tail's 1% quantile is exceeded
        // at most 5 times in 2,000 samples, so it is refitted on its recent peaks, and a far score gets about the
        // probability of a tail that only ever saw Exp(1). A tail of Student t3 scores, as heavy but honest, is never
        // refitted.
        var random = new Random(5);
        var pot = new PeaksOverThreshold(level: 0.95, risk: 1e-4);
        var reference = new PeaksOverThreshold(level: 0.95, risk: 1e-4);
        var refits = new List<long>();
        for (var i = 0; i < 12_000; i++)
        {
            var x = -Math.Log(1 - random.NextDouble());
            var settling = i < 1_500 && random.NextDouble() < 0.05 ? 10 + 20 * random.NextDouble() : 0;
            pot.Update(x + settling);
            reference.Update(x);
            if (Refitted(pot))
            {
                refits.Add(i);
            }
        }

        Assert.NotEmpty(refits);
        Assert.True(refits[0] >= 1_500 + PeaksOverThreshold.CheckSamples, $"refitted at {refits[0]}");
        Assert.InRange(pot.TailProbability(12) / reference.TailProbability(12), 0.1, 10);

        var heavy = new PeaksOverThreshold(level: 0.95, risk: 1e-4);
        for (var i = 0; i < 40_000; i++)
        {
            heavy.Update(Math.Abs(SeriesFactory.StudentT3(random)));
            Assert.False(Refitted(heavy), $"a t3 tail refitted at sample {i}");
        }
    }

    [Fact]
    public void Spot_restores_its_check_and_recent_moments_and_a_snapshot_from_before_them_starts_with_the_whole_memory()
    {
        var random = new Random(6);
        var pot = new PeaksOverThreshold(level: 0.95, risk: 1e-4);
        for (var i = 0; i < 3_000; i++)
        {
            pot.Update(-Math.Log(1 - random.NextDouble()));
        }

        var state = pot.Snapshot();
        Assert.InRange(state.Checked, 1, PeaksOverThreshold.CheckSamples - 1); // counted since the tail was ready (50 peaks)
        var restored = PeaksOverThreshold.Restore(state);
        var old = PeaksOverThreshold.Restore(new PeaksOverThresholdState
        {
            Level = state.Level, Risk = state.Risk, MinPeaks = state.MinPeaks, PeakMemory = state.PeakMemory,
            Threshold = state.Threshold, ScaleEstimate = state.ScaleEstimate, M1 = state.M1,
            Log1 = state.Log1, Log2 = state.Log2, Peaks = state.Peaks, Count = state.Count, Exceedances = state.Exceedances,
        });
        Assert.Equal(state.Recent, restored.Snapshot().Recent);
        Assert.Equal((state.Checked, state.CheckHits), (restored.Snapshot().Checked, restored.Snapshot().CheckHits));
        Assert.Equal(new[] { state.M1, state.Log1, state.Log2 }, old.Snapshot().Recent);
        Assert.Equal((0, 0), (old.Snapshot().Checked, old.Snapshot().CheckHits));
        for (var i = 0; i < 3_000; i++)
        {
            var x = -Math.Log(1 - random.NextDouble());
            Assert.Equal(pot.Update(x), restored.Update(x));
        }
    }
}
