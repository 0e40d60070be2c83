namespace EnterpriseHub.Benchmarks.Detection;

/// <summary>The detection benchmarks' series: a daily cycle at 5-minute resolution (288 samples) with noise.</summary>
internal static class DailySeries
{
    /// <summary><paramref name="samples"/> values of the cycle (amplitude 20 around 100) with uniform noise of width 4,
    /// and, with <paramref name="spikes"/>, a spike of 50 every 997 samples, so that every component is active.</summary>
    public static double[] Create(int samples, int seed, bool spikes)
    {
        var random = new Random(seed);
        var values = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            values[i] = 100 + 20 * Math.Sin(2 * Math.PI * i / 288) + random.NextDouble() * 4 + (spikes && i % 997 == 0 ? 50 : 0);
        }

        return values;
    }
}
