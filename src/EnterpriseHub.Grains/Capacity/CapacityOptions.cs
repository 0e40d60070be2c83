using Microsoft.Extensions.Options;

namespace EnterpriseHub.Grains.Capacity;

/// <summary>Settings of capacity and performance intelligence (section <c>Capacity</c>).</summary>
public sealed class CapacityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Capacity";

    /// <summary>Recent points of a series the trend and percentiles are taken over.</summary>
    public const int TrendPoints = 120;

    /// <summary>Most forecast steps a <see cref="ScalingTarget.LeadSteps"/> may ask for (what a metric grain forecasts at most).</summary>
    public const int MaxLeadSteps = Metrics.MetricGrain.MaxForecastSteps;

    /// <summary>Default <see cref="RefreshInterval"/>.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>How far ahead time to exhaustion looks.</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How old the time-to-exhaustion list may get before a request has it worked out again (zero: every
    /// request). A new breach shows at most this late.</summary>
    public TimeSpan RefreshInterval { get; set; } = DefaultRefreshInterval;

    /// <summary>Benchmark targets per service, besides its SLOs: <c>Capacity:Benchmarks:checkout:0:Metric</c> ...</summary>
    public Dictionary<string, List<BenchmarkTarget>> Benchmarks { get; set; } = [];

    /// <summary>HPA targets per service: <c>Capacity:Scaling:checkout:Metric = cpu_utilization_percent</c>, <c>Target = 70</c>.</summary>
    public Dictionary<string, ScalingTarget> Scaling { get; set; } = [];
}

/// <summary>A benchmark target.</summary>
public sealed class BenchmarkTarget
{
    /// <summary>The metric.</summary>
    public string Metric { get; set; } = "";

    /// <summary>The target value.</summary>
    public double Target { get; set; }

    /// <summary>True for availability and throughput.</summary>
    public bool HigherIsBetter { get; set; }
}

/// <summary>What an HPA scales a service on.</summary>
public sealed class ScalingTarget
{
    /// <summary>The per-replica utilisation metric, e.g. <c>cpu_utilization_percent</c>.</summary>
    public string Metric { get; set; } = "cpu_utilization_percent";

    /// <summary>Its target, e.g. 70.</summary>
    public double Target { get; set; } = 70;

    /// <summary>The metric reporting the replica count.</summary>
    public string ReplicasMetric { get; set; } = "replicas";

    /// <summary>How far ahead predictive scale-out looks (forecast steps of the metric's sampling interval).</summary>
    public int LeadSteps { get; set; } = 30;
}

/// <summary>Rejects capacity settings that cannot work, naming each offending key (a zero HPA target would fail
/// every performance request of its service).</summary>
public sealed class CapacityOptionsValidator : IValidateOptions<CapacityOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CapacityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new SettingFailures();
        const string S = CapacityOptions.SectionName;
        failures.Require(options.Horizon > TimeSpan.Zero, $"{S}:Horizon must be positive, not {options.Horizon}.");
        failures.Require(options.RefreshInterval >= TimeSpan.Zero, $"{S}:RefreshInterval must not be negative, not {options.RefreshInterval}.");
        foreach (var (service, targets) in options.Benchmarks)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                failures.Require(!string.IsNullOrWhiteSpace(targets[i].Metric), $"{S}:Benchmarks:{service}:{i}:Metric must name a metric.");
                failures.Require(double.IsFinite(targets[i].Target), $"{S}:Benchmarks:{service}:{i}:Target must be a number, not {targets[i].Target}.");
            }
        }

        foreach (var (service, scaling) in options.Scaling)
        {
            var key = $"{S}:Scaling:{service}";
            failures.Require(!string.IsNullOrWhiteSpace(scaling.Metric), $"{key}:Metric must name a metric.");
            failures.Require(!string.IsNullOrWhiteSpace(scaling.ReplicasMetric), $"{key}:ReplicasMetric must name a metric.");
            failures.Require(scaling.Target > 0 && double.IsFinite(scaling.Target), $"{key}:Target must be positive, not {scaling.Target}.");
            failures.Require(scaling.LeadSteps is >= 0 and <= CapacityOptions.MaxLeadSteps,
                $"{key}:LeadSteps must be between 0 and {CapacityOptions.MaxLeadSteps}, not {scaling.LeadSteps}.");
        }

        return failures.Result;
    }
}
