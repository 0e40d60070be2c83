using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Incidents.Hosting;
using EnterpriseHub.Incidents.Playbooks;
using EnterpriseHub.Incidents.Templates;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Grains.Incidents;

/// <summary>
/// One incident. It opens when its alert group is first flushed, picks the first matching playbook, asks the guard
/// for admission and drives the run: each step is recorded as started and written durably, then executed off the
/// grain's turns by the <see cref="StepExecutor"/>, whose report comes back as <see cref="StepFinished"/>. Waits
/// (approvals, retries, verifies) never hold a turn. After a restart the activation recovers the run: completed
/// steps stay done, an idempotent step cut short runs again, any other step cut short escalates.
/// </summary>
[GrainType("incident")]
public sealed partial class IncidentGrain(
    [PersistentState("incident")] IPersistentState<IncidentState> state,
    PlaybookCatalog playbooks,
    ActionCatalog actions,
    StepExecutor executor,
    IncidentEscalation escalation,
    IOptions<IncidentsOptions> options,
    TimeProvider time,
    ILogger<IncidentGrain> logger) : Grain, IIncidentGrain
{
    /// <summary>The period of the keep-alive tick while a run is active.</summary>
    public static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    private IGrainTimer? _keepAlive;
    private IGrainTimer? _approvalTimer;

    private IncidentState S => state.State;

    private DateTimeOffset Now => time.GetUtcNow();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Run is { IsFinished: false } run && S.IsOpen)
        {
            await RecoverAsync(run);
        }
    }

    /// <inheritdoc />
    public async Task OnAlertGroup(AlertGroupUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var firing = update.Alerts.Where(a => a.State == AlertState.Firing).ToList();
        if (!S.IsOpen)
        {
            if (firing.Count == 0)
            {
                return;
            }

            Open(update, firing);
            await SaveAsync();
            await StartRunAsync(firing[0]);
            return;
        }

        foreach (var alert in update.Alerts)
        {
            if (!S.Alerts.TryGetValue(alert.Fingerprint, out var known) || known.State != alert.State)
            {
                AddEvent(alert.State == AlertState.Resolved ? "alert_resolved" : "alert_firing", $"{alert.Name}: {alert.Summary}",
                    data: new Dictionary<string, string> { ["fingerprint"] = alert.Fingerprint });
            }

            S.Alerts[alert.Fingerprint] = alert;
        }

        if (S.Alerts.Values.All(a => a.State == AlertState.Resolved) && S.Run is not { IsFinished: false })
        {
            // Nothing runs: the condition went away on its own (or after a run that did not close the incident).
            Close(IncidentStatus.Resolved, "every alert of the group resolved", actor: null, auto: true);
        }

        await SaveAsync();
    }

    /// <inheritdoc />
    public async Task StepFinished(StepReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (S.Run is not { IsFinished: false } run || report.RunId != S.RunId || report.StepNumber != run.Steps.Count
            || run.Steps[^1].Status != StepStatus.Started || Find(run) is not { } playbook)
        {
            return;
        }

        PlaybookRunEngine.Finish(run, playbook, new StepOutcome(report.Succeeded, report.Outputs, report.Error, report.Attempts), Now);
        var record = run.Steps[^1];
        var data = new Dictionary<string, string>(record.Outputs.Select(p => KeyValuePair.Create("output." + p.Key, p.Value)), StringComparer.Ordinal)
        {
            ["step"] = record.Name,
            ["attempts"] = report.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        AddEvent("step_finished", report.Succeeded
            ? $"{(record.Rollback ? "rollback " : "")}step {record.Name} succeeded after {report.Attempts} attempt(s)"
            : $"{(record.Rollback ? "rollback " : "")}step {record.Name} failed after {report.Attempts} attempt(s): {report.Error}", data: data);
        await SaveAsync();
        await AdvanceAsync();
    }

    /// <inheritdoc />
    public Task<IncidentView?> Get() => Task.FromResult(S.Opened ? View(withTimeline: true) : null);

    /// <inheritdoc />
    public Task Resume() => Task.CompletedTask; // Activation did the work: OnActivateAsync recovers the run.

    /// <inheritdoc />
    public async Task<IncidentActionResult> Acknowledge(IncidentAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!S.Opened)
        {
            return NotFound();
        }

        S.AcknowledgedBy = action.Actor;
        S.AcknowledgedAt = Now;
        AddEvent("acknowledged", "acknowledged" + Comment(action), action.Actor);
        await SaveAsync();
        return Ok();
    }

    /// <inheritdoc />
    public async Task<IncidentActionResult> Approve(IncidentAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!S.Opened)
        {
            return NotFound();
        }

        if (S.Status != IncidentStatus.AwaitingApproval || S.Run is not { Status: RunStatus.AwaitingApproval } run)
        {
            return Conflict($"the incident is {S.Status}; nothing waits for approval");
        }

        var step = Find(run) is { } p ? PlaybookRunEngine.Current(run, p)?.Name : null;
        PlaybookRunEngine.Approve(run);
        S.Status = IncidentStatus.Remediating;
        _approvalTimer?.Dispose();
        AddEvent("approved", $"step {step} approved" + Comment(action), action.Actor, new Dictionary<string, string> { ["step"] = step ?? "" });
        await SaveAsync();
        await AdvanceAsync();
        return Ok();
    }

    /// <inheritdoc />
    public async Task<IncidentActionResult> Reject(IncidentAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!S.Opened)
        {
            return NotFound();
        }

        if (S.Status != IncidentStatus.AwaitingApproval || S.Run is not { Status: RunStatus.AwaitingApproval } run)
        {
            return Conflict($"the incident is {S.Status}; nothing waits for approval");
        }

        _approvalTimer?.Dispose();
        PlaybookRunEngine.Stop(run, RunStatus.Rejected, Now);
        AddEvent("rejected", "approval rejected" + Comment(action), action.Actor);
        await FinishRunAsync(run, $"approval rejected by {action.Actor}");
        return Ok();
    }

    /// <inheritdoc />
    public async Task<IncidentActionResult> Resolve(IncidentAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!S.Opened)
        {
            return NotFound();
        }

        if (!S.IsOpen)
        {
            return Conflict($"the incident is already {S.Status}");
        }

        if (S.Run is { IsFinished: false } run)
        {
            // A step in flight finishes on its own; its late report is ignored because the run has ended.
            PlaybookRunEngine.Stop(run, RunStatus.Cancelled, Now);
            await ReleaseAsync(run);
        }

        Close(IncidentStatus.Resolved, "resolved" + Comment(action), action.Actor, auto: false);
        await SaveAsync();
        return Ok();
    }

    private static string Comment(IncidentAction action) => string.IsNullOrWhiteSpace(action.Comment) ? "" : ": " + action.Comment;

    private IncidentActionResult Ok() => new(IncidentActionResult.Ok, null, View(withTimeline: true));

    private static IncidentActionResult NotFound() => new(IncidentActionResult.NotFound, "no such incident", null);

    private IncidentActionResult Conflict(string message) => new(IncidentActionResult.Conflict, message, View(withTimeline: true));
}
