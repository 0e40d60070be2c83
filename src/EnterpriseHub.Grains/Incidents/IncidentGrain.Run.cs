using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Incidents.Playbooks;
using EnterpriseHub.Incidents.Templates;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Grains.Incidents;

// The run: admission, steps, approvals, recovery, escalation.
public sealed partial class IncidentGrain
{
    private void Open(AlertGroupUpdate update, List<Alert> firing)
    {
        var reopened = S.Opened;
        S.Opened = true;
        S.GroupKey = update.GroupKey;
        S.Receiver = update.Receiver;
        S.Status = IncidentStatus.Triggered;
        S.Alerts = update.Alerts.ToDictionary(a => a.Fingerprint, StringComparer.Ordinal);
        // The condition began with the earliest firing alert; but an alert that kept firing (or went back to pending)
        // keeps its episode's start, and a reopened incident must not claim the time it spent closed as detection time.
        var began = firing.Min(a => a.StartsAt);
        S.DetectedAt = reopened && S.ClosedAt is { } closed && closed > began ? closed : began;
        S.OpenedAt = Now;
        S.ClosedAt = null;
        S.AcknowledgedBy = null;
        S.AcknowledgedAt = null;
        S.AutoResolved = false;
        S.Run = null;
        var first = firing[0];
        S.Title = $"{first.Name} on {first.Labels.GetValueOrDefault("service", "?")}: {first.Summary}";
        AddEvent(reopened ? "reopened" : "opened", $"{firing.Count} alert(s) firing in group {update.GroupKey}",
            data: new Dictionary<string, string> { ["fingerprint"] = first.Fingerprint, ["receiver"] = update.Receiver });
    }

    private async Task StartRunAsync(Alert alert)
    {
        var playbook = playbooks.Match(alert);
        if (playbook is null)
        {
            AddEvent("no_playbook", "no playbook matches; waiting for the alerts to resolve or a human");
            await SaveAsync();
            return;
        }

        var incident = IncidentFields();
        var none = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var target = TemplateText.Render(playbook.Guardrails.Target, new TemplateScope(alert, incident, playbook.Name, "", none));
        if (PlaybookMatching.FailedPrecondition(playbook, new TemplateScope(alert, incident, playbook.Name, target, none)) is { } failed)
        {
            AddEvent("precondition", $"playbook {playbook.Name} skipped: precondition {failed.Value} {failed.Operator} {failed.Operand} does not hold");
            await SaveAsync();
            return;
        }

        var admission = await GrainFactory.GetGrain<IPlaybookGuardGrain>(IPlaybookGuardGrain.DefaultKey).TryAdmit(playbook.Name, target, GetPrimaryKeyString());
        if (!admission.Admitted)
        {
            AddEvent("guardrail", $"playbook {playbook.Name} held back: {admission.Reason}", data: new Dictionary<string, string> { ["playbook"] = playbook.Name, ["target"] = target });
            await SaveAsync();
            return;
        }

        S.RunId++;
        S.Run = new PlaybookRunState { Playbook = playbook.Name, Target = target, StartedAt = Now, DryRun = admission.DryRun };
        if (admission.DryRun)
        {
            var plan = DryRunPlan.For(playbook, alert, GetPrimaryKeyString());
            PlaybookRunEngine.Stop(S.Run, RunStatus.DryRun, Now);
            AddEvent("dry_run", plan.ToString(), data: new Dictionary<string, string> { ["playbook"] = playbook.Name, ["reason"] = admission.Reason ?? "" });
            logger.LogInformation("Incident {Incident}: {Plan}", GetPrimaryKeyString(), plan.ToString());
            await SaveAsync();
            return;
        }

        S.Status = IncidentStatus.Remediating;
        AddEvent("run_started", $"playbook {playbook.Name} started on {target}", data: new Dictionary<string, string> { ["playbook"] = playbook.Name, ["target"] = target });
        await SaveAsync();
        KeepAlive(true);
        await AdvanceAsync();
    }

