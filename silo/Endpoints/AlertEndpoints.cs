using System.Globalization;
using System.Security.Claims;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Silencing;
using EnterpriseHub.Alerting.Storage;
using EnterpriseHub.Runtime;
using EnterpriseHub.Silo.Alerting;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>
/// The alert router's API: alerts (active and history) under <c>/api/v1/alerts</c>, silences under
/// <c>/api/v1/silences</c>, and the server-sent event stream of alert changes at <c>/api/v1/events</c>. Bodies use
/// camelCase names and enums as camelCase strings (<c>firing</c>, <c>critical</c>).
/// </summary>
public static class AlertEndpoints
{
    /// <summary>Maps the alert, silence and event endpoints.</summary>
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder endpoints)
    {
        var alerts = endpoints.MapGroup("/api/v1/alerts").WithTags("Alerts");
        alerts.MapGet("/", ListAlerts)
            .RequireAuthorization(SiloPolicies.Viewer)
            .Produces<AlertView[]>()
            .WithSummary("Active alerts, or the history of alert state changes")
            .WithDescription("active=true (default, unless state=resolved): pending and firing alerts with the silences and alerts that mute them. active=false: every stored state change, newest first. Filters: state (pending|firing|resolved), service, severity (low|medium|high|critical), kind (anomaly|threshold|sloBurnRate|predictive), since (RFC 3339 time or a duration back from now such as 1h), limit (1-10000, default 500).");

        var silences = endpoints.MapGroup("/api/v1/silences").WithTags("Silences");
        silences.MapGet("/", ListSilences).RequireAuthorization(SiloPolicies.Viewer).Produces<SilenceRecord[]>().WithSummary("Every silence, newest first");
        silences.MapGet("/{id}", GetSilence).RequireAuthorization(SiloPolicies.Viewer).Produces<SilenceRecord>().WithSummary("One silence");
        silences.MapPost("/", CreateSilence).RequireAuthorization(SiloPolicies.Operator).Produces<SilenceCreated>(StatusCodes.Status201Created)
            .WithSummary("Create a silence; createdBy defaults to the name of the caller's key");
        silences.MapPost("/preview", PreviewSilence).RequireAuthorization(SiloPolicies.Viewer).Produces<AlertView[]>()
            .WithSummary("The active alerts a proposed silence would mute");
        silences.MapPut("/{id}", UpdateSilence).RequireAuthorization(SiloPolicies.Operator).Produces<SilenceRecord>().WithSummary("Change a silence that has not expired");
        silences.MapPost("/{id}", UpdateSilence).RequireAuthorization(SiloPolicies.Operator).Produces<SilenceRecord>().WithSummary("Change a silence that has not expired (POST form)");
        silences.MapDelete("/{id}", ExpireSilence).RequireAuthorization(SiloPolicies.Operator).Produces<SilenceRecord>().WithSummary("Expire a silence now");

        endpoints.MapGet("/api/v1/events", StreamEvents)
            .WithTags("Alerts")
            .RequireAuthorization(SiloPolicies.Viewer)
            .Produces(StatusCodes.Status200OK, contentType: AlertEventStream.ContentType)
            .WithSummary("Server-sent events of alert changes")
            .WithDescription("Each event has a durable, strictly increasing id and the type as its event name (firing, resolved, silenced, inhibited, notified, ...); data is the event as JSON. Reconnect with Last-Event-ID (or ?after=<id>; after=0 replays everything stored) to resume. Without either the stream starts with the next change. Comment lines keep idle connections alive.");
        return endpoints;
    }

    private static async Task<Results<JsonHttpResult<AlertView[]>, ValidationProblem>> ListAlerts(
        IGrainFactory grains,
        TimeProvider time,
        string? state = null,
        string? service = null,
        string? severity = null,
        string? kind = null,
        bool? active = null,
        string? since = null,
        int? limit = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = new AlertQuery
        {
            State = ParseEnum<AlertState>(state, "state", errors),
            Severity = ParseEnum<AlertSeverity>(severity, "severity", errors),
            Kind = ParseEnum<AlertKind>(kind, "kind", errors),
            Service = string.IsNullOrEmpty(service) ? null : service,
            Since = ParseSince(since, time.GetUtcNow(), errors),
            Limit = limit ?? 500,
        };
        if (limit is < 1 or > AlertQuery.MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {AlertQuery.MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        query = query with { Active = active ?? query.State != AlertState.Resolved };
        var views = await Router(grains).GetAlerts(query).ConfigureAwait(false);
        return TypedResults.Json(views, AlertJson.Options);
    }

    private static async Task<JsonHttpResult<SilenceRecord[]>> ListSilences(IGrainFactory grains) =>
        TypedResults.Json(await Router(grains).GetSilences().ConfigureAwait(false), AlertJson.Options);

    private static async Task<Results<JsonHttpResult<SilenceRecord>, NotFound<ProblemDetails>>> GetSilence(string id, IGrainFactory grains)
    {
        var silence = await Router(grains).GetSilence(id).ConfigureAwait(false);
        return silence is null ? SilenceNotFound(id) : TypedResults.Json(silence, AlertJson.Options);
    }

    private static async Task<Results<JsonHttpResult<SilenceCreated>, ValidationProblem>> CreateSilence(
        SilenceRequest? body, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var errors = SilenceValidator.Validate(body, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var silence = await Router(grains).CreateSilence(WithCreator(body!, user)).ConfigureAwait(false);
        return TypedResults.Json(new SilenceCreated(silence.Id, silence), AlertJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<Results<JsonHttpResult<SilenceRecord>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> UpdateSilence(
        string id, SilenceRequest? body, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var errors = SilenceValidator.Validate(body is null ? null : body with { StartsAt = null }, time.GetUtcNow());
        errors.Remove("endsAt");
        if (body is not null && body.EndsAt <= time.GetUtcNow())
        {
            errors["endsAt"] = ["endsAt must be in the future; expire a silence with DELETE."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            var silence = await Router(grains).UpdateSilence(id, WithCreator(body!, user)).ConfigureAwait(false);
            return silence is null ? SilenceNotFound(id) : TypedResults.Json(silence, AlertJson.Options);
        }
        catch (InvalidOperationException ex)
        {
            return TypedResults.Conflict(new ProblemDetails { Title = "Silence expired", Detail = ex.Message, Status = StatusCodes.Status409Conflict });
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [ex.Message] });
        }
    }

    private static async Task<Results<JsonHttpResult<SilenceRecord>, NotFound<ProblemDetails>>> ExpireSilence(string id, IGrainFactory grains)
    {
        var silence = await Router(grains).ExpireSilence(id).ConfigureAwait(false);
        return silence is null ? SilenceNotFound(id) : TypedResults.Json(silence, AlertJson.Options);
    }

    private static async Task<Results<JsonHttpResult<AlertView[]>, ValidationProblem>> PreviewSilence(SilenceRequest? body, IGrainFactory grains, TimeProvider time)
    {
        var errors = SilenceValidator.Validate(body, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Json(await Router(grains).PreviewSilence(body!).ConfigureAwait(false), AlertJson.Options);
    }

    private static Results<AlertEventStream, ValidationProblem> StreamEvents(
        AlertStore store,
        AlertEventFeed feed,
        IOptions<AlertingOptions> options,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId = null,
        long? after = null)
    {
        long start;
        if (!string.IsNullOrWhiteSpace(lastEventId))
        {
            if (!long.TryParse(lastEventId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out start))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Last-Event-ID"] = ["Last-Event-ID must be an event id (a non-negative integer)."] });
            }
        }
        else if (after is { } a)
        {
            if (a < 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["after must not be negative."] });
            }

            start = a;
        }
        else
        {
            start = store.LastEventId();
        }

        return new AlertEventStream(store, feed, start, options.Value.KeepAliveInterval);
    }

    private static IAlertRouterGrain Router(IGrainFactory grains) => grains.GetGrain<IAlertRouterGrain>(IAlertRouterGrain.DefaultKey);

    private static SilenceRequest WithCreator(SilenceRequest request, ClaimsPrincipal user) =>
        string.IsNullOrWhiteSpace(request.CreatedBy) ? request with { CreatedBy = user.Identity?.Name ?? "unknown" } : request;

    private static NotFound<ProblemDetails> SilenceNotFound(string id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Silence not found", Detail = $"There is no silence '{id}'.", Status = StatusCodes.Status404NotFound });

    private static TEnum? ParseEnum<TEnum>(string? text, string field, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Enum.TryParse<TEnum>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var value) && !int.TryParse(text, out _))
        {
            return value;
        }

        errors[field] = [$"{field} must be one of {string.Join(", ", Enum.GetValues<TEnum>().Select(v => AlertStore.Name(v)))}."];
        return null;
    }

    private static DateTimeOffset? ParseSince(string? text, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        try
        {
            return now - PrometheusDuration.Parse(text);
        }
        catch (FormatException)
        {
            errors["since"] = ["since must be an RFC 3339 time or a duration back from now such as 30m or 1h."];
            return null;
        }
    }
}

/// <summary>The answer to a silence creation.</summary>
/// <param name="SilenceId">The new silence's id.</param>
/// <param name="Silence">The silence as stored.</param>
public sealed record SilenceCreated(string SilenceId, SilenceRecord Silence);
