using System.Security.Claims;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Alerting.Storage;
using EnterpriseHub.Grains.Incidents;
using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Incidents.Playbooks;
using EnterpriseHub.Runtime;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>
/// Incidents under <c>/api/v1/incidents</c> (list with filters, one with its timeline, KPIs, the kill switch and the
/// human actions ack, approve, reject and resolve) and playbooks under <c>/api/v1/playbooks</c> (definitions with
/// statistics and load errors, dry runs). Anything that acts needs an operator key; the key's name is the actor.
/// </summary>
public static class IncidentEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder endpoints)
    {
        var incidents = endpoints.MapGroup("/api/v1/incidents").WithTags("Incidents");
        incidents.MapGet("/", List).RequireAuthorization(SiloPolicies.Viewer).Produces<IncidentView[]>()
            .WithSummary("Incidents, newest first; filters: status, open, service, playbook, since (RFC 3339), limit");
        incidents.MapGet("/kpis", Kpis).RequireAuthorization(SiloPolicies.Viewer).Produces<IncidentKpis>()
            .WithSummary("Auto-resolution rate, mean time to detect and resolve, per-playbook success rate and duration");
        incidents.MapGet("/kill-switch", GetKillSwitch).RequireAuthorization(SiloPolicies.Viewer).Produces<KillSwitchState>();
        incidents.MapPut("/kill-switch", SetKillSwitch).RequireAuthorization(SiloPolicies.Operator).Produces<KillSwitchState>()
            .WithSummary("Engage ({\"engaged\": true}) or release the global kill switch: while engaged no playbook starts");
        incidents.MapGet("/{id}", Get).RequireAuthorization(SiloPolicies.Viewer).Produces<IncidentView>().WithSummary("An incident with its run and timeline");
        incidents.MapPost("/{id}/ack", (string id, ActionBody? body, ClaimsPrincipal user, IGrainFactory grains) => Act(id, body, user, grains, static (g, a) => g.Acknowledge(a)))
            .RequireAuthorization(SiloPolicies.Operator).WithSummary("Acknowledge");
        incidents.MapPost("/{id}/approve", (string id, ActionBody? body, ClaimsPrincipal user, IGrainFactory grains) => Act(id, body, user, grains, static (g, a) => g.Approve(a)))
            .RequireAuthorization(SiloPolicies.Operator).WithSummary("Approve the step that waits");
        incidents.MapPost("/{id}/reject", (string id, ActionBody? body, ClaimsPrincipal user, IGrainFactory grains) => Act(id, body, user, grains, static (g, a) => g.Reject(a)))
            .RequireAuthorization(SiloPolicies.Operator).WithSummary("Reject the step that waits; the incident escalates");
        incidents.MapPost("/{id}/resolve", (string id, ActionBody? body, ClaimsPrincipal user, IGrainFactory grains) => Act(id, body, user, grains, static (g, a) => g.Resolve(a)))
            .RequireAuthorization(SiloPolicies.Operator).WithSummary("Resolve; a running playbook stops after its current step");

        var playbooks = endpoints.MapGroup("/api/v1/playbooks").WithTags("Playbooks");
        playbooks.MapGet("/", ListPlaybooks).RequireAuthorization(SiloPolicies.Viewer).Produces<PlaybookList>()
            .WithSummary("Playbooks in force with their statistics, and the load errors (file:line:column)");
        playbooks.MapPost("/{name}/dry-run", DryRun).RequireAuthorization(SiloPolicies.Operator).Produces<DryRunPlan>()
            .WithSummary("The plan of a run for an example alert (labels, annotations, severity, summary); nothing is executed");
        return endpoints;
    }

    /// <summary>The optional body of a human action.</summary>
    public sealed record ActionBody(string? Comment);

    /// <summary>The body of the kill switch.</summary>
    public sealed record KillSwitchBody(bool Engaged);

    /// <summary>An example alert for a dry run.</summary>
    public sealed record DryRunBody(Dictionary<string, string>? Labels, Dictionary<string, string>? Annotations, AlertSeverity? Severity, string? Summary);

    /// <summary>The playbooks and the load errors.</summary>
    public sealed record PlaybookList(IReadOnlyList<PlaybookSummary> Playbooks, IReadOnlyList<string> Errors);

    /// <summary>A playbook and its statistics.</summary>
    public sealed record PlaybookSummary(string Name, string Description, string File, PlaybookTrigger Trigger, IReadOnlyList<StepDefinition> Steps,
        IReadOnlyList<StepDefinition> Rollback, PlaybookGuardrails Guardrails, PlaybookKpis Statistics);

    private static async Task<JsonHttpResult<IncidentView[]>> List(IGrainFactory grains, IncidentStatus? status = null, bool? open = null,
        string? service = null, string? playbook = null, DateTimeOffset? since = null, int? limit = null)
    {
        var query = new IncidentQuery { Status = status, Open = open, Service = service, Playbook = playbook, Since = since, Limit = limit ?? 100 };
        return TypedResults.Json(await Directory(grains).List(query).ConfigureAwait(false), AlertJson.Options);
    }

    private static async Task<JsonHttpResult<IncidentKpis>> Kpis(IGrainFactory grains) =>
        TypedResults.Json(await Directory(grains).Kpis().ConfigureAwait(false), AlertJson.Options);

    private static async Task<Results<JsonHttpResult<IncidentView>, NotFound<ProblemDetails>>> Get(string id, IGrainFactory grains)
    {
        var view = await grains.GetGrain<IIncidentGrain>(id).Get().ConfigureAwait(false);
        return view is null ? NotFound(id) : TypedResults.Json(view, AlertJson.Options);
    }

    private static async Task<Results<JsonHttpResult<IncidentView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Act(
        string id, ActionBody? body, ClaimsPrincipal user, IGrainFactory grains, Func<IIncidentGrain, IncidentAction, Task<IncidentActionResult>> act)
    {
        var actor = user.Identity?.Name ?? "unknown";
        var result = await act(grains.GetGrain<IIncidentGrain>(id), new IncidentAction(actor, body?.Comment)).ConfigureAwait(false);
        return result.Outcome switch
        {
            IncidentActionResult.Ok => TypedResults.Json(result.Incident!, AlertJson.Options),
            IncidentActionResult.NotFound => NotFound(id),
            _ => TypedResults.Conflict(new ProblemDetails { Title = "Not possible now", Detail = result.Message, Status = StatusCodes.Status409Conflict }),
        };
    }

    private static async Task<JsonHttpResult<KillSwitchState>> GetKillSwitch(IGrainFactory grains) =>
        TypedResults.Json(await Guard(grains).GetKillSwitch().ConfigureAwait(false), AlertJson.Options);

    private static async Task<JsonHttpResult<KillSwitchState>> SetKillSwitch(KillSwitchBody body, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Json(await Guard(grains).SetKillSwitch(body.Engaged, user.Identity?.Name ?? "unknown").ConfigureAwait(false), AlertJson.Options);

    private static async Task<JsonHttpResult<PlaybookList>> ListPlaybooks(PlaybookCatalog catalog, IGrainFactory grains)
    {
        var kpis = await Directory(grains).Kpis().ConfigureAwait(false);
        var list = catalog.Playbooks.Select(p => new PlaybookSummary(p.Name, p.Description, Path.GetFileName(p.SourceFile), p.Trigger, p.Steps, p.Rollback, p.Guardrails,
            kpis.Playbooks.FirstOrDefault(k => k.Playbook == p.Name) ?? new PlaybookKpis(p.Name, 0, 0, 0, 0))).ToList();
        return TypedResults.Json(new PlaybookList(list, [.. catalog.Errors.Select(e => e.ToString())]), AlertJson.Options);
    }

    private static Results<JsonHttpResult<DryRunPlan>, NotFound<ProblemDetails>> DryRun(string name, DryRunBody? body, PlaybookCatalog catalog, TimeProvider time)
    {
        var playbook = catalog.Find(name);
        if (playbook is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Playbook not found", Detail = $"There is no playbook '{name}'.", Status = StatusCodes.Status404NotFound });
        }

        var labels = body?.Labels ?? new Dictionary<string, string>(StringComparer.Ordinal);
        labels.TryAdd("alertname", "DryRun");
        var severity = body?.Severity ?? AlertSeverity.High;
        var alert = new Alert
        {
            Fingerprint = "dry-run",
            Name = labels["alertname"],
            Kind = AlertKind.Threshold,
            Severity = severity,
            Confidence = 1,
            Labels = labels,
            Annotations = body?.Annotations ?? new Dictionary<string, string>(),
            Summary = body?.Summary ?? "dry run",
            StartsAt = time.GetUtcNow(),
            State = AlertState.Firing,
        };
        return TypedResults.Json(DryRunPlan.For(playbook, alert, "inc-dry-run"), AlertJson.Options);
    }

    private static IIncidentDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.DefaultKey);

    private static IPlaybookGuardGrain Guard(IGrainFactory grains) => grains.GetGrain<IPlaybookGuardGrain>(IPlaybookGuardGrain.DefaultKey);

    private static NotFound<ProblemDetails> NotFound(string id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Incident not found", Detail = $"There is no incident '{id}'.", Status = StatusCodes.Status404NotFound });
}
