using System.Globalization;
using EnterpriseHub.Abstractions.Capacity;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Costs.Performance;
using EnterpriseHub.Costs.Scaling;
using EnterpriseHub.Grains.Monitoring;

namespace EnterpriseHub.Grains.Capacity;

/// <summary>Scores a service against its SLO thresholds and benchmark targets, explains misses with recommended
/// actions, and gives HPA and predictive scaling advice.</summary>
public static class PerformanceAdvisor
{
    /// <summary>The targets of a service: each SLO's threshold, then the configured benchmarks.</summary>
    public static IReadOnlyList<(PerformanceTarget Target, string Source)> Targets(ServiceCatalogEntry entry, IEnumerable<BenchmarkTarget> benchmarks)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(benchmarks);
        return [.. entry.Slos.Select(s => (new PerformanceTarget(s.Metric, s.Threshold, s.LowerIsBad), "slo")),
                .. benchmarks.Select(b => (new PerformanceTarget(b.Metric, b.Target, b.HigherIsBetter), "benchmark"))];
    }

    /// <summary>Builds the view from the series of the metrics involved (keyed by metric).</summary>
    public static PerformanceView Evaluate(string service, IReadOnlyList<(PerformanceTarget Target, string Source)> targets, IReadOnlyDictionary<string, SeriesView> series,
        RecommendedActionsCatalog actions, ScalingTarget? scaling, ICostEstimator? costs)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(actions);
        var views = new List<TargetView>();
        var scores = new List<TargetScore>();
        var insights = new List<PerformanceInsight>();
        foreach (var (target, source) in targets)
        {
            if (!series.TryGetValue(target.Metric, out var view) || view.Points.Count == 0)
            {
                views.Add(new TargetView(target.Metric, target.Target, target.HigherIsBetter, null, null, source));
                continue;
            }

            // The tail that matters: p95 when lower is better, p5 when higher is better.
            var observed = Percentile.Of(view.Points.Select(p => p.Value), target.HigherIsBetter ? 0.05 : 0.95);
            var score = PerformanceScore.Score(target, observed);
            scores.Add(score);
            views.Add(new TargetView(target.Metric, target.Target, target.HigherIsBetter, Math.Round(observed, 6), Math.Round(score.Score, 4), source));
            if (!score.Met)
            {
                var word = target.HigherIsBetter ? "below" : "above";
                insights.Add(new PerformanceInsight(target.Metric,
                    string.Create(CultureInfo.InvariantCulture, $"{target.Metric} is {observed:0.###} ({(target.HigherIsBetter ? "p5" : "p95")}), {word} its {source} target of {target.Target:0.###}; score {score.Score:0.#}"),
                    actions.For(MetricKinds.Classify(target.Metric))));
            }
        }

        return new PerformanceView
        {
            Service = service,
            Score = Math.Round(PerformanceScore.Overall(scores), 4),
            Targets = views,
            Insights = insights,
            Scaling = scaling is null ? null : Scale(service, scaling, series, costs),
        };
    }

    private static ScalingAdvice? Scale(string service, ScalingTarget scaling, IReadOnlyDictionary<string, SeriesView> series, ICostEstimator? costs)
    {
        if (!series.TryGetValue(scaling.Metric, out var metric) || !series.TryGetValue(scaling.ReplicasMetric, out var replicas)
            || metric.LastValue is not { } value || replicas.LastValue is not { } count)
        {
            return null;
        }

        var current = (int)Math.Round(count);
        var now = metric.LastTimestamp ?? DateTimeOffset.UnixEpoch;
        // Stabilisation: each recent point is a past recommendation (at the current replica count).
        var history = metric.Points.Select(p => (p.Timestamp, HorizontalPodAutoscaler.Desired(current, p.Value, scaling.Target)));
        var desired = HorizontalPodAutoscaler.Stabilise(current, HorizontalPodAutoscaler.Desired(current, value, scaling.Target), history, now, HorizontalPodAutoscaler.DefaultScaleDownStabilisation);
        double? peak = metric.Forecast.Count == 0 ? null : metric.Forecast.Take(scaling.LeadSteps).Max(f => f.Value);
        int? predictive = peak is { } p ? HorizontalPodAutoscaler.Desired(current, p, scaling.Target) : null;
        var goal = Math.Max(desired, predictive ?? desired);
        var delta = costs?.HourlyDelta(service, current, goal) ?? 0;
        return new ScalingAdvice(scaling.Metric, scaling.Target, current, value, desired, peak is null ? null : Math.Round(peak.Value, 6), predictive, Math.Round(delta, 6));
    }
}
