using BenchmarkDotNet.Attributes;
using EnterpriseHub.Detection.Baselines;
using EnterpriseHub.Detection.Ensemble;

namespace EnterpriseHub.Benchmarks.Detection;

/// <summary>Per-sample cost of the full ensemble and of the EWMA baseline (one operation = one sample).</summary>
[MemoryDiagnoser]
public class EnsembleBenchmarks
{
    private const int Samples = 4096;
    private readonly double[] _values = DailySeries.Create(Samples, seed: 1, spikes: true);
    private AnomalyDetectorEnsemble _ensemble = null!;
    private EwmaBaseline _ewma = null!;
    private long _t;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        _ensemble = new AnomalyDetectorEnsemble();
        _ewma = new EwmaBaseline(0.05);
        for (var i = 0; i < 3 * Samples; i++)
        {
            Next();
        }
    }

    private void Next()
    {
        _t += 300_000;
        _ensemble.Update(_t, _values[_i]);
        _i = (_i + 1) & (Samples - 1);
    }

    /// <summary>One sample through the full ensemble (warm, seasonal period detected).</summary>
    [Benchmark]
    public double EnsembleUpdate()
    {
        _t += 300_000;
        var r = _ensemble.Update(_t, _values[_i]);
        _i = (_i + 1) & (Samples - 1);
        return r.Score;
    }

    /// <summary>One sample through the EWMA mean/variance baseline.</summary>
    [Benchmark]
    public double EwmaUpdate()
    {
        _ewma.Update(_values[_i]);
        _i = (_i + 1) & (Samples - 1);
        return _ewma.Mean;
    }
}
