using BenchmarkDotNet.Attributes;
using EnterpriseHub.Detection.Ensemble;

namespace EnterpriseHub.Benchmarks.Detection;

/// <summary>
/// Memory per series: the allocated bytes of creating one ensemble and feeding it until every component is
/// active. The per-sample path allocates nothing and a period refinement reuses the seasonal buckets, so the
/// MemoryDiagnoser's "Allocated" column is the heap footprint of one series' state (budget: 4 KB).
/// </summary>
[MemoryDiagnoser]
public class SeriesStateBenchmarks
{
    private readonly double[] _values = DailySeries.Create(2048, seed: 2, spikes: false);

    /// <summary>A new series fed 2,048 samples (period found, all detectors warm).</summary>
    [Benchmark]
    public AnomalyDetectorEnsemble NewSeriesState()
    {
        var ensemble = new AnomalyDetectorEnsemble();
        long t = 0;
        foreach (var v in _values)
        {
            t += 300_000;
            ensemble.Update(t, v);
        }

        return ensemble;
    }
}
