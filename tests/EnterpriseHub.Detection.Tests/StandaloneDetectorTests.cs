using System.Numerics;
using EnterpriseHub.Detection.Detectors;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>
/// The spectral residual and the conformal change-point martingale: detectors of the library that the default
/// ensemble does not use (see <see cref="Ensemble.AnomalyDetectorEnsemble"/>), checked against the published
/// methods computed directly.
/// </summary>
public sealed class StandaloneDetectorTests
{
    private const int Window = SpectralResidualDetector.WindowLength;
    private const int Estimated = SpectralResidualDetector.EstimatedPoints;
    private const int Real = Window - Estimated;

    /// <summary>
    /// Ren et al. (KDD 2019) for the newest point of one window, by full DFTs: append kappa copies of the point
    /// extrapolated from the points before the newest, A = |F(x)|, L = log A, R = L - mean of L over 3 neighbouring bins (circular), and the
    /// saliency is |F^-1(exp(R + iP))| at the newest real point. exp(R + iP) = F(x) exp(-average L).
    /// Like the detector, the window's mean (bin 0) is left out and the amplitudes carry its floor (1e-8 of the
    /// window's energy).
    /// </summary>
    private static double DirectSaliency(ReadOnlySpan<double> real)
    {
        const int m = 5;
        var last = real[Real - 2];
        var g = 0.0;
        for (var i = 1; i <= m; i++)
        {
            g += (last - real[Real - 2 - i]) / i;
        }

        // x_hat = x_(n-m) + mean gradient x m, from the points before the newest (see the detector's remarks).
        var estimate = real[Real - 1 - m] + g / m * m;
        var x = new double[Window];
        real.CopyTo(x);
        for (var j = Real; j < Window; j++)
        {
            x[j] = estimate;
        }

        var spectrum = new Complex[Window];
        for (var k = 0; k < Window; k++)
        {
            for (var j = 0; j < Window; j++)
            {
                spectrum[k] += x[j] * Complex.FromPolarCoordinates(1, -2 * Math.PI * k * j / Window);
            }
        }

        // Without the mean (bin 0, whose log amplitude is bin 1's for the averages); energy over bins 1..n/2.
        var energy = 0.0;
        for (var k = 1; k <= Window / 2; k++)
        {
            energy += spectrum[k].Magnitude * spectrum[k].Magnitude;
        }

        var log = spectrum.Select(c => 0.5 * Math.Log(c.Magnitude * c.Magnitude + 1e-8 * energy + 1e-300)).ToArray();
        log[0] = log[1];
        var saliency = Complex.Zero;
        for (var k = 1; k < Window; k++)
        {
            var average = (log[(k + Window - 1) % Window] + log[k] + log[(k + 1) % Window]) / 3;
            saliency += spectrum[k] * Math.Exp(-average) * Complex.FromPolarCoordinates(1, 2 * Math.PI * k * (Real - 1) / Window);
        }

        return saliency.Magnitude / Window;
    }

