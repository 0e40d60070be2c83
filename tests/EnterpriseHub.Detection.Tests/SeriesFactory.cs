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

    public static DateTimeOffset At(int i, int minutes = 1) => Start.AddMinutes((double)i * minutes);
}
