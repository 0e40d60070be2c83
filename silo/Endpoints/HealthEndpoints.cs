using EnterpriseHub.Silo.Metrics;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>Liveness, readiness and the Prometheus scrape endpoint.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps <c>/health/live</c> (the process answers) and <c>/health/ready</c> (runtime and storage work).</summary>
    public static IEndpointRouteBuilder MapSiloHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return endpoints;
    }

    /// <summary>Maps <c>/metrics</c> in Prometheus text format.</summary>
    public static IEndpointRouteBuilder MapSiloMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (MetricsExporter exporter) => Results.Text(exporter.Render(), PrometheusTextWriter.ContentType))
            .RequireAuthorization(SiloPolicies.Viewer)
            .ExcludeFromDescription();
        return endpoints;
    }
}