    /// <summary>Moves the run on until it starts a step, waits or ends.</summary>
    private async Task AdvanceAsync()
    {
        if (S.Run is not { } run || !S.IsOpen)
        {
            return;
        }

        var playbook = Find(run);
        if (playbook is null)
        {
            PlaybookRunEngine.Stop(run, RunStatus.Failed, Now);
            await FinishRunAsync(run, $"playbook {run.Playbook} is no longer loaded");
            return;
        }

        var (kind, step) = PlaybookRunEngine.Next(run, playbook, Now);
        switch (kind)
        {
            case RunDirectiveKind.Execute:
                await ExecuteAsync(run, playbook, step!);
                break;
            case RunDirectiveKind.AwaitApproval:
                PlaybookRunEngine.RequestApproval(run, playbook.Guardrails.ApprovalTimeout, Now);
                S.Status = IncidentStatus.AwaitingApproval;
                var approvalData = new Dictionary<string, string> { ["step"] = step!.Name, ["risk"] = step.Risk.ToString().ToLowerInvariant() };
                var estimate = await EstimateScaleAsync(run, playbook, step);
                if (estimate?.CostDeltaPerHour is { } costDelta)
                {
                    // The approver sees what the step costs before saying yes.
                    approvalData["cost_delta_per_hour"] = costDelta.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
                    approvalData["currency"] = estimate.Currency ?? "";
                }

                AddEvent("approval_requested", $"step {step.Name} ({step.Action}, risk {step.Risk.ToString().ToLowerInvariant()}) needs approval by {run.ApprovalExpiresAt:O}{(estimate is null ? "" : "; " + estimate)}",
                    data: approvalData);
                await SaveAsync();
                ArmApprovalTimer(run);
                break;
            case RunDirectiveKind.Finished:
                await FinishRunAsync(run, null);
                break;
            default:
                break;
        }
    }

    /// <summary>For a scaling step, what it would change and cost per hour; null for other actions.</summary>
    private async Task<ScaleEstimate?> EstimateScaleAsync(PlaybookRunState run, PlaybookDefinition playbook, StepDefinition step)
    {
        if (actions.Find(step.Action) is not ScaleAction scale)
        {
            return null;
        }

        var scope = new TemplateScope(PrimaryAlert(), IncidentFields(), playbook.Name, run.Target, run.Outputs());
        var inputs = step.Inputs.ToDictionary(p => p.Key, p => TemplateText.Render(p.Value, scope), StringComparer.Ordinal);
        return await scale.EstimateAsync(inputs, CancellationToken.None);
    }

    private async Task ExecuteAsync(PlaybookRunState run, PlaybookDefinition playbook, StepDefinition step)
    {
        var alert = PrimaryAlert();
        var scope = new TemplateScope(alert, IncidentFields(), playbook.Name, run.Target, run.Outputs());
        var inputs = step.Inputs.ToDictionary(p => p.Key, p => TemplateText.Render(p.Value, scope), StringComparer.Ordinal);
        var record = PlaybookRunEngine.Start(run, step, inputs, Now);
        AddEvent("step_started", $"{(record.Rollback ? "rollback " : "")}step {step.Name} ({step.Action}) started",
            data: new Dictionary<string, string>(inputs.Select(p => KeyValuePair.Create("input." + p.Key, p.Value)), StringComparer.Ordinal) { ["step"] = step.Name });

        // Durable before it acts: after a crash this record says the step may have had its effect.
        await SaveAsync();

        var report = (RunId: S.RunId, Number: run.Steps.Count);
        var request = new ActionRequest(GetPrimaryKeyString(), playbook.Name, step.Name, inputs, alert, 1);
        var self = GrainFactory.GetGrain<IIncidentGrain>(GetPrimaryKeyString());
        // Off the grain's turns: the step's retries and waits must not hold the activation. Not cancelled on
        // deactivation: the keep-alive timer prevents idle collection during a run, and a step cut short by the process
        // ending is exactly the "outcome unknown" case recovery handles.
        _ = Task.Run(async () =>
        {
            var outcome = await executor.ExecuteAsync(step, request, CancellationToken.None).ConfigureAwait(false);
            await self.StepFinished(new StepReport(report.RunId, report.Number, outcome.Succeeded, outcome.Outputs, outcome.Error, outcome.Attempts)).ConfigureAwait(false);
        }, CancellationToken.None);
    }

