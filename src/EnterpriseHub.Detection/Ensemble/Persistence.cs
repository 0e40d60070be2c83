namespace EnterpriseHub.Detection.Ensemble;

/// <summary>
/// The k-of-n persistence rule of the ensemble: an anomaly too weak to alert on one sample alerts when it lasts.
/// </summary>
/// <remarks>
/// <para>A sample is a hit when its evidence (the smallest weighted p-value of the strong tests) is at most a
/// per-sample level a, and the rule fires on a hit that makes k hits among the last n samples. Among independent
/// samples that happens with probability a x P(Binomial(n - 1, a) &gt;= k - 1) per sample, so a is chosen to make
/// that the alert level: the rule is as calibrated as a single sample at the alert level, and the two together
/// alert at most twice as often on clean data. For 2 of 3 at medium (1e-5) a is about 2.2e-3.</para>
/// <para>Samples whose extremes cluster (a random walk judged against a rolling median) fire it more often than
/// that, because their hits are not independent. On the clean series of <c>FalseAlarmTests</c> 2 of 3 raised the
/// random walk from 1 to 6 alerts per 400,000 samples at medium and left the other kinds within one alert of
/// where they were.</para>
/// </remarks>
public static class Persistence
{
    /// <summary>
    /// The per-sample level a at which k of the last n samples, the newest among them, reach it with probability
    /// <paramref name="alertLevel"/> among independent samples: a x P(Binomial(n - 1, a) &gt;= k - 1) = alertLevel.
    /// </summary>
    public static double Level(double alertLevel, int hits, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hits, window);
        if (!(alertLevel > 0 && alertLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alertLevel), alertLevel, "The alert level must be a probability strictly between 0 and 1.");
        }

        // The left side grows with a (from 0 at 0 to 1 at 1), so bisection finds the root to double precision.
        double lo = 0, hi = 1;
        for (var i = 0; i < 200 && hi - lo > 1e-15 * hi; i++)
        {
            var a = 0.5 * (lo + hi);
            if (a * BinomialTail(window - 1, hits - 1, a) > alertLevel)
            {
                hi = a;
            }
            else
            {
                lo = a;
            }
        }

        return lo;
    }

    /// <summary>P(Binomial(<paramref name="trials"/>, <paramref name="p"/>) &gt;= <paramref name="atLeast"/>).</summary>
    internal static double BinomialTail(int trials, int atLeast, double p)
    {
        var tail = 0.0;
        var choose = 1.0;
        for (var j = 0; j <= trials; j++)
        {
            if (j >= atLeast)
            {
                tail += choose * Math.Pow(p, j) * Math.Pow(1 - p, trials - j);
            }

            choose = choose * (trials - j) / (j + 1);
        }

        return tail;
    }

    /// <summary>Whether the newest sample, a hit, makes <paramref name="hits"/> hits among the last
    /// <paramref name="window"/> samples of <paramref name="history"/> (newest in bit 0).</summary>
    internal static bool Fires(ulong history, int hits, int window) =>
        (history & 1) != 0 && System.Numerics.BitOperations.PopCount(history & ((1UL << window) - 1)) >= hits;
}
