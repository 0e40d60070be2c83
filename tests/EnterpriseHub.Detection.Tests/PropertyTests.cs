using EnterpriseHub.Detection.Ensemble;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>Algorithm invariants over generated series of many shapes (FsCheck).</summary>
public sealed class PropertyTests
{
    private static readonly Arbitrary<(int Seed, int Shape)> Series =
        Arb.From(Gen.Choose(0, int.MaxValue - 1).Zip(Gen.Choose(0, 7)));

    /// <summary>A deterministic series of the given shape: the generator picks the seed and shape.</summary>
    private static (long[] Times, double[] Values) Build(int seed, int shape)
    {
        var random = new Random(seed);
        var length = 150 + random.Next(450);
        var times = new long[length];
        var values = new double[length];
        long t = 1_700_000_000_000;
        for (var i = 0; i < length; i++)
        {
            // Irregular sampling with occasional gaps, repeats and reordering.
            t += random.Next(10) switch
            {
                0 => 0,
                1 => 60_000 * (1 + random.Next(500)),
                2 => -30_000,
                _ => 60_000,
            };
            times[i] = t;
            var g = SeriesFactory.Gaussian(random);
            values[i] = shape switch
            {
                0 => g,
                1 => Math.Tan(Math.PI * (random.NextDouble() - 0.5)), // Cauchy: extreme outliers
                2 => 7.0,                                              // constant
                3 => i < length / 2 ? g : 1e6 + g,                     // huge step
                4 => 1e12 * (1 + 1e-3 * g),                            // large magnitude
                5 => 1e-12 * g,                                        // tiny magnitude
                6 => Math.Round(g * 3),                                // quantised
                _ => random.Next(20) == 0 ? 1e9 * random.NextDouble() : 0, // sparse bursts
            };
        }

        return (times, values);
    }

