using EnterpriseHub.Abstractions.Incidents;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Playbooks;

namespace EnterpriseHub.Incidents.Engine;

/// <summary>What a run should do next.</summary>
public enum RunDirectiveKind
{
    /// <summary>Start the step.</summary>
    Execute,

    /// <summary>Ask for approval of the step and wait.</summary>
    AwaitApproval,

    /// <summary>A step is in flight or the run waits; nothing to do.</summary>
    Wait,

    /// <summary>The run has ended (see its status).</summary>
    Finished,
}

/// <summary>
/// The playbook run's state machine, free of I/O so the incident grain drives it turn by turn and tests drive it
/// directly. Steps run in order; a failed step continues, aborts or rolls back as it says; rollback steps all run
/// (a failing rollback step does not stop the others, undoing as much as possible); approvals gate steps.
/// </summary>
public static class PlaybookRunEngine
{
    /// <summary>The step the run is at, or null past the end of its list.</summary>
    public static StepDefinition? Current(PlaybookRunState run, PlaybookDefinition playbook)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(playbook);
        var list = run.InRollback ? playbook.Rollback : playbook.Steps;
        return run.Index < list.Count ? list[run.Index] : null;
    }

    /// <summary>Decides the next move and finishes the run when its list is done.</summary>
    public static (RunDirectiveKind Kind, StepDefinition? Step) Next(PlaybookRunState run, PlaybookDefinition playbook, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.IsFinished)
        {
            return (RunDirectiveKind.Finished, null);
        }

        if (run.Steps.Count > 0 && run.Steps[^1].Status == StepStatus.Started)
        {
            return (RunDirectiveKind.Wait, null);
        }

        var step = Current(run, playbook);
        if (step is null)
        {
            run.Status = run.InRollback ? RunStatus.RolledBack : RunStatus.Succeeded;
            run.EndedAt = now;
            return (RunDirectiveKind.Finished, null);
        }

        if (step.RequiresApproval && !run.Approved.Contains(run.StepKey))
        {
            return run.Status == RunStatus.AwaitingApproval ? (RunDirectiveKind.Wait, step) : (RunDirectiveKind.AwaitApproval, step);
        }

        run.Status = RunStatus.Running;
        return (RunDirectiveKind.Execute, step);
    }

    /// <summary>Records that approval of the current step was asked for.</summary>
    public static void RequestApproval(PlaybookRunState run, TimeSpan timeout, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Status = RunStatus.AwaitingApproval;
        run.ApprovalRequestedAt = now;
        run.ApprovalExpiresAt = now + timeout;
    }

    /// <summary>Approves the step that waits.</summary>
    public static void Approve(PlaybookRunState run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Approved.Add(run.StepKey);
        run.Status = RunStatus.Running;
        run.ApprovalRequestedAt = null;
        run.ApprovalExpiresAt = null;
    }

    /// <summary>Ends the run without its remaining steps (rejected, expired, cancelled).</summary>
    public static void Stop(PlaybookRunState run, RunStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Status = status;
        run.EndedAt = now;
        run.ApprovalExpiresAt = null;
    }

    /// <summary>Records a step as started (to be written durably before it executes).</summary>
    public static StepRecord Start(PlaybookRunState run, StepDefinition step, Dictionary<string, string> inputs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        var record = new StepRecord
        {
            Name = step.Name,
            Action = step.Action,
            Rollback = run.InRollback,
            Index = run.Index,
            Status = StepStatus.Started,
            Inputs = inputs,
            StartedAt = now,
        };
        run.Steps.Add(record);
        return record;
    }

    /// <summary>Records how the current step ended and moves the run on.</summary>
    public static void Finish(PlaybookRunState run, PlaybookDefinition playbook, StepOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outcome);
        var record = run.Steps[^1];
        record.Status = outcome.Succeeded ? StepStatus.Succeeded : StepStatus.Failed;
        record.Outputs = new Dictionary<string, string>(outcome.Outputs, StringComparer.Ordinal);
        record.Error = outcome.Error;
        record.Attempts = outcome.Attempts;
        record.FinishedAt = now;
        var step = Current(run, playbook);
        if (outcome.Succeeded || run.InRollback || step?.OnFailure == OnFailure.Continue)
        {
            run.Index++;
            return;
        }

        if (step?.OnFailure == OnFailure.Rollback && playbook.Rollback.Count > 0)
        {
            run.InRollback = true;
            run.Index = 0;
            return;
        }

        Stop(run, RunStatus.Failed, now);
    }

    /// <summary>After a restart: a step recorded as started never reported. If it (or its action) is idempotent it
    /// is marked interrupted and will run again; otherwise its outcome is unknown and the run fails, so the incident
    /// escalates instead of silently repeating a side effect. Returns the step's record, or null when none was in flight.</summary>
    public static StepRecord? Recover(PlaybookRunState run, PlaybookDefinition playbook, ActionCatalog actions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(actions);
        if (run.IsFinished || run.Steps.Count == 0 || run.Steps[^1].Status != StepStatus.Started)
        {
            return null;
        }

        var record = run.Steps[^1];
        var step = Current(run, playbook);
        record.FinishedAt = now;
        if (step is not null && (step.Idempotent || actions.Find(step.Action)?.IsIdempotent == true))
        {
            record.Status = StepStatus.Interrupted;
            record.Error = "interrupted by a restart; idempotent, so it runs again";
        }
        else
        {
            record.Status = StepStatus.Unknown;
            record.Error = "outcome unknown after a restart; not idempotent, so it is not run again";
            Stop(run, RunStatus.Failed, now);
        }

        return record;
    }
}
