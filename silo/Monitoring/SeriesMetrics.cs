using EnterpriseHub.Silo.Metrics;

namespace EnterpriseHub.Silo.Monitoring;

/// <summary>Series per service for <c>/metrics</c>.</summary>
public sealed class SeriesMetrics(SeriesIndex index) : IMetricsContributor
{
    /// <inheritdoc />
    public void Write(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Family("ehub_series", "gauge", "Series known, per service.");
        foreach (var (service, count) in index.PerService.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Sample("ehub_series", count, ("service", service));
        }
    }
}
