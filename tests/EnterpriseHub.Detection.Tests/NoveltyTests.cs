using EnterpriseHub.Detection.Detectors;
using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>Known answers for the novelty detectors and the onset/refractory behaviour of the ensemble.</summary>
public sealed class NoveltyTests
{
    [Fact]
    public void Novelty_rate_is_the_running_mean_of_events_until_the_horizon_then_exponential()
    {
        var rate = new NoveltyRate(horizon: 4);
        Assert.Equal(1.0, rate.Rate);
        rate.Update(true);
        Assert.Equal(1.0, rate.Rate);
        rate.Update(false);
        Assert.Equal(0.5, rate.Rate, 12);
        rate.Update(false);
        Assert.Equal(1.0 / 3, rate.Rate, 12);
        rate.Update(false);
        Assert.Equal(0.25, rate.Rate, 12);
        rate.Update(false);
        Assert.Equal(0.25 * 0.75, rate.Rate, 12); // weight 1/4 from now on
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(1e-3, 1.0)]
    [InlineData(1e-9, 1.0)]
    [InlineData(0.1, 1.0 / 3)]
    [InlineData(0.01, 2.0 / 3)]
    public void Surprise_is_the_log_probability_over_the_log_floor(double p, double expected)
    {
        Assert.Equal(expected, NoveltyRate.Surprise(p), 12);
    }

    [Fact]
    public void A_repeating_pattern_becomes_familiar_and_a_new_shape_inside_the_range_is_novel()
    {
        // A sawtooth 0..9 repeated: after the first cycles every context is known, so p = 1.
        var detector = new ContextNoveltyDetector();
        double p = 0;
        for (var i = 0; i < 2000; i++)
        {
            p = detector.Update(i % 10, 0, 9);
        }

        Assert.Equal(1.0, p);

        // A descending run through the same values: every value is in range, the transitions are new.
        var least = 1.0;
        for (var v = 9; v >= 0; v--)
        {
            least = Math.Min(least, detector.Update(v, 0, 9));
        }

        Assert.True(least < 0.01, $"p = {least}");
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(2, false)]
    public void The_level_count_decides_whether_a_value_two_levels_away_is_novel(int levels, bool novel)
    {
        // 0.5 and 1.5 alternate in [0, 4): with 4 levels they are levels 0 and 1, and 3.5 is level 3, two away from
        // anything seen. With 2 levels both are level 0 and 3.5 is level 1, within the one-level tolerance.
        var detector = new ContextNoveltyDetector(levels);
        for (var i = 0; i < 500; i++)
        {
            detector.Update(i % 2 == 0 ? 0.5 : 1.5, 0, 4);
        }

        var p = detector.Update(3.5, 0, 4);
        Assert.Equal(levels, detector.Levels);
        Assert.Equal(levels, ContextNoveltyDetector.Restore(detector.Snapshot()).Levels);
        if (novel)
        {
            // Only the first of the 497 contexts scored was new at length 1: the running rate of such novelty is
            // 1 / 497, doubled for the two scales.
            Assert.Equal(2.0 / 497, p, 12);
        }
        else
        {
            Assert.Equal(1.0, p);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    public void A_level_count_outside_2_to_32_is_rejected(int levels)
    {
        Assert.Equal("levels", Assert.Throws<ArgumentOutOfRangeException>(() => new ContextNoveltyDetector(levels)).ParamName);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Ensemble.AnomalyDetectorEnsemble(new DetectorOptions { ContextLevels = levels }));
        Assert.Equal(nameof(DetectorOptions.ContextLevels), error.ParamName);
    }

    [Fact]
    public void A_one_level_blip_is_within_the_vigilance_tolerance()
    {
        // Level 4 for a long time; a single sample one level up differs from the known context at one position
        // by one level, so neither it nor the contexts that contain it are novel.
        var detector = new ContextNoveltyDetector();
        for (var i = 0; i < 500; i++)
        {
            detector.Update(4.5, 0, 9.999);
        }

        Assert.Equal(1.0, detector.Update(5.5, 0, 9.999));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(1.0, detector.Update(4.5, 0, 9.999));
        }
    }

    [Fact]
    public void A_sustained_level_shift_alerts_once_at_its_onset()
    {
        var random = new Random(11);
        var ensemble = new AnomalyDetectorEnsemble();
        for (var i = 0; i < 2000; i++)
        {
            ensemble.Update(SeriesFactory.At(i), 100 + SeriesFactory.Gaussian(random));
        }

        var alerts = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            if (ensemble.Update(SeriesFactory.At(2000 + i), 120 + SeriesFactory.Gaussian(random)).IsAnomaly)
            {
                alerts.Add(i);
            }
        }

