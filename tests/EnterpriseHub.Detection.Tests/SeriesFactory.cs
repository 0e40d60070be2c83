namespace EnterpriseHub.Detection.Tests;

/// <summary>Deterministic synthetic series for known-answer tests.</summary>
internal static class SeriesFactory
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Standard normal deviate (Box-Muller) from a seeded generator.</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Student t with 3 degrees of freedom: a Gaussian over the root of a scaled chi-square (heavy tails, gamma = 1/3).</summary>
    public static double StudentT3(Random random)
    {
        var z = Gaussian(random);
        var chi = 0.0;
        for (var i = 0; i < 3; i++)
        {
            var g = Gaussian(random);
            chi += g * g;
        }

        return z / Math.Sqrt(chi / 3);
    }

    /// <summary>Laplace deviate with unit variance (inverse CDF).</summary>
    public static double Laplace(Random random)
    {
        var u = random.NextDouble() - 0.5;
        return -Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u)) / Math.Sqrt(2);
    }

    /// <summary>Poisson deviate with mean <paramref name="mean"/> (Knuth's product of uniforms; for small means).</summary>
    public static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            k++;
        }

        return k;
    }

    public static double[] Seasonal(int length, int period, double amplitude, double noise, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = 100 + amplitude * Math.Sin(2 * Math.PI * i / period) + noise * Gaussian(random);
        }

        return values;
    }

    /// <summary>Whether <paramref name="step"/> falls in business hours, 09:00 to 18:00, of a day of
    /// <paramref name="perDay"/> samples starting at step 0.</summary>
    public static bool IsBusinessHour(long step, long perDay)
    {
        var phase = step % perDay;
        return phase >= perDay * 3 / 8 && phase < perDay * 3 / 4;
    }

    /// <summary>
    /// Traffic over <paramref name="weeks"/> weeks from Monday <see cref="Start"/>, <paramref name="perDay"/> samples a
    /// day (half-hourly by default): 100 at night and a hump of 60 from 06:00 to 20:00, whose height on Saturdays,
    /// Sundays and day <paramref name="holiday"/> (when not negative) is <paramref name="weekendShare"/> of that;
    /// Gaussian noise of 5.
    /// </summary>
    public static double[] WeeklyTraffic(int weeks, double weekendShare, int holiday, int seed, int perDay = 48)
    {
        var random = new Random(seed);
        var values = new double[weeks * 7 * perDay];
        for (var i = 0; i < values.Length; i++)
        {
            var day = i / perDay;
            var hour = i % perDay * 24.0 / perDay;
            var quiet = day % 7 >= 5 || day == holiday;
            values[i] = 100 + (quiet ? weekendShare : 1) * 60 * Math.Max(0, Math.Sin(Math.PI * (hour - 6) / 14)) + 5 * Gaussian(random);
        }

        return values;
    }

    /// <summary>
    /// Business hours sampled every minute for <paramref name="days"/> days from Monday <see cref="Start"/>: 80 +- 5 from
    /// 09:00 to 18:00 local time, in a zone <paramref name="zoneHours"/> from UTC, on the local days (0 the first local
    /// Monday) that <paramref name="open"/> allows, and 20 +- 1.5 otherwise.
    /// </summary>
    public static double[] BusinessMinutes(int days, int zoneHours, Func<int, bool> open, int seed)
    {
        var random = new Random(seed);
        var values = new double[days * 1440];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = IsOpen(i, zoneHours, open) ? 80 + 5 * Gaussian(random) : 20 + 1.5 * Gaussian(random);
        }

        return values;
    }

    /// <summary>Whether minute <paramref name="i"/> from <see cref="Start"/> is in business hours (<see cref="IsBusinessHour"/>)
    /// of a local day, in a zone <paramref name="zoneHours"/> from UTC, that <paramref name="open"/> allows.</summary>
    public static bool IsOpen(long i, int zoneHours, Func<int, bool> open)
    {
        var day = LocalDay(i, zoneHours);
        return IsBusinessHour(i + zoneHours * 60L - day * 1440L, 1440) && open(day);
    }

    /// <summary>The local day (0 the first local Monday) of minute <paramref name="i"/> in a zone <paramref name="zoneHours"/> from UTC.</summary>
    public static int LocalDay(long i, int zoneHours) => (int)Math.Floor((i + zoneHours * 60L) / 1440.0);

    public static DateTimeOffset At(int i, int minutes = 1) => Start.AddMinutes((double)i * minutes);

    /// <summary>
    /// The alerts a default ensemble raises over <paramref name="series"/> series (seeds 0 on), each of
    /// <paramref name="samples"/> samples <paramref name="seconds"/> apart from <see cref="Start"/> whose values
    /// <paramref name="value"/> draws (from the series' <see cref="Random"/>, at a sample's index), counted at the
    /// samples <paramref name="counts"/> allows; <paramref name="after"/> sees each series' ensemble at its end.
    /// </summary>
    public static int Alerts(int series, long samples, int seconds, Func<Random, long, double> value, Func<long, bool> counts, Action<Ensemble.AnomalyDetectorEnsemble>? after = null)
    {
        var alerts = 0;
        for (var seed = 0; seed < series; seed++)
        {
            var random = new Random(seed);
            var ensemble = new Ensemble.AnomalyDetectorEnsemble();
            for (var i = 0L; i < samples; i++)
            {
                alerts += ensemble.Update(Start.AddSeconds((double)seconds * i), value(random, i)).IsAnomaly && counts(i) ? 1 : 0;
            }

            after?.Invoke(ensemble);
        }

        return alerts;
    }
}
