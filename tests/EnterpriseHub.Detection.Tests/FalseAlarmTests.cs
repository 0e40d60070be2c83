using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>
/// False alarms on clean data, per sensitivity: every sample is a test, so what matters in production is the alert
/// count per sample on series with nothing wrong (100,000 series at one sample a minute make 144 million tests a
/// day). Deterministic seeds; each budget fails the build if the rate regresses past it.
/// </summary>
/// <remarks>
/// Budgets per 400,000 samples (200 series x 2,000 one-minute samples): low 5, medium 20 (one per 20,000 samples),
/// high 80; the seasonal case has 216,000 samples (50 series x 3 days) and proportionally 3, 10 and 40.
/// Measured (low / medium / high): Gaussian 0 / 0 / 2, Student t3 3 / 7 / 39, Laplace 0 / 4 / 11, random walk
/// 5 / 10 / 32, trend 0 / 0 / 15, seasonal 0 / 1 / 3.
/// </remarks>
public sealed class FalseAlarmTests
{
    public static TheoryData<string, Sensitivity, int> Budgets()
    {
        var data = new TheoryData<string, Sensitivity, int>();
        foreach (var kind in new[] { "gaussian", "student-t3", "laplace", "random-walk", "trend" })
        {
            data.Add(kind, Sensitivity.Low, 5);
            data.Add(kind, Sensitivity.Medium, 20);
            data.Add(kind, Sensitivity.High, 80);
        }

        data.Add("seasonal", Sensitivity.Low, 3);
        data.Add("seasonal", Sensitivity.Medium, 10);
        data.Add("seasonal", Sensitivity.High, 40);
        return data;
    }

