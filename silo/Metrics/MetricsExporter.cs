namespace EnterpriseHub.Silo.Metrics;

/// <summary>Renders every registered <see cref="IMetricsContributor"/> for <c>/metrics</c>.</summary>
public sealed class MetricsExporter(IEnumerable<IMetricsContributor> contributors)
{
    /// <summary>The whole exposition text.</summary>
    public string Render()
    {
        var writer = new PrometheusTextWriter();
        foreach (var contributor in contributors)
        {
            contributor.Write(writer);
        }

        return writer.ToString();
    }
}
