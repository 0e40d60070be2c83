using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Abstractions.Incidents;

/// <summary>An incident with its alerts, playbook run and timeline.</summary>
public sealed record IncidentView
{
    /// <summary>The incident's id: <c>inc-</c> and a hash of the alert group's key.</summary>
    public required string Id { get; init; }

    /// <summary>The alert group key (route and group labels) it belongs to.</summary>
    public required string GroupKey { get; init; }

    /// <summary>One line for humans.</summary>
    public required string Title { get; init; }

    /// <summary>Lifecycle status.</summary>
    public required IncidentStatus Status { get; init; }

    /// <summary>The service label of its first alert.</summary>
    public string? Service { get; init; }

    /// <summary>The highest severity among its alerts.</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>When the condition began (the earliest firing alert's start; for a reopened incident, not before it
    /// last closed).</summary>
    public DateTimeOffset DetectedAt { get; init; }

    /// <summary>When the incident opened.</summary>
    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>When it resolved or escalated.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Who acknowledged it, and when.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>When it was acknowledged.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Whether it resolved without a human.</summary>
    public bool AutoResolved { get; init; }

    /// <summary>The alerts of the group, latest state of each.</summary>
    public IReadOnlyList<Alert> Alerts { get; init; } = [];

    /// <summary>The playbook run, if any.</summary>
    public RunView? Run { get; init; }

    /// <summary>Every event, oldest first (empty in lists).</summary>
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];
}

/// <summary>A playbook run.</summary>
public sealed record RunView(
    string Playbook,
    string Target,
    RunStatus Status,
    bool DryRun,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<StepView> Steps,
    PendingApproval? PendingApproval);

/// <summary>One executed (or executing) step.</summary>
public sealed record StepView(
    string Name,
    string Action,
    bool Rollback,
    StepStatus Status,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> Outputs,
    string? Error,
    int Attempts,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A step waiting for a human.</summary>
public sealed record PendingApproval(string Step, string Action, string Risk, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);

/// <summary>One event of an incident's timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Type">What: opened, alert_firing, alert_resolved, run_started, step_started, step_finished, approval_requested, approved, rejected, approval_expired, escalated, acknowledged, resolved, guardrail, dry_run, recovered.</param>
/// <param name="Message">For humans.</param>
/// <param name="Actor">Who, for human actions (the API key's name).</param>
/// <param name="Data">Details: a step's inputs and outputs, an alert's fingerprint.</param>
public sealed record TimelineEntry(DateTimeOffset At, string Type, string Message, string? Actor = null, IReadOnlyDictionary<string, string>? Data = null);