    /// <summary>A clean series of the given kind (seed = series number).</summary>
    internal static double[] Clean(string kind, int seed)
    {
        var random = new Random(seed);
        var values = new double[kind == "seasonal" ? 3 * 1440 : 2000];
        var walk = 100.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = kind switch
            {
                "gaussian" => 100 + 3 * SeriesFactory.Gaussian(random),
                "student-t3" => 100 + 3 * SeriesFactory.StudentT3(random),
                "laplace" => 100 + 3 * SeriesFactory.Laplace(random),

                // Steps of 0.3 noise sd plus unit measurement noise: the level wanders about 13 sd in 2,000 samples.
                "random-walk" => (walk += 0.3 * SeriesFactory.Gaussian(random)) + SeriesFactory.Gaussian(random),

                // 20 units over the series (almost 7 noise sd): a new record every few dozen samples.
                "trend" => 100 + 0.01 * i + 3 * SeriesFactory.Gaussian(random),

                // Daily cycle at minute resolution, amplitude 20, noise sd 2.
                "seasonal" => 100 + 20 * Math.Sin(2 * Math.PI * i / 1440) + 2 * SeriesFactory.Gaussian(random),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
        }

        return values;
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public void Clean_series_stay_within_their_false_alarm_budget(string kind, Sensitivity sensitivity, int budget)
    {
        var series = kind == "seasonal" ? 50 : 200;
        var alerts = 0;
        for (var s = 0; s < series; s++)
        {
            var values = Clean(kind, s);
            var ensemble = new AnomalyDetectorEnsemble(new DetectorOptions { Sensitivity = sensitivity });
            for (var i = 0; i < values.Length; i++)
            {
                alerts += ensemble.Update(SeriesFactory.At(i), values[i]).IsAnomaly ? 1 : 0;
            }
        }

        Assert.True(alerts <= budget, $"{kind} at {sensitivity}: {alerts} alerts, budget {budget}");
    }

    /// <summary>Alerts at medium on 200 sparse count series of 2,000 samples, and how many of them found a burst of
    /// <paramref name="burst"/> added at sample 1,500.</summary>
    private static (int FalseAlerts, int Found) SparseCounts(string kind, double burst)
    {
        int alerts = 0, found = 0;
        for (var s = 0; s < 200; s++)
        {
            var random = new Random(s);
            var ensemble = new AnomalyDetectorEnsemble();
            for (var i = 0; i < 2000; i++)
            {
                // Error counts: mostly 0 with a burst of 1 to 5 in 2% or 10% of the minutes, or Poisson.
                var value = kind switch
                {
                    "bursts" => random.NextDouble() < 0.02 ? 1 + random.Next(5) : 0,
                    "bursts-10" => random.NextDouble() < 0.1 ? 1 + random.Next(5) : 0,
                    "poisson-0.1" => SeriesFactory.Poisson(random, 0.1),
                    _ => SeriesFactory.Poisson(random, 0.5),
                };
                if (ensemble.Update(SeriesFactory.At(i), value + (i == 1500 ? burst : 0)).IsAnomaly)
                {
                    if (i == 1500)
                    {
                        found++;
                    }
                    else
                    {
                        alerts++;
                    }
                }
            }
        }

        return (alerts, found);
    }

    [Theory]
    [InlineData("bursts", 50)]
    [InlineData("poisson", 15)]
    [InlineData("bursts-10", 30)]
    [InlineData("poisson-0.1", 15)]
    public void Sparse_counts_stay_within_the_medium_budget_and_a_burst_far_beyond_them_alerts(string kind, double burst)
    {
        // Tied extremes of counts say nothing about the tail below the data's resolution (the smallest change seen
        // between consecutive values), so the spacings of record overshoots are floored at half of it. Without the
        // floor the residual records, which never went below 0 while the expectation was the median 0, took each 0
        // under a seasonal expectation found by chance for a record low: 143 alerts on the bursts and 105 on the
        // Poisson counts. With the floor they measured 16 and 12, with the residual tail's exceedance rate counted
        // instead of assumed (PeaksOverThreshold.ExceedanceRate) 13 and 2, and with the residual scale over 1,024
        // residuals instead of 256 (ResidualTailDetector.ScaleHorizon) 10 and 2, with that scale floored at a quarter
        // of the resolution (AnomalyDetectorEnsemble.ResidualScaleShare) 9 and 1. The bursts alert in 190 and 188 of
        // 200 series (188 and 183 before all four).
        // Bursts in 10% of minutes and Poisson counts of mean 0.1 raised 115 and 65 alerts, mostly persistence: the
        // tail's threshold sat on a tie and its rate was taken to be 5%, so a 5, 2% of samples, had a tail probability
        // near 1e-4, and two within three minutes were an alert. Counting the rate took them to 54 and 24, the longer
        // scale to 6 and 2, the scale's floor to 1 and 2, the scale in two parts to 0 and 2. The bursts added to them
        // alert in 200 and 199 of 200 series (189 and 195 before).
        var (alerts, found) = SparseCounts(kind, burst);
        Assert.True(alerts <= 20, $"{kind}: {alerts} alerts, budget 20");
        Assert.True(found >= 180, $"{kind}: the burst of {burst} alerted in {found} of 200 series");
    }

    [Fact]
    public void Error_counts_with_a_daily_rhythm_stay_within_the_medium_budget_after_their_first_day()
    {
        // Bursts of 1 to 5 in 10% of the minutes from 09:00 to 17:00 and in 0.5% otherwise; 40 series of 5,000
        // minutes from midnight. The flatline detector charged the series' repeat rate, which mixes busy days and
        // idle nights, per repeat beyond the longest idle run, so a night a little longer than any before alerted:
        // 26 alerts after the first day, 22 of them flatline. Judged by the tail of the longest runs too
        // (FlatlineDetector.TailDepth), no night alerts, but 13 zeros did on the evening a daily period was first
        // found, each a hundredth below a seasonal expectation near 0 and so a departure; residuals within half the
        // resolution are now none, and 4 alerts remain. The budget is medium's 20 per 400,000 samples.
        int alerts = 0, flatline = 0, samples = 0;
        for (var s = 0; s < 40; s++)
        {
            var random = new Random(1000 + s);
            var ensemble = new AnomalyDetectorEnsemble();
            for (var i = 0; i < 5000; i++)
            {
                var minute = i % 1440;
                var rate = minute is >= 540 and < 1020 ? 0.10 : 0.005;
                var r = ensemble.Update(SeriesFactory.At(i), random.NextDouble() < rate ? 1 + random.Next(5) : 0);
                if (i >= 1440)
                {
                    samples++;
                    alerts += r.IsAnomaly ? 1 : 0;
                    flatline += r.IsAnomaly && r.Component == DetectorComponent.Flatline ? 1 : 0;
                }
            }
        }

        Assert.Equal(0, flatline);
        Assert.True(alerts <= 20.0 * samples / 400_000, $"{alerts} alerts in {samples} samples");
    }

    [Theory]
    [InlineData("bursts")]
    [InlineData("daily")]
    [InlineData("sparse-values")]
    public void An_error_storm_after_weeks_of_counts_alerts_and_the_weeks_stay_within_the_medium_budget(string kind)
    {
        // 20 series of 20,000 minutes (two weeks) of error counts, bursts of 1 to 5 in 2% of minutes or with the
        // daily rhythm above; from minute 15,000 (10:00) a storm of an hour, bursts in half of the minutes. The
        // residual scale of such counts shrank towards 0 over the zeros and the residual tail's threshold, learned on
        // ratios to it, ended far beyond every later residual: the storm alerted within its hour in 13 and 0 of 20
        // series, and the bursts raised 17 false alerts. With the scale floored at a quarter of the resolution
        // (AnomalyDetectorEnsemble.ResidualScaleShare), residuals nearer the expectation than half the resolution
        // taken as none, and the tail's threshold kept at 0 or above, 17 and 17 of 20, with 0 false alerts on the
        // bursts.
        int found = 0, alerts = 0;
        for (var s = 0; s < 20; s++)
        {
            var random = new Random(700 + s);
            var ensemble = new AnomalyDetectorEnsemble();
            var detected = false;
            for (var i = 0; i < 20_000; i++)
            {
                var minute = i % 1440;
                var rate = i is >= 15_000 and < 15_060 ? 0.5 : kind == "daily" ? (minute is >= 540 and < 1020 ? 0.10 : 0.005) : 0.02;

                // "sparse-values": not counts but amounts (queue wait in seconds, bytes retried), 0.5 to 2.5.
                var burst = kind == "sparse-values" ? 0.5 + 2 * random.NextDouble() : 1 + random.Next(5);
                var r = ensemble.Update(SeriesFactory.At(i), random.NextDouble() < rate ? burst : 0);
                if (i is >= 15_000 and < 15_060)
                {
                    detected |= r.IsAnomaly;
                }
                else if (i < 15_000 || i >= 15_120)
                {
                    alerts += r.IsAnomaly ? 1 : 0;
                }
            }

            found += detected ? 1 : 0;
        }

        Assert.True(found >= 15, $"{kind}: the storm alerted within its hour in {found} of 20 series");
        if (kind != "daily")
        {
            Assert.True(alerts <= 20, $"{kind}: {alerts} false alerts in 400,000 samples");
        }
    }

    [Theory]
    [InlineData(1e6, 8, 170)]
    [InlineData(-1e6, -8, 175)]
    public void A_wild_sample_leaves_later_spikes_found(double glitch, double spike, int minimumFound)
    {
        // Gaussian noise (sd 3), one wild sample at 2,000 (a unit mix-up) and a spike of 8 sd at 3,000, 200 series.
        // Range novelty judged values against every extreme ever seen, so after the wild sample only the residual
        // tail could find the spike: in 163 and 167 of 200 series (194 and 193 without the wild sample). A value
        // beyond the second extreme is now judged as well, at the alert level: 172 and 179.
        int found = 0, alerts = 0;
        for (var s = 0; s < 200; s++)
        {
            var random = new Random(s);
            var ensemble = new AnomalyDetectorEnsemble();
            for (var i = 0; i < 3500; i++)
            {
                var v = 100 + 3 * SeriesFactory.Gaussian(random) + (i == 2000 ? glitch : 0) + (i == 3000 ? 3 * spike : 0);
                var alert = ensemble.Update(SeriesFactory.At(i), v).IsAnomaly;
                found += i == 3000 && alert ? 1 : 0;
                alerts += i != 2000 && i != 3000 && alert ? 1 : 0;
            }
        }

        Assert.True(found >= minimumFound, $"the spike alerted in {found} of 200 series, {alerts} other alerts");
        Assert.Equal(0, alerts);
    }

    [Fact]
    public void The_metric_grain_noise_raises_nothing_until_its_level_shift_which_alerts_at_once()
    {
        // The metric grain test's series: 600 minutes of 100 + 3 x a hashed noise in (-1, 1), then 180.
        static double Noise(int i) => Math.Sin(i * 12.9898) * 43758.5453 % 1;
        var ensemble = new AnomalyDetectorEnsemble();
        for (var i = 0; i < 600; i++)
        {
            Assert.False(ensemble.Update(SeriesFactory.At(i), 100 + 3 * Noise(i)).IsAnomaly, $"false alarm at {i}");
        }

        Assert.True(ensemble.Update(SeriesFactory.At(600), 180 + 3 * Noise(600)).IsAnomaly);
    }
}
