using EnterpriseHub.Detection.Ensemble;
using Xunit;

namespace EnterpriseHub.Detection.Tests;

/// <summary>Seasons with edges sharper than a bucket (<see cref="AnomalyDetectorEnsemble.EdgeBands"/>).</summary>
public sealed class SeasonalEdgeTests
{
    private const int PerDay = 1440;

    /// <summary>
    /// A daily sawtooth in minute data, as a counter that is reset at midnight: 0 to 100 over the day, noise 2. On
    /// <paramref name="missedReset"/>, if any, the midnight reset does not happen and the count goes on to 200.
    /// </summary>
    private static double[] Sawtooth(int seed, int days, int missedReset = -1)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable.Range(0, days * PerDay).Select(i =>
            {
                var minute = i % PerDay;
                var position = i / PerDay == missedReset ? minute + PerDay : minute;
                return 100.0 * position / PerDay + 2 * SeriesFactory.Gaussian(random);
            }),
        ];
    }

    private static List<int> Alerts(double[] values)
    {
        var ensemble = new AnomalyDetectorEnsemble();
        var alerts = new List<int>();
        for (var i = 0; i < values.Length; i++)
        {
            if (ensemble.Update(SeriesFactory.At(i), values[i]).IsAnomaly)
            {
                alerts.Add(i);
            }
        }

        return alerts;
    }

    [Fact]
    public void A_daily_reset_raises_no_alert_once_the_day_is_known()
    {
        // The interpolation between bucket centres ramps across the reset, and the level, learning from that ramp,
        // fell after each one: these series alerted just after midnight on most days (values near 0 against an
        // expectation near 50), 41 times in all. What is left is the noise's own tail (4.9 deviations near the top).
        var total = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var known = Alerts(Sawtooth(seed, 8)).Where(i => i >= 3 * PerDay).ToList();
            Assert.DoesNotContain(known, i => i % PerDay < 60);
            total += known.Count;
        }

        Assert.InRange(total, 0, 3);
    }

    [Fact]
    public void A_reset_that_does_not_happen_is_found_within_half_an_hour()
    {
        // At the reset the value may be at either bucket's level, so a value of 100 just after midnight is no
        // departure: the missed reset is found once the expectation has left the edge.
        for (var seed = 1; seed <= 10; seed++)
        {
            var alerts = Alerts(Sawtooth(seed, 8, missedReset: 6)).Where(i => i >= 6 * PerDay).ToList();
            Assert.NotEmpty(alerts);
            Assert.InRange(alerts[0], 6 * PerDay, 6 * PerDay + 30);
        }
    }
}
