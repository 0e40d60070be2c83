using EnterpriseHub.Abstractions.Capacity;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Grains.Capacity;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Runtime;
using EnterpriseHub.Silo.Capacity;
using EnterpriseHub.Silo.Monitoring;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>Capacity: time to exhaustion per utilisation series (<c>/api/v1/capacity</c>) and a service's performance
/// against its targets with scaling advice (<c>/api/v1/services/{name}/performance</c>).</summary>
public static class CapacityEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapCapacity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/capacity", Exhaustion).WithTags("Capacity").RequireAuthorization(SiloPolicies.Viewer);
        endpoints.MapGet("/api/v1/services/{name}/performance", Performance).WithTags("Capacity").RequireAuthorization(SiloPolicies.Viewer);
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<ExhaustionView>>> Exhaustion(ExhaustionBoard board, string? service = null) =>
        TypedResults.Ok(await board.ForAsync(service).ConfigureAwait(false));

    private static async Task<Results<Ok<PerformanceView>, NotFound<ProblemDetails>>> Performance(string name, SeriesIndex index, ServiceCatalog catalog, IGrainFactory grains,
        IOptions<CapacityOptions> options, RecommendedActionsCatalog actions, ICostEstimator costs)
    {
        if (!index.PerService.ContainsKey(name) && !catalog.Entries.Any(e => e.Name == name))
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Service not found", Status = 404, Detail = $"Service '{name}' is neither in the catalog nor sending samples." });
        }

        var entry = await grains.GetGrain<IServiceGrain>(name).Catalog().ConfigureAwait(false);
        var settings = options.Value;
        var targets = PerformanceAdvisor.Targets(entry, settings.Benchmarks.GetValueOrDefault(name) ?? []);
        settings.Scaling.TryGetValue(name, out var scaling);
        var metrics = targets.Select(t => t.Target.Metric).ToHashSet(StringComparer.Ordinal);
        if (scaling is not null)
        {
            metrics.Add(scaling.Metric);
            metrics.Add(scaling.ReplicasMetric);
        }

        // The first series of each metric (services usually have one per metric; labelled variants share a target).
        var chosen = index.All.Where(e => e.Key.Service == name && metrics.Contains(e.Key.Metric))
            .GroupBy(e => e.Key.Metric).Select(g => g.OrderBy(e => e.Key.Id, StringComparer.Ordinal).First()).ToList();
        var views = await Task.WhenAll(chosen.Select(e => e.Grain.Describe(CapacityOptions.TrendPoints, scaling?.LeadSteps ?? 0))).ConfigureAwait(false);
        var byMetric = views.ToDictionary(v => v.Metric, StringComparer.Ordinal);
        return TypedResults.Ok(PerformanceAdvisor.Evaluate(name, targets, byMetric, actions, scaling, costs));
    }
}
