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
    /// <summary>Samples among which two reports of novelty make a pair (<see cref="NoveltyLevel"/>).</summary>
    public const int NoveltyWindow = 4;

    /// <summary>Multiple of the alert level whose square root is <see cref="NoveltyLevel"/>.</summary>
    public const double NoveltyShare = 2.5;

    /// <summary>
    /// The level at which two reports of novelty (records of values or residuals, a context never seen: any evidence
    /// the ensemble reports below the alert level) among the last <see cref="NoveltyWindow"/> samples alert together:
    /// the square root of <see cref="NoveltyShare"/> times <paramref name="alertLevel"/>, 5e-3 at medium, 1.6e-3 at
    /// low, 1.6e-2 at high (at most 1).
    /// </summary>
    /// <remarks>
    /// <para>One record or new context a little short of the alert level is what noise produces now and then; a second
    /// one within a few samples is what a value that leaves its range and keeps going produces (an hourly temperature
    /// falling past every low it had). Two independent reports at level L in a window of 4 happen with probability
    /// about 3 L^2 per sample, so the level is the square root of a multiple of the alert level, which keeps pairs as
    /// rare relative to the alert level at every sensitivity. The multiple is measured: novelty's p-values are
    /// conservative (records are rare by construction; on clean Gaussian noise reports at p up to 1e-2 come once in
    /// 2,000 samples, not once in 100), and 2.5 is the largest that leaves Student t3 noise and a trend as they were
    /// on long clean series (20 series of 20,000 samples) at medium.</para>
    /// <para>On the NAB development subset (five-grid mean of optimised / own alerts): medium 78.50 / 54.84 -> 78.42 /
    /// 58.08, high 77.56 / 59.84 -> 77.38 / 61.28, low 77.64 / 45.22 -> 77.58 / 45.18: both windows of
    /// ambient_temperature_system_failure (each a run of new hourly lows or highs whose records score p 3e-3 to
    /// 6e-3). Clean series per 400,000 samples at medium (Gaussian, Student t3, Laplace, random walk, trend): 200 x
    /// 2,000 samples 0, 7, 4, 10, 0 -> 0, 7, 4, 10, 1; 20 x 20,000 samples 1, 11, 4, 54, 1 -> 1, 11, 4, 62, 1.
    /// A multiple of 10 (1e-2 at medium) found the first window of Twitter_volume_FB too (59.68, high 64.62), at 1, 19,
    /// 4, 73, 7 on the long series; 5 gave 58.08 with 1, 11, 4, 65, 3. A window of 3 found one window fewer.</para>
    /// </remarks>
    public static double NoveltyLevel(double alertLevel) => Math.Min(Math.Sqrt(NoveltyShare * alertLevel), 1);

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

    /// <summary>A hit history (newest in bit 0) after <paramref name="elapsed"/> sampling intervals, the newest sample
    /// a <paramref name="hit"/> or not: a gap counts as samples without hits.</summary>
    internal static ulong Push(ulong history, int elapsed, bool hit) =>
        (elapsed >= 64 ? 0 : history << elapsed) | (hit ? 1UL : 0UL);

    /// <summary>Whether the newest sample, a hit, makes <paramref name="hits"/> hits among the last
    /// <paramref name="window"/> samples of <paramref name="history"/> (newest in bit 0).</summary>
    internal static bool Fires(ulong history, int hits, int window) =>
        (history & 1) != 0 && System.Numerics.BitOperations.PopCount(history & ((1UL << window) - 1)) >= hits;
}