    private async Task RecoverAsync(PlaybookRunState run)
    {
        var playbook = Find(run);
        if (playbook is null)
        {
            PlaybookRunEngine.Stop(run, RunStatus.Failed, Now);
            await FinishRunAsync(run, $"playbook {run.Playbook} is no longer loaded");
            return;
        }

        KeepAlive(true);
        if (PlaybookRunEngine.Recover(run, playbook, actions, Now) is { } record)
        {
            AddEvent("recovered", $"after a restart: step {record.Name} {(record.Status == StepStatus.Interrupted ? "was interrupted and runs again (idempotent)" : "has an unknown outcome and is not run again")}",
                data: new Dictionary<string, string> { ["step"] = record.Name, ["status"] = record.Status.ToString() });
            await SaveAsync();
            if (run.IsFinished)
            {
                await FinishRunAsync(run, $"the outcome of step {record.Name} is unknown after a restart");
                return;
            }
        }

        if (run.Status == RunStatus.AwaitingApproval)
        {
            ArmApprovalTimer(run);
            return;
        }

        await AdvanceAsync();
    }

    private void ArmApprovalTimer(PlaybookRunState run)
    {
        _approvalTimer?.Dispose();
        var due = (run.ApprovalExpiresAt ?? Now) - Now;
        _approvalTimer = RegisterGrainTimer(
            static (self, _) => self.OnApprovalDue(),
            this,
            new GrainTimerCreationOptions { DueTime = due > TimeSpan.Zero ? due : TimeSpan.Zero, KeepAlive = true });
    }

    private async Task OnApprovalDue()
    {
        if (S.Run is not { Status: RunStatus.AwaitingApproval, ApprovalExpiresAt: { } expires } run)
        {
            return;
        }

        if (Now < expires)
        {
            // Timers may fire a little before the wall clock reaches the deadline: look again then.
            ArmApprovalTimer(run);
            return;
        }

        PlaybookRunEngine.Stop(run, RunStatus.Rejected, Now);
        AddEvent("approval_expired", $"no approval by {expires:O}");
        await FinishRunAsync(run, "the approval expired");
    }

    private async Task FinishRunAsync(PlaybookRunState run, string? escalationReason)
    {
        KeepAlive(false);
        _approvalTimer?.Dispose();
        run.EndedAt ??= Now;
        await ReleaseAsync(run);
        var duration = (run.EndedAt.Value - run.StartedAt).TotalSeconds;
        _ = GrainFactory.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.DefaultKey).RunFinished(run.Playbook, run.Status, duration);
        AddEvent("run_finished", $"playbook {run.Playbook} {run.Status.ToString().ToLowerInvariant()} after {duration:0.#} s",
            data: new Dictionary<string, string> { ["playbook"] = run.Playbook, ["status"] = run.Status.ToString() });
        if (run.Status == RunStatus.Succeeded)
        {
            Close(IncidentStatus.Resolved, $"playbook {run.Playbook} remediated it", actor: null, auto: run.Approved.Count == 0);
        }
        else
        {
            Escalate(escalationReason ?? $"playbook {run.Playbook} ended {run.Status.ToString().ToLowerInvariant()}", run);
        }

