using BenchmarkDotNet.Attributes;
using EnterpriseHub.Detection.Forecasting;

namespace EnterpriseHub.Benchmarks.Detection;

/// <summary>Cost of the seasonal forecaster: one sample learned, and a forecast of a day of 5-minute samples.</summary>
[MemoryDiagnoser]
public class ForecasterBenchmarks
{
    private const int Samples = 4096;
    private readonly double[] _values = DailySeries.Create(Samples, seed: 1, spikes: true);
    private SeasonalForecaster _forecaster = null!;
    private long _t;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        _forecaster = new SeasonalForecaster();
        for (var i = 0; i < 3 * Samples; i++)
        {
            ForecasterUpdate();
        }
    }

    /// <summary>One sample learned (warm, seasonal period detected).</summary>
    [Benchmark]
    public double ForecasterUpdate()
    {
        _t += 300_000;
        _forecaster.Update(_t, _values[_i]);
        _i = (_i + 1) & (Samples - 1);
        return _forecaster.Trend;
    }

    /// <summary>A forecast 288 steps ahead (a day of 5-minute samples) with 80% intervals.</summary>
    [Benchmark]
    public int ForecastDay() => _forecaster.Forecast(288, 0.8).Count;
}
