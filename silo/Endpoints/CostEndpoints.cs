using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Costs.Pricing;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Silo.Costs;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>Costs under <c>/api/v1/costs</c>: spend per service, team or cost center, and savings recommendations.</summary>
public static class CostEndpoints
{
    /// <summary>The longest window: the ledger keeps 61 days.</summary>
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(61);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapCosts(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/costs").WithTags("Costs");
        group.MapGet("/summary", Summary).RequireAuthorization(SiloPolicies.Viewer);
        group.MapGet("/recommendations", Recommendations).RequireAuthorization(SiloPolicies.Viewer);
        return endpoints;
    }

    private static async Task<Results<Ok<CostSummary>, ValidationProblem>> Summary(CostBoard board, PriceCatalog prices, string? by = null, string? window = null)
    {
        by ??= "service";
        window ??= "24h";
        if (CostKeys.ParseDimension(by) is not { } dimension)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = [$"by must be service, team or cost_center, not '{by}'."] });
        }

        TimeSpan span;
        try
        {
            span = Durations.Parse(window);
        }
        catch (FormatException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["window"] = [ex.Message] });
        }

        if (span <= TimeSpan.Zero || span > MaxWindow)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["window"] = ["window must be between 1h and 61d."] });
        }

        var views = await board.SummaryAsync(dimension, span).ConfigureAwait(false);
        var items = views.OrderByDescending(v => v.Total).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new CostSummary(by, window, prices.Currency, Math.Round(items.Sum(v => v.Total), 6), items));
    }

    private static async Task<Ok<RecommendationList>> Recommendations(CostBoard board, PriceCatalog prices)
    {
        var recommendations = await board.RecommendationsAsync().ConfigureAwait(false);
        var items = recommendations.OrderByDescending(r => r.ProjectedMonthlySavings).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new RecommendationList(prices.Currency, Math.Round(items.Sum(r => r.ProjectedMonthlySavings), 6), items));
    }
}
