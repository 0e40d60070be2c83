using System.Globalization;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Detection;

namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>
/// Maps OTLP data points to series (the mapping is documented in the library's README):
/// gauge and sum points → one series each; histogram and exponential histogram points → <c>name_count</c>,
/// <c>name_sum</c> and <c>name{quantile="0.5|0.9|0.99"}</c> (a cumulative point's quantiles are those of its
/// increase since the series' previous point, <see cref="CumulativeHistograms"/>, and its first point gives none);
/// summary points → <c>name_count</c>, <c>name_sum</c> and
/// the quantiles they carry. Service = resource attribute <c>service.name</c>; <c>service.instance.id</c> becomes
/// label <c>instance</c> unless the point has its own; point attributes become labels. Points flagged
/// no-recorded-value are skipped as stale; points without a finite value or a timestamp, or with buckets that do not
/// fit their bounds, are rejected and reported in the response's partial success.
/// </summary>
internal sealed class OtlpSeriesMapper(IngestionOptions options, SeriesBatchBuilder batch, CumulativeHistograms histograms)
{
    private readonly List<QuantileEstimator.Bucket> _buckets = [];
    private readonly List<Label> _labels = [];
    private string? _service;
    private string? _instance;
    private int _resourceIndex;

    /// <summary>Data points rejected (reported as partial success).</summary>
    public long RejectedDataPoints { get; private set; }

    /// <summary>Why the first rejected point was rejected.</summary>
    public string? FirstRejection { get; private set; }

    /// <summary>The resource the next points belong to.</summary>
    public void SetResource(int resourceIndex, string? serviceName, string? instanceId)
    {
        _resourceIndex = resourceIndex;
        _service = string.IsNullOrEmpty(serviceName) ? null : serviceName;
        _instance = string.IsNullOrEmpty(instanceId) ? null : instanceId;
    }

    /// <summary>Maps one point of <paramref name="metric"/>.</summary>
    public void Append(OtlpMetric metric, OtlpDataPoint point)
    {
        if (_service is null)
        {
            throw new IngestValidationException("resource.attributes.service.name",
                $"resourceMetrics {_resourceIndex}: the resource has no 'service.name' attribute, so metric '{SeriesRules.Shorten(metric.Name)}' names no service.");
        }

        if (metric.Name.Length == 0)
        {
            throw new IngestValidationException("name", $"resourceMetrics {_resourceIndex}: a metric has no name.");
        }

        if ((point.Flags & OtlpDataPoint.FlagNoRecordedValue) != 0)
        {
            batch.SkipStale();
            return;
        }

        if (point.TimeUnixNano == 0)
        {
            Reject(metric, "has no timeUnixNano");
            return;
        }

        var timestamp = (long)(point.TimeUnixNano / 1_000_000);
        var name = PrometheusNaming.MetricName(metric);
        switch (metric.Kind)
        {
            case OtlpMetricKind.Gauge:
            case OtlpMetricKind.Sum:
                if (!point.HasValue || !SampleValues.IsSupported(point.Value))
                {
                    Reject(metric, point.HasValue ? "has a value that is not " + SampleValues.Requirement : "has neither asDouble nor asInt");
                    return;
                }

                batch.Add(Key(metric, point, name, null), timestamp, point.Value);
                break;

            case OtlpMetricKind.Histogram:
                if (point.BucketCounts.Count > 0 && !QuantileEstimator.TryExplicitBuckets(point, _buckets))
                {
                    Reject(metric, "has bucketCounts that do not fit its explicitBounds");
                    return;
                }

                if (point.BucketCounts.Count == 0)
                {
                    _buckets.Clear();
                }
                else if (metric.Temporality == OtlpMetric.TemporalityCumulative)
                {
                    // The quantiles are the interval's, from the buckets' increase since the series' previous point. A
                    // first point (or one after a restart) is only the base: its count and sum, no quantiles.
                    histograms.ToExplicitIncrease(Key(metric, point, name, null), point, _buckets);
                }

                AppendDistribution(metric, name, point, timestamp, estimate: true);
                break;

            case OtlpMetricKind.ExponentialHistogram:
                if (metric.Temporality == OtlpMetric.TemporalityCumulative)
                {
                    // As with explicit buckets: the interval's increase, and no buckets for a base.
                    histograms.ToExponentialIncrease(Key(metric, point, name, null), point, _buckets);
                }
                else
                {
                    QuantileEstimator.ExponentialBuckets(point, _buckets);
                }

                AppendDistribution(metric, name, point, timestamp, estimate: true);
                break;

            case OtlpMetricKind.Summary:
                AppendDistribution(metric, name, point, timestamp, estimate: false);
                break;
        }
    }

    private void AppendDistribution(OtlpMetric metric, string name, OtlpDataPoint point, long timestamp, bool estimate)
    {
        batch.Add(Key(metric, point, name + "_count", null), timestamp, point.Count);
        if (point.HasSum)
        {
            AddSupported(Key(metric, point, name + "_sum", null), timestamp, point.Sum);
        }

        if (estimate)
        {
            if (point.Count == 0 || _buckets.Count == 0)
            {
                return;
            }

            foreach (var q in QuantileEstimator.HistogramQuantiles)
            {
                var value = QuantileEstimator.Estimate(_buckets, q);
                if (!double.IsNaN(value))
                {
                    AddSupported(Key(metric, point, name, q), timestamp, QuantileEstimator.Clamp(point, value));
                }
            }
        }
        else
        {
            foreach (var (q, value) in point.Quantiles)
            {
                AddSupported(Key(metric, point, name, q), timestamp, value);
            }
        }
    }

    /// <summary>Adds the sample when its value is one the engine accepts (<see cref="SampleValues"/>), else counts it skipped.</summary>
    private void AddSupported(SeriesKey key, long timestamp, double value)
    {
        if (SampleValues.IsSupported(value))
        {
            batch.Add(key, timestamp, value);
        }
        else
        {
            batch.SkipNonFinite();
        }
    }

    private SeriesKey Key(OtlpMetric metric, OtlpDataPoint point, string name, double? quantile)
    {
        _labels.Clear();
        var hasInstance = false;
        foreach (var (key, value) in point.Attributes)
        {
            var label = PrometheusNaming.LabelName(key);
            if (label is null || value.Length == 0)
            {
                continue;
            }

            hasInstance |= label == "instance";
            var existing = -1;
            for (var i = 0; i < _labels.Count; i++)
            {
                if (_labels[i].Name == label)
                {
                    existing = i;
                    break;
                }
            }

            if (existing >= 0)
            {
                // Keys that differ only in characters Prometheus cannot carry ("a.b", "a_b") share a label; join.
                _labels[existing] = new Label(label, $"{_labels[existing].Value};{value}");
            }
            else
            {
                _labels.Add(new Label(label, value));
            }
        }

        if (!hasInstance && _instance is not null)
        {
            _labels.Add(new Label("instance", _instance));
        }

        if (quantile is { } q)
        {
            _labels.Add(new Label("quantile", q.ToString("R", CultureInfo.InvariantCulture)));
        }

        var series = $"{_service}:{SeriesRules.Describe(name, _labels)}";
        return SeriesRules.Build(_service!, name, [.. _labels], options, $"resourceMetrics {_resourceIndex}, metric '{SeriesRules.Shorten(metric.Name)}': ", series);
    }

    private void Reject(OtlpMetric metric, string why)
    {
        RejectedDataPoints++;
        batch.SkipNonFinite();
        FirstRejection ??= $"metric '{SeriesRules.Shorten(metric.Name)}': a data point {why}";
    }
}