    [Fact]
    public void Scores_are_always_in_unit_interval_and_never_nan()
    {
        Prop.ForAll(Series, s =>
        {
            var (times, values) = Build(s.Seed, s.Shape);
            var ensemble = new AnomalyDetectorEnsemble();
            for (var i = 0; i < values.Length; i++)
            {
                var r = ensemble.Update(times[i], values[i]);
                if (!(r.Score >= 0 && r.Score <= 1) || double.IsNaN(r.Expected) || double.IsNaN(r.Lower) || double.IsNaN(r.Upper))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Restoring_a_snapshot_gives_identical_outputs_from_then_on()
    {
        Prop.ForAll(Series, s =>
        {
            var (times, values) = Build(s.Seed, s.Shape);
            var cut = values.Length / 3 + s.Seed % (values.Length / 3);
            var original = new AnomalyDetectorEnsemble();
            for (var i = 0; i < cut; i++)
            {
                original.Update(times[i], values[i]);
            }

            var json = System.Text.Json.JsonSerializer.Serialize(original.Snapshot(), DetectionJsonContext.Default.DetectorSnapshot);
            var restored = AnomalyDetectorEnsemble.Restore(
                System.Text.Json.JsonSerializer.Deserialize(json, DetectionJsonContext.Default.DetectorSnapshot)!);
            for (var i = cut; i < values.Length; i++)
            {
                if (original.Update(times[i], values[i]) != restored.Update(times[i], values[i]))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static readonly Arbitrary<(int Seed, int Shape, int Decade)> WeeklySeries =
        Arb.From(Gen.Choose(0, int.MaxValue - 1).Zip(Gen.Choose(0, 3).Zip(Gen.Choose(-90, 90)), (seed, rest) => (seed, rest.Item1, rest.Item2)));

    /// <summary>Six weeks of half-hourly traffic with quiet weekends (so the weekly profile learns and is used), at a
    /// scale of 10^decade, with Cauchy outliers, rounding or bursts (shapes 1 to 3) or as it is (0).</summary>
    private static (long[] Times, double[] Values) BuildWeekly(int seed, int shape, int decade)
    {
        var random = new Random(seed);
        var values = SeriesFactory.WeeklyTraffic(6, 0.3, -1, seed);
        var times = new long[values.Length];
        var scale = Math.Pow(10, decade);
        for (var i = 0; i < values.Length; i++)
        {
            times[i] = SeriesFactory.At(i, 30).ToUnixTimeMilliseconds();
            var noise = shape switch
            {
                0 => 0,
                1 => Math.Tan(Math.PI * (random.NextDouble() - 0.5)), // Cauchy outliers on top
                2 => Math.Round(values[i]) - values[i],              // quantised
                _ => random.Next(50) == 0 ? 1e3 * random.NextDouble() : 0, // bursts
            };
            values[i] = scale * (values[i] + noise);
        }

        return (times, values);
    }

    [Fact]
    public void A_series_beyond_a_floats_range_keeps_its_scores_and_expectations_finite()
    {
        // A draw of the property below (Cauchy outliers at a scale of 1e38): the short median's mean departure, held in
        // a float, overflowed at row 598 (a value of 1.5e40) and every expectation after it was infinite.
        var (times, values) = BuildWeekly(1511088668, 1, 38);
        var ensemble = new AnomalyDetectorEnsemble();
        for (var i = 0; i < values.Length; i++)
        {
            var r = ensemble.Update(times[i], values[i]);
            Assert.InRange(r.Score, 0, 1);
            Assert.True(double.IsFinite(r.Expected), $"row {i}: expected {r.Expected}");
        }
    }

    [Fact]
    public void Daily_series_with_a_weekly_rhythm_at_any_scale_keep_scores_forecasts_and_snapshots_sound()
    {
        Prop.ForAll(WeeklySeries, s =>
        {
            var (times, values) = BuildWeekly(s.Item1, s.Item2, s.Item3);
            var cut = 1000 + s.Item1 % 900;
            var ensemble = new AnomalyDetectorEnsemble();
            var forecaster = new Forecasting.SeasonalForecaster();
            AnomalyDetectorEnsemble? restored = null;
            Forecasting.SeasonalForecaster? restoredForecaster = null;
            for (var i = 0; i < values.Length; i++)
            {
                if (i == cut)
                {
                    restored = AnomalyDetectorEnsemble.Restore(System.Text.Json.JsonSerializer.Deserialize(
                        System.Text.Json.JsonSerializer.Serialize(ensemble.Snapshot(), DetectionJsonContext.Default.DetectorSnapshot),
                        DetectionJsonContext.Default.DetectorSnapshot)!);
                    restoredForecaster = Forecasting.SeasonalForecaster.Restore(System.Text.Json.JsonSerializer.Deserialize(
                        System.Text.Json.JsonSerializer.Serialize(forecaster.Snapshot(), DetectionJsonContext.Default.ForecasterSnapshot),
                        DetectionJsonContext.Default.ForecasterSnapshot)!);
                }

                var r = ensemble.Update(times[i], values[i]);
                forecaster.Update(times[i], values[i]);
                if (!(r.Score >= 0 && r.Score <= 1) || !double.IsFinite(r.Expected) || (restored is not null && restored.Update(times[i], values[i]) != r))
                {
                    return false;
                }

                restoredForecaster?.Update(times[i], values[i]);
            }

            // Without outliers the daily period is found and the weekly profile learns, at any scale the period
            // detector's single-precision history holds.
            var forecast = forecaster.Forecast(96);
            var learnsTheWeek = s.Item2 % 2 == 1 || Math.Abs(s.Item3) > 36 || ensemble.Snapshot().Weekly!.Weeks > 1;
            return learnsTheWeek
                && forecast.SequenceEqual(restoredForecaster!.Forecast(96))
                && forecast.All(p => double.IsFinite(p.Value) && p.Lower <= p.Value && p.Value <= p.Upper);
        }).QuickCheckThrowOnFailure();
    }

    private static readonly Arbitrary<(int Seed, int Shape, int Decade)> Offsets =
        Arb.From(Gen.Choose(0, int.MaxValue - 1).Zip(Gen.Choose(0, 3).Zip(Gen.Choose(-18, 18)), (seed, rest) => (seed, rest.Item1, rest.Item2)));

    /// <remarks>Replayed from a fixed seed: a rounding that falls on the other side of a threshold can in principle
    /// change a decision, and the test must not pass or fail by the draw (25,000 random cases from a scratch sweep
    /// showed no difference; before 9b4cacb alerts differed in 35 of 1,000 and expectations in 545).</remarks>
    [Fact]
    public void Adding_a_constant_to_every_value_moves_expectations_and_forecasts_by_it_and_changes_no_score()
    {
        Prop.ForAll(Offsets, s =>
        {
            // Up to a billion, either way, in half decades: a gauge in bytes or a timestamp in seconds varies by little
            // around a lot, and an offset such as 10^0.5 makes rounded values inexact, so that ties fall either side.
            var offset = Math.Sign(s.Item3 + 0.5) * Math.Pow(10, Math.Abs(s.Item3) / 2.0);
            var (times, values) = BuildWeekly(s.Item1, s.Item2, 0);
            var plain = new AnomalyDetectorEnsemble();
            var moved = new AnomalyDetectorEnsemble();
            var plainForecaster = new Forecasting.SeasonalForecaster();
            var movedForecaster = new Forecasting.SeasonalForecaster();
            // Within single precision of the values (the season's buckets are floats) and rounding at the offset's
            // magnitude (a double at a billion keeps about 1e-7).
            bool Close(double plainValue, double movedValue, double value) =>
                Math.Abs(movedValue - offset - plainValue) <= 1e-6 * (Math.Abs(plainValue) + Math.Abs(value) + 5) + 1e-12 * Math.Abs(offset);
            for (var i = 0; i < values.Length; i++)
            {
                var a = plain.Update(times[i], values[i]);
                var b = moved.Update(times[i], values[i] + offset);
                plainForecaster.Update(times[i], values[i]);
                movedForecaster.Update(times[i], values[i] + offset);
                if (a.IsAnomaly != b.IsAnomaly || Math.Abs(a.Score - b.Score) > 1e-6 || !Close(a.Expected, b.Expected, values[i]))
                {
                    return false;
                }
            }

            return plainForecaster.Forecast(96).Zip(movedForecaster.Forecast(96))
                .All(p => Close(p.First.Value, p.Second.Value, values[^1]) && Close(p.First.Upper, p.Second.Upper, values[^1]));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(20261207, 0x9E3779B97F4A7C15));
    }

    [Fact]
    public void Forecasts_are_finite_and_inside_their_intervals()
    {
        Prop.ForAll(Series, s =>
        {
            var (times, values) = Build(s.Seed, s.Shape);
            var forecaster = new Forecasting.SeasonalForecaster();
            for (var i = 0; i < values.Length; i++)
            {
                forecaster.Update(times[i], values[i]);

                // Without a season the level smoothing is estimated, between the default and 1.
                var alpha = forecaster.Snapshot().Model.Alpha;
                if (i % 50 == 0 && !(alpha > 0 && alpha <= 1 && (forecaster.Period > 1 || alpha >= Forecasting.SeasonalForecaster.DefaultAlpha)))
                {
                    return false;
                }
            }

            foreach (var p in forecaster.Forecast(100))
            {
                if (!double.IsFinite(p.Value) || !double.IsFinite(p.Lower) || !double.IsFinite(p.Upper) || p.Lower > p.Value || p.Value > p.Upper)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_restored_forecaster_forecasts_identically_from_then_on()
    {
        Prop.ForAll(Series, s =>
        {
            var (times, values) = Build(s.Seed, s.Shape);
            var cut = values.Length / 3 + s.Seed % (values.Length / 3);
            var original = new Forecasting.SeasonalForecaster();
            for (var i = 0; i < cut; i++)
            {
                original.Update(times[i], values[i]);
            }

            var json = System.Text.Json.JsonSerializer.Serialize(original.Snapshot(), DetectionJsonContext.Default.ForecasterSnapshot);
            var restored = Forecasting.SeasonalForecaster.Restore(
                System.Text.Json.JsonSerializer.Deserialize(json, DetectionJsonContext.Default.ForecasterSnapshot)!);
            for (var i = cut; i < values.Length; i++)
            {
                original.Update(times[i], values[i]);
                restored.Update(times[i], values[i]);
            }

            return original.Forecast(24).SequenceEqual(restored.Forecast(24));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Rolling_median_lies_between_window_min_and_max()
    {
        Prop.ForAll(Series, s =>
        {
            var (_, values) = Build(s.Seed, s.Shape);
            var window = new Baselines.RollingMedianMad(15);
            for (var i = 0; i < values.Length; i++)
            {
                window.Update(values[i]);
                var from = Math.Max(0, i - 14);
                var slice = values.AsSpan(from, i - from + 1);
                double min = double.MaxValue, max = double.MinValue;
                foreach (var v in slice)
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }

                if (window.Median < min || window.Median > max || window.Mad < 0)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }
}
