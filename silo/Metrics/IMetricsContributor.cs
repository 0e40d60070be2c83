namespace EnterpriseHub.Silo.Metrics;

/// <summary>A component's metric families for <c>/metrics</c>. Register each with
/// <c>services.AddSingleton&lt;IMetricsContributor, ...&gt;()</c>; the exporter writes them in registration order.</summary>
public interface IMetricsContributor
{
    /// <summary>Writes the component's families.</summary>
    void Write(PrometheusTextWriter writer);
}
