using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Grains.Monitoring;
using EnterpriseHub.Silo.Monitoring;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>Series under <c>/api/v1/series</c>: list with filters, and one series with points and forecast.</summary>
public static class SeriesEndpoints
{
    /// <summary>Most series one list returns.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapSeries(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/series").WithTags("Series").RequireAuthorization(SiloPolicies.Viewer);
        group.MapGet("/", List);
        group.MapGet("/{**id}", Get);
        return endpoints;
    }

    private static Results<Ok<SeriesPage>, ValidationProblem> List(
        SeriesIndex index,
        IOptions<MonitoringOptions> monitoring,
        string? service,
        string? metric,
        [FromQuery(Name = "label")] string[]? labels,
        string? status,
        int? limit,
        int? offset)
    {
        SeriesStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<SeriesStatus>(status.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed))
            {
                return Invalid("status", "status must be one of ok, anomalous, predicted_breach.");
            }

            wanted = parsed;
        }

        var matchers = new List<(string Name, string Value)>();
        foreach (var label in labels ?? [])
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return Invalid("label", $"label filter '{label}' must be name=value.");
            }

            matchers.Add((label[..equals], label[(equals + 1)..]));
        }

        var take = limit ?? 1000;
        if (take is < 1 or > MaxLimit)
        {
            return Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
        }

        var skip = offset ?? 0;
        if (skip < 0)
        {
            return Invalid("offset", "offset must not be negative.");
        }

        var matching = index.All
            .Where(e => (service is null || e.Key.Service == service)
                && (metric is null || e.Key.Metric == metric)
                && (wanted is null || e.Status == wanted)
                && matchers.TrueForAll(m => e.Key.Label(m.Name) == m.Value))
            .OrderBy(e => e.Key.Id, StringComparer.Ordinal)
            .ToList();
        var page = matching.Skip(skip).Take(take).Select(e => new SeriesSummary(
            e.Key.Id,
            e.Key.Service,
            e.Key.Metric,
            e.Key.Labels.ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal),
            e.Status,
            e.Score,
            e.LastValue,
            monitoring.Value.IsCounter(e.Key.Metric))).ToList();
        return TypedResults.Ok(new SeriesPage(matching.Count, page));
    }

    private static async Task<Results<Ok<SeriesView>, NotFound<ProblemDetails>>> Get(string id, SeriesIndex index, int? points, int? forecast)
    {
        var entry = index.FindEntry(id);
        if (entry is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Series not found", Status = 404, Detail = $"No series '{id}' has sent samples.", Extensions = { ["series"] = id } });
        }

        var view = await entry.Grain.Describe(Math.Clamp(points ?? 120, 0, 10_000), Math.Clamp(forecast ?? 30, 0, 10_000)).ConfigureAwait(false);
        return TypedResults.Ok(view);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>One page of series.</summary>
/// <param name="Total">Series matching the filters.</param>
/// <param name="Items">This page.</param>
public sealed record SeriesPage(int Total, IReadOnlyList<SeriesSummary> Items);

/// <summary>A series in a list; <paramref name="PerSecond"/> when its values are a counter's per-second rate
/// (<c>Monitoring:CounterSuffixes</c>).</summary>
public sealed record SeriesSummary(string Id, string Service, string Metric, IReadOnlyDictionary<string, string> Labels, SeriesStatus Status, double Score, double LastValue, bool PerSecond);
