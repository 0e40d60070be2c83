using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>
/// Anomalies an operator must hear about, at the default (medium) sensitivity, over 20 seeds each: 2,000 minutes of
/// N(100, 1) (or three days of a noisy daily cycle), then the anomaly. Each case states how many seeds must alert
/// and how soon, and no seed may alert before the anomaly.
/// </summary>
public sealed class KnownAnomalyTests
{
    private const int Seeds = 20;
    private const int Onset = 2000;

    private static double[] Series(string kind, int seed, out int onset)
    {
        var random = new Random(1000 + seed);
        if (kind == "seasonal-phase")
        {
            // The daily cycle (amplitude 20, noise sd 2) jumps six hours ahead at the top of the fourth day's cycle:
            // from its peak (120) straight to its mean (100), ten noise sd off the seasonal expectation.
            onset = 3 * 1440 + 360;
            var cycle = new double[4 * 1440];
            for (var i = 0; i < cycle.Length; i++)
            {
                var phase = i >= onset ? i + 360 : i;
                cycle[i] = 100 + 20 * Math.Sin(2 * Math.PI * phase / 1440) + 2 * SeriesFactory.Gaussian(random);
            }

            return cycle;
        }

        onset = Onset;
        var values = new double[Onset + 100];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 100 + SeriesFactory.Gaussian(random);
        }

        switch (kind)
        {
            case "level-shift-6sd":
                for (var i = Onset; i < values.Length; i++)
                {
                    values[i] += 6;
                }

                break;
            case "spike-8sd":
                values[Onset] = 108;
                break;
            case "spike-6sd":
                values[Onset] = 106;
                break;
            case "variance-burst-4x":
                for (var i = Onset; i < Onset + 30; i++)
                {
                    values[i] = 100 + 4 * (values[i] - 100);
                }

                break;
            case "flatline-60":
                for (var i = Onset; i < Onset + 60; i++)
                {
                    values[i] = values[Onset - 1];
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        return values;
    }

    [Theory]
    [InlineData("level-shift-6sd", 18, 12)]
    [InlineData("spike-8sd", 19, 0)]
    [InlineData("spike-6sd", 13, 0)] // 9 with the tail's shape at 0 at the least (PeaksOverThreshold.MinShape)
    [InlineData("variance-burst-4x", 15, 29)]
    [InlineData("flatline-60", 20, 2)]
    [InlineData("seasonal-phase", 20, 1)]
    public void An_anomaly_is_detected_soon_after_its_onset(string kind, int minimumDetected, int maximumDelay)
    {
        var detected = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            var values = Series(kind, seed, out var onset);
            var ensemble = new AnomalyDetectorEnsemble();
            var delay = -1;
            for (var i = 0; i < values.Length && delay < 0; i++)
            {
                var r = ensemble.Update(SeriesFactory.At(i), values[i]);
                Assert.False(r.IsAnomaly && i < onset, $"{kind} seed {seed}: false alarm at {i}");
                if (r.IsAnomaly)
                {
                    delay = i - onset;
                }
            }

            detected += delay >= 0 && delay <= maximumDelay ? 1 : 0;
        }

        Assert.True(detected >= minimumDetected, $"{kind}: {detected}/{Seeds} detected within {maximumDelay} samples");
    }
}
