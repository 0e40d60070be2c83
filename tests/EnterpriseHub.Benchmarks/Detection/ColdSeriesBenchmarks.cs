using BenchmarkDotNet.Attributes;
using EnterpriseHub.Detection.Ensemble;

namespace EnterpriseHub.Benchmarks.Detection;

/// <summary>
/// Per-sample cost with a cold cache, which is what a silo with many series sees: 20,000 warm ensembles (about
/// 80 MB of state, far beyond any cache) updated round-robin, one sample each per round. One operation = one sample.
/// Every update then pays for each distinct cache line of the series' state it touches, so this figure tracks the
/// layout (objects, arrays, their headers) as much as the arithmetic.
/// </summary>
[MemoryDiagnoser]
public class ColdSeriesBenchmarks
{
    private const int Series = 20_000;
    private readonly double[] _noise = new double[8192];
    private AnomalyDetectorEnsemble[] _ensembles = null!;
    private long _t = 1_700_000_000_000;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        for (var i = 0; i < _noise.Length; i++)
        {
            // Box-Muller: N(100, 3).
            var u1 = 1.0 - random.NextDouble();
            _noise[i] = 100 + 3 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        _ensembles = new AnomalyDetectorEnsemble[Series];
        for (var k = 0; k < Series; k++)
        {
            _ensembles[k] = new AnomalyDetectorEnsemble();
        }

        // Past the warm-up, so every component is active.
        for (var round = 0; round < 300; round++)
        {
            Round();
        }
    }

    private double Round()
    {
        _t += 60_000;
        var sum = 0.0;
        foreach (var ensemble in _ensembles)
        {
            sum += ensemble.Update(_t, _noise[_i++ & 8191]).Score;
        }

        return sum;
    }

    /// <summary>One round over all series (reported per sample).</summary>
    [Benchmark(OperationsPerInvoke = Series)]
    public double RoundRobinUpdate() => Round();
}
