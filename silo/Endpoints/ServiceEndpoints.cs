using EnterpriseHub.Abstractions.Services;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Runtime;
using EnterpriseHub.Silo.Monitoring;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>Services under <c>/api/v1/services</c>: health, catalog and root-cause hints; catalog edits.</summary>
public static class ServiceEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapServices(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/services").WithTags("Services");
        group.MapGet("/", List).RequireAuthorization(SiloPolicies.Viewer);
        group.MapGet("/{name}", Get).RequireAuthorization(SiloPolicies.Viewer);
        group.MapPut("/{name}/catalog", UpdateCatalog).RequireAuthorization(SiloPolicies.Operator);
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<ServiceView>>> List(SeriesIndex index, ServiceCatalog catalog, IGrainFactory grains)
    {
        var names = index.PerService.Keys.Union(catalog.Entries.Select(e => e.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IServiceGrain>(n).Describe())).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<ServiceView>>(views);
    }

    private static async Task<Results<Ok<ServiceView>, NotFound<ProblemDetails>>> Get(string name, SeriesIndex index, ServiceCatalog catalog, IGrainFactory grains)
    {
        if (!index.PerService.ContainsKey(name) && !catalog.Entries.Any(e => e.Name == name))
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Service not found", Status = 404, Detail = $"Service '{name}' is neither in the catalog nor sending samples." });
        }

        return TypedResults.Ok(await grains.GetGrain<IServiceGrain>(name).Describe().ConfigureAwait(false));
    }

    private static async Task<Results<Ok<ServiceCatalogEntry>, ValidationProblem>> UpdateCatalog(string name, ServiceCatalogEntry entry, IGrainFactory grains)
    {
        if (entry.Name != name)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [$"name '{entry.Name}' does not match the service in the path '{name}'."] });
        }

        for (var i = 0; i < entry.Rules.Count; i++)
        {
            try
            {
                ThresholdRule.Parse(entry.Rules[i]);
            }
            catch (FormatException ex)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [$"rules[{i}]"] = [ex.Message] });
            }
        }

        for (var i = 0; i < entry.Slos.Count; i++)
        {
            if (entry.Slos[i].Objective is <= 0 or >= 1)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [$"slos[{i}].objective"] = ["objective must be between 0 and 1, e.g. 0.999."] });
            }
        }

        return TypedResults.Ok(await grains.GetGrain<IServiceGrain>(name).UpdateCatalog(entry).ConfigureAwait(false));
    }
}