        await SaveAsync();
    }

    private async Task ReleaseAsync(PlaybookRunState run)
    {
        if (!run.DryRun)
        {
            await GrainFactory.GetGrain<IPlaybookGuardGrain>(IPlaybookGuardGrain.DefaultKey).Release(run.Playbook, run.Target, GetPrimaryKeyString());
        }
    }

    private void Escalate(string reason, PlaybookRunState? run)
    {
        var receiver = (run is null ? null : playbooks.Find(run.Playbook)?.Guardrails.EscalateTo) ?? options.Value.EscalationReceiver ?? S.Receiver;
        var sent = escalation.Send(GetPrimaryKeyString(), S.GroupKey, receiver, reason, [.. S.Alerts.Values]);
        Close(IncidentStatus.Escalated, $"escalated to {receiver}: {reason} ({sent})", actor: null, auto: false, type: "escalated");
    }

    private void Close(IncidentStatus status, string message, string? actor, bool auto, string type = "resolved")
    {
        S.Status = status;
        S.ClosedAt = Now;
        S.AutoResolved = status == IncidentStatus.Resolved && auto;
        AddEvent(type, message, actor);
    }

    private void KeepAlive(bool on)
    {
        _keepAlive?.Dispose();
        _keepAlive = on
            ? RegisterGrainTimer(static (_, _) => Task.CompletedTask, this, new GrainTimerCreationOptions { DueTime = KeepAlivePeriod, Period = KeepAlivePeriod, KeepAlive = true })
            : null;
    }

    private PlaybookDefinition? Find(PlaybookRunState run) => playbooks.Find(run.Playbook);

    private Alert PrimaryAlert() =>
        S.Alerts.Values.Where(a => a.State == AlertState.Firing).OrderBy(a => a.StartsAt).FirstOrDefault()
        ?? S.Alerts.Values.OrderBy(a => a.StartsAt).First();

    private Dictionary<string, string> IncidentFields() => new(StringComparer.Ordinal)
    {
        ["id"] = GetPrimaryKeyString(),
        ["group_key"] = S.GroupKey,
        ["title"] = S.Title,
    };

    private void AddEvent(string type, string message, string? actor = null, IReadOnlyDictionary<string, string>? data = null)
    {
        S.Timeline.Add(new TimelineEntry(Now, type, message, actor, data));
        var max = options.Value.MaxTimelineEntries;
        if (S.Timeline.Count > max)
        {
            // Keep the opening entries; drop the oldest of the rest.
            S.Timeline.RemoveAt(5);
        }
    }

    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        _ = GrainFactory.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.DefaultKey).Update(View(withTimeline: false));
    }

    private IncidentView View(bool withTimeline)
    {
        var run = S.Run;
        var playbook = run is null ? null : Find(run);
        var step = run is { Status: RunStatus.AwaitingApproval } && playbook is not null ? PlaybookRunEngine.Current(run, playbook) : null;
        return new IncidentView
        {
            Id = GetPrimaryKeyString(),
            GroupKey = S.GroupKey,
            Title = S.Title,
            Status = S.Status,
            Service = S.Alerts.Values.Select(a => a.Labels.GetValueOrDefault("service")).FirstOrDefault(x => x is not null),
            Severity = S.Alerts.Count == 0 ? AlertSeverity.Low : S.Alerts.Values.Max(a => a.Severity),
            DetectedAt = S.DetectedAt,
            OpenedAt = S.OpenedAt,
            ClosedAt = S.ClosedAt,
            AcknowledgedBy = S.AcknowledgedBy,
            AcknowledgedAt = S.AcknowledgedAt,
            AutoResolved = S.AutoResolved,
            Alerts = withTimeline ? [.. S.Alerts.Values] : [],
            Run = run is null ? null : new RunView(
                run.Playbook, run.Target, run.Status, run.DryRun, run.StartedAt, run.EndedAt,
                withTimeline ? [.. run.Steps.Select(s => new StepView(s.Name, s.Action, s.Rollback, s.Status, s.Inputs, s.Outputs, s.Error, s.Attempts, s.StartedAt, s.FinishedAt))] : [],
                step is null ? null : new PendingApproval(step.Name, step.Action, step.Risk.ToString().ToLowerInvariant(), run.ApprovalRequestedAt ?? Now, run.ApprovalExpiresAt ?? Now)),
            Timeline = withTimeline ? [.. S.Timeline] : [],
        };
    }
}