    [Fact]
    public void Spectral_residual_scores_match_the_method_computed_with_full_transforms()
    {
        // 1,100 samples cross the sliding spectrum's periodic recomputation (every 1,024 samples).
        var random = new Random(8);
        var values = Enumerable.Range(0, 1100)
            .Select(i => 50 + 10 * Math.Sin(2 * Math.PI * i / 40) + SeriesFactory.Gaussian(random) + (i == 700 ? 25 : 0))
            .ToArray();
        var detector = new SpectralResidualDetector(meanAlpha: 0.05);
        double mean = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var score = detector.Update(values[i]);
            if (i + 1 < Real)
            {
                Assert.Equal(0, score);
                continue;
            }

            var s = DirectSaliency(values.AsSpan(i + 1 - Real, Real));
            if (i + 1 == Real)
            {
                mean = s;
                Assert.Equal(0, score);
                continue;
            }

            var expected = Math.Max(0, (s - mean) / mean);
            mean += 0.05 * (s - mean);
            Assert.True(Math.Abs(score - expected) <= 1e-7 * Math.Max(1, expected), $"sample {i}: {score} vs {expected}");
        }
    }

    [Fact]
    public void Spectral_residual_scores_do_not_depend_on_the_offset_or_the_scale_of_the_series()
    {
        var random = new Random(9);
        var values = Enumerable.Range(0, 600)
            .Select(i => 20 * Math.Sin(2 * Math.PI * i / 50) + SeriesFactory.Gaussian(random) + (i == 400 ? 8 : 0))
            .ToArray();
        var plain = new SpectralResidualDetector();
        var shifted = new SpectralResidualDetector();
        for (var i = 0; i < values.Length; i++)
        {
            var expected = plain.Update(values[i]);
            var actual = shifted.Update(5000 + 10 * values[i]);
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Max(1, expected), $"sample {i}: {actual} vs {expected}");
        }
    }

    [Fact]
    public void Conformal_p_values_rank_each_strangeness_against_the_memory()
    {
        var detector = new ChangePointDetector(memory: 8);
        Assert.Equal(1.0, detector.Update(1));       // nothing to compare with: (0 + 1) / (0 + 1)
        Assert.Equal(1.0 / 2, detector.Update(2));   // 1 < 2: (0 + 1) / 2
        Assert.Equal(1.0 / 3, detector.Update(3));
        Assert.Equal(4.0 / 4, detector.Update(0.5)); // all three are at least 0.5
        Assert.Equal(3.0 / 5, detector.Update(2));   // 2 and 3, and itself
        for (var i = 0; i < 8; i++)
        {
            detector.Update(10);
        }

        // The memory holds the last 8 values only (all 10): a 1 is now the least strange.
        Assert.Equal(9.0 / 9, detector.Update(1));
    }

    [Fact]
    public void The_martingale_grows_after_a_level_shift_and_stays_small_on_exchangeable_noise()
    {
        const int seeds = 50;
        var detected = 0;
        var falseAlarms = 0;
        for (var seed = 0; seed < seeds; seed++)
        {
            var random = new Random(300 + seed);
            var detector = new ChangePointDetector(memory: 64);
            var before = false;
            for (var i = 0; i < 1000; i++)
            {
                detector.Update(Math.Abs(SeriesFactory.Gaussian(random)));
                before |= detector.Martingale >= 100;
            }

            falseAlarms += before ? 1 : 0;
            var delay = -1;
            for (var i = 0; i < 30 && delay < 0; i++)
            {
                detector.Update(Math.Abs(3 + SeriesFactory.Gaussian(random)));
                if (detector.Martingale >= 100)
                {
                    delay = i;
                }
            }

            detected += delay is >= 0 and <= 15 ? 1 : 0;
        }

        Assert.True(detected >= 48, $"{detected}/{seeds} shifts detected within 15 samples");
        Assert.True(falseAlarms <= 5, $"{falseAlarms}/{seeds} clean runs of 1,000 samples crossed 100");
    }

    [Fact]
    public void Resetting_the_martingale_keeps_the_memory()
    {
        var detector = new ChangePointDetector(memory: 16);
        for (var i = 0; i < 16; i++)
        {
            detector.Update(i % 4);
        }

        for (var i = 0; i < 10; i++)
        {
            detector.Update(100 + i); // each stranger than everything remembered: p = 1 / 17
        }

        Assert.True(detector.Martingale > 10, $"martingale {detector.Martingale}");
        detector.ResetMartingale();
        Assert.Equal(1.0, detector.Martingale);

        // The last 16 strangeness values are still remembered: 10 of them (100 .. 109) are at least 50.
        Assert.Equal(11.0 / 17, detector.Update(50), 12);
    }

    [Fact]
    public void The_residual_scale_of_mostly_zero_residuals_holds_at_their_share_times_their_magnitude()
    {
        // Residuals of amounts that are 0 in 98% of minutes and 0.5 to 2.5 otherwise: mean absolute residual 0.03.
        // Winsorised at four times itself, the mean shrank whenever fewer than a quarter of the residuals were
        // nonzero (to about 1e-10 by 5,000), and every later residual looked extreme. The share (0.02) and the
        // winsorised mean of the nonzero ones (1.5) are learned apart.
        var random = new Random(8);
        var detector = new ResidualTailDetector();
        var scales = new List<double>();
        for (var i = 1; i <= 40_000; i++)
        {
            detector.Update(random.NextDouble() < 0.02 ? 0.5 + 2 * random.NextDouble() : 0, 1, out _, out _);
            if (i % 10_000 == 0)
            {
                var state = detector.Snapshot();
                scales.Add(state.NonzeroShare!.Value * state.Scale);
            }
        }

        Assert.All(scales, scale => Assert.InRange(scale, 0.02, 0.04));
    }

    [Fact]
    public void A_residual_tail_given_a_cycle_learns_over_it_and_reports_only_once_it_has_seen_one()
    {
        // Residuals of a day of 8,640 samples, 9 hours at noise 5 and 15 at noise 1.5, judged with and without the
        // cycle (8.4375 tail memories). Alone, the tail follows the quiet hours down and each noisy morning is a burst
        // of exceedances (40 clusters at p <= 1e-5 over six days); with the cycle it is the whole day's tail at every
        // phase (1). Its first cycle reports nothing.
        const int perDay = 8_640;
        static (int FirstReport, int Bursts) Run(double cycle)
        {
            var random = new Random(11);
            var detector = new ResidualTailDetector();
            int first = -1, bursts = 0;
            for (var i = 0; i < 8 * perDay; i++)
            {
                var noisy = SeriesFactory.IsBusinessHour(i, perDay);
                detector.Update((noisy ? 5 : 1.5) * SeriesFactory.Gaussian(random), 1, out var p, out var cluster, cycle: cycle);
                first = first < 0 && Math.Min(p, cluster) < 1 ? i : first;
                bursts += i >= 2 * perDay && cluster <= 1e-5 ? 1 : 0;
            }

            return (first, bursts);
        }

        var alone = Run(1);
        var daily = Run((double)perDay / ResidualTailDetector.ScaleHorizon);
        Assert.InRange(alone.FirstReport, 1_000, 2_000);
        Assert.InRange(daily.FirstReport, perDay + perDay * 3 / 8, perDay + perDay * 3 / 8 + 10); // the second day's 09:00
        Assert.InRange(alone.Bursts, 20, int.MaxValue);
        Assert.InRange(daily.Bursts, 0, alone.Bursts / 10);
    }

    [Fact]
    public void A_one_sided_departure_does_not_teach_the_tails_threshold_but_a_variance_burst_does()
    {
        // 5,000 residuals of unit noise, then 300 either 2.5 below the expectation (a departure: every exceedance on
        // one side) or of noise 3 (a burst: both sides). Learning the departure, the threshold rose until its residuals
        // no longer exceeded it.
        static (double Before, double After, int Strong) Run(bool departure)
        {
            var random = new Random(21);
            var detector = new ResidualTailDetector();
            double before = 0;
            var strong = 0;
            for (var i = 0; i < 5_300; i++)
            {
                var noise = SeriesFactory.Gaussian(random);
                var residual = i < 5_000 ? noise : departure ? noise - 2.5 : 3 * noise;
                before = i == 4_999 ? detector.Snapshot().Tail.Threshold : before;
                detector.Update(residual, 1, out _, out var cluster);
                strong += i >= 5_000 && cluster <= 1e-5 ? 1 : 0;
            }

            return (before, detector.Snapshot().Tail.Threshold, strong);
        }

        var shift = Run(departure: true);
        var burst = Run(departure: false);
        Assert.InRange(shift.After / shift.Before, 0.8, 1.3); // 1.6 when it was learned
        Assert.InRange(burst.After / burst.Before, 1.5, double.PositiveInfinity);
        Assert.InRange(shift.Strong, 20, 300); // clusters at p <= 1e-5 during the departure: 3 when it was learned
    }

    [Fact]
    public void A_departure_is_one_sided_by_its_own_exceedances_whatever_came_just_before_it()
    {
        // The departure of the test above in 40 series, the residual just before it either noise or +5: an exceedance
        // of the other side. Judged by all the exceedances among the last 16, the departure was two-sided until that
        // one left them, and the threshold and the rate learned its first 16 samples at full weight: strong clusters
        // (p <= 1e-5) in the departure 817 with it against 1,869 without. Judged by its exceedances since the last one
        // on the other side, 1,533 against 1,942.
        static int Strong(bool oppositeBefore)
        {
            var strong = 0;
            for (var seed = 0; seed < 40; seed++)
            {
                var random = new Random(seed);
                var detector = new ResidualTailDetector();
                for (var i = 0; i < 5_300; i++)
                {
                    var noise = SeriesFactory.Gaussian(random);
                    var residual = i < 4_999 ? noise : i == 4_999 ? (oppositeBefore ? 5 : noise) : noise - 2.5;
                    detector.Update(residual, 1, out _, out var cluster);
                    strong += i >= 5_000 && cluster <= 1e-5 ? 1 : 0;
                }
            }

            return strong;
        }

        var with = Strong(oppositeBefore: true);
        var without = Strong(oppositeBefore: false);
        Assert.InRange(without, 1_700, 2_100);
        Assert.InRange(with, 0.7 * without, without);
    }

    [Fact]
    public void A_residual_tail_snapshot_from_before_the_nonzero_share_restores_with_every_residual_nonzero()
    {
        // Continuous residuals are all nonzero, so an old snapshot (the mean absolute residual alone) continues exactly.
        var random = new Random(9);
        var original = new ResidualTailDetector();
        for (var i = 0; i < 2_000; i++)
        {
            original.Update(SeriesFactory.Gaussian(random), 1, out _, out _);
        }

        var state = original.Snapshot();
        Assert.Equal(1.0, state.NonzeroShare);
        var old = new ResidualTailState
        {
            Tail = state.Tail, Scale = state.Scale, Count = state.Count, Hits = state.Hits, Trials = state.Trials,
            Exceedances = state.Exceedances,
        };
        var restored = ResidualTailDetector.Restore(old);
        Assert.Equal((1.0, 2_000L), (restored.Snapshot().NonzeroShare!.Value, restored.Snapshot().Nonzero!.Value));
        for (var i = 0; i < 2_000; i++)
        {
            var residual = SeriesFactory.Gaussian(random) + (i == 1_000 ? 8 : 0);
            original.Update(residual, 1, out var p1, out var c1);
            restored.Update(residual, 1, out var p2, out var c2);
            Assert.Equal((p1, c1), (p2, c2));
        }
    }
}