        Assert.Equal([0], alerts);
    }

    [Fact]
    public void A_value_beyond_the_second_extreme_is_judged_against_the_extremes_below_a_wild_first_one()
    {
        // 1 to 8, then a wild 1,000: the highs are 1,000, 8, 7, ..., 2. A 20 is no record, but it exceeds the second
        // largest (probability 2 / n, twice a record's), by 12, against the six spacings of 8, 7, ..., 2:
        // S = (8 + 7 + 6 + 5 + 4 + 3) - 6 x 2 = 21, so P = 2 (1 + 12 / 21)^-6, for the caller to multiply by P(record).
        var range = new RangeNoveltyDetector();
        for (var v = 1; v <= 8; v++)
        {
            range.Update(v, 0.1);
        }

        Assert.True(range.Update(1000, 0.1) < 1e-6);
        Assert.Equal(2 * Math.Pow(1 + 12.0 / 21, -6), range.Update(20, 0.1), 12);

        // The 20 is now the second extreme: a 40 overshoots it by 20 against 20, 8, 7, ..., 3 (S = 50 - 6 x 3 = 32).
        Assert.Equal(2 * Math.Pow(1 + 20.0 / 32, -6), range.Update(40, 0.1), 12);
    }

    [Fact]
    public void A_flatline_is_scored_as_a_record_run_and_its_overshoot()
    {
        // 1 2 2 3 4 4 4 4: three runs complete before the 4s (0 repeats of 1, 1 of 2, 0 of 3). q is the repeat rate of
        // the t transitions before the sample, a running mean under the horizon: q = (repeats + 1/2) / (t + 1).
        var detector = new FlatlineDetector();
        Assert.Equal(1.0, detector.Update(1));
        Assert.Equal(1.0, detector.Update(2));
        var first = detector.Update(2); // one repeat, the first ever: a record among 1 completed run
        Assert.Equal(0.5, first, 12); // p = q^(1 - 0 - 1) / (1 + 1)
        Assert.Equal(1.0, detector.Update(3));
        Assert.Equal(1.0, detector.Update(4));
        Assert.Equal(1.0, detector.Update(4)); // one repeat ties the longest run (1): not a record
        var second = detector.Update(4); // two repeats: a record among 3 completed runs
        Assert.Equal(0.25, second, 12); // p = q^(2 - 1 - 1) / (3 + 1)
        var third = detector.Update(4); // three repeats: one beyond the record
        var q = (3.0 + 0.5) / (6 + 1); // 3 repeats in 6 transitions before this one
        Assert.Equal(q / 4, third, 12);
    }

    [Fact]
    public void A_mostly_idle_series_is_judged_against_its_own_idle_stretches()
    {
        // A job counter: zero for 150-250 samples, then a short burst. Its idle runs are its normal; one a few
        // samples longer than any before is no alert, while a series that never repeats flags a stuck value at once.
        var random = new Random(5);
        var idle = new FlatlineDetector();
        var least = 1.0;
        for (var burst = 0; burst < 30; burst++)
        {
            var run = 150 + random.Next(100);
            for (var i = 0; i < run; i++)
            {
                least = Math.Min(least, idle.Update(0));
            }

            for (var i = 0; i < 5; i++)
            {
                least = Math.Min(least, idle.Update(1 + random.Next(50)));
            }
        }

        Assert.True(least > 1e-3, $"an idle stretch scored p = {least}");

        var busy = new FlatlineDetector();
        for (var i = 0; i < 2000; i++)
        {
            busy.Update(100 + SeriesFactory.Gaussian(random));
        }

        // One pair of equal samples is a record among 2,000 runs (p = 1 / 2,001): a chance tie of rounded values is
        // no alert. The next repeat beyond it costs q, about 1 / 2,000 for a series that never repeated.
        busy.Update(100.5);
        Assert.Equal(1.0 / 2001, busy.Update(100.5), 12);
        Assert.True(busy.Update(100.5) < 1e-6);
    }

    [Fact]
    public void Idle_runs_longer_than_the_repeat_rate_allows_are_judged_by_the_tail_of_the_longest_runs()
    {
        // An error counter idle for long stretches between busy ones (nights and days): the repeat rate q mixes both,
        // and q per repeat beyond the record made each idle stretch a little longer than the last an alert (20 of
        // 40 such series, FalseAlarmTests). Eight idle runs of 40, 45, ..., 75 repeats, each after 50 changing
        // values; then 50 more and an idle run that goes on.
        var detector = new FlatlineDetector();
        var value = 0.0;
        void Busy()
        {
            for (var i = 0; i < 50; i++)
            {
                detector.Update(value += 1);
            }
        }

        for (var run = 40; run <= 75; run += 5)
        {
            Busy();
            for (var i = 0; i <= run; i++)
            {
                detector.Update(-1);
            }
        }

        Busy();
        Assert.Equal(75, detector.LongestRun);
        for (var i = 0; i < 76; i++)
        {
            detector.Update(-2);
        }

        // 458 runs completed (every change ends one); 75 repeats tie the record, the 76th is a record (p = 1 / 459).
        Assert.Equal(1.0 / 459, detector.Update(-2), 12);

        // 20 repeats beyond the first past the record: q^20 is about 6e-6 (q about 0.55), but the longest runs'
        // spacings, 75 70 65 60 55 50 45 40, sum to S = 420 - 7 x 40 = 140, and their tail gives (1 + 20 / 140)^-7.
        for (var i = 0; i < 19; i++)
        {
            detector.Update(-2);
        }

        Assert.Equal(Math.Pow(1 + 20.0 / 140, -7) / 459, detector.Update(-2), 12);
    }

    [Fact]
    public void A_sudden_drop_inside_the_normal_range_alerts_once_on_its_first_sample()
    {
        // Ten days of a clean daily cycle, then at the top of the eleventh day the value falls to 85 for an hour:
        // 85 is well inside the range seen (80 to 120), but 35 below the seasonal expectation, dozens of times the
        // residuals this series has shown. (Its context is novel too, but context novelty alone cannot reach an
        // alert-worthy p: see ContextNoveltyDetector.)
        var values = SeriesFactory.Seasonal(288 * 12, 288, 20, 0.5, 41);
        const int drop = 288 * 10 + 72;
        for (var i = drop; i < drop + 12; i++)
        {
            values[i] = 85;
        }

        var ensemble = new AnomalyDetectorEnsemble();
        var alerts = new List<(int At, DetectorComponent Component)>();
        for (var i = 0; i < values.Length; i++)
        {
            var r = ensemble.Update(SeriesFactory.At(i, 5), values[i]);
            if (r.IsAnomaly)
            {
                alerts.Add((i, r.Component));
            }
        }

        Assert.Equal([(drop, DetectorComponent.Seasonal)], alerts);
    }
}
