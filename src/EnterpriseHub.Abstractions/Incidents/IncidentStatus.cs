namespace EnterpriseHub.Abstractions.Incidents;

/// <summary>Where an incident is in its lifecycle: triggered → remediating → (awaiting approval) → resolved or
/// escalated. Acknowledgement is a flag beside the status, not a status: a human can take note at any point.</summary>
public enum IncidentStatus
{
    /// <summary>Open; no playbook runs (none matched, a guardrail held it back, or it only planned a dry run).</summary>
    Triggered,

    /// <summary>A playbook is running.</summary>
    Remediating,

    /// <summary>A playbook waits for a human to approve its next step.</summary>
    AwaitingApproval,

    /// <summary>Over: the playbook fixed it, the alerts resolved, or a human resolved it.</summary>
    Resolved,

    /// <summary>Handed to humans through the receivers: a run failed, an approval expired or was rejected, or a
    /// step's outcome was lost in a crash.</summary>
    Escalated,
}

/// <summary>Where a playbook run is.</summary>
public enum RunStatus
{
    /// <summary>Executing steps.</summary>
    Running,

    /// <summary>Waiting for an approval.</summary>
    AwaitingApproval,

    /// <summary>Every step succeeded (or failed with on_failure: continue).</summary>
    Succeeded,

    /// <summary>A step failed and the run stopped.</summary>
    Failed,

    /// <summary>A step failed and the rollback steps ran.</summary>
    RolledBack,

    /// <summary>A human rejected a step, or the approval expired.</summary>
    Rejected,

    /// <summary>Only the plan was printed.</summary>
    DryRun,

    /// <summary>A human resolved the incident while the run was going on.</summary>
    Cancelled,
}

/// <summary>Where a step is.</summary>
public enum StepStatus
{
    /// <summary>Started and durably recorded as such; no outcome yet.</summary>
    Started,

    /// <summary>Done.</summary>
    Succeeded,

    /// <summary>Failed after its retries.</summary>
    Failed,

    /// <summary>A crash cut it short and it cannot be run again safely.</summary>
    Unknown,

    /// <summary>A crash cut it short; it is idempotent and ran again.</summary>
    Interrupted,
}
