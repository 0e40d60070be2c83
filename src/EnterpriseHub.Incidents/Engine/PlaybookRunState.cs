using EnterpriseHub.Abstractions.Incidents;

namespace EnterpriseHub.Incidents.Engine;

/// <summary>A playbook run as stored in the incident's state: which step is next, what each step did, which
/// approvals were given. Plain mutable data so it serializes as it is.</summary>
public sealed class PlaybookRunState
{
    /// <summary>The playbook's name.</summary>
    public string Playbook { get; set; } = "";

    /// <summary>The rendered guardrail target.</summary>
    public string Target { get; set; } = "";

    /// <summary>Where the run is.</summary>
    public RunStatus Status { get; set; } = RunStatus.Running;

    /// <summary>Whether it only plans.</summary>
    public bool DryRun { get; set; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Whether the rollback steps are running.</summary>
    public bool InRollback { get; set; }

    /// <summary>The next step's index in the current list (steps or rollback).</summary>
    public int Index { get; set; }

    /// <summary>Approved steps, as <see cref="StepKey"/>.</summary>
    public List<string> Approved { get; set; } = [];

    /// <summary>When the approval asked for now was requested.</summary>
    public DateTimeOffset? ApprovalRequestedAt { get; set; }

    /// <summary>When the approval asked for now expires.</summary>
    public DateTimeOffset? ApprovalExpiresAt { get; set; }

    /// <summary>Every step started, in order.</summary>
    public List<StepRecord> Steps { get; set; } = [];

    /// <summary>Whether the run has ended.</summary>
    public bool IsFinished => Status is not (RunStatus.Running or RunStatus.AwaitingApproval);

    /// <summary>The key of the current step for approvals.</summary>
    public string StepKey => (InRollback ? "rollback:" : "steps:") + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Outputs of the steps that succeeded, by step name, for templates.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Outputs()
    {
        var outputs = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var step in Steps)
        {
            if (step.Status == StepStatus.Succeeded)
            {
                outputs[step.Name] = step.Outputs;
            }
        }

        return outputs;
    }
}

/// <summary>One step's record.</summary>
public sealed class StepRecord
{
    /// <summary>The step's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The action type.</summary>
    public string Action { get; set; } = "";

    /// <summary>Whether it is a rollback step.</summary>
    public bool Rollback { get; set; }

    /// <summary>Its index in its list.</summary>
    public int Index { get; set; }

    /// <summary>Where it is.</summary>
    public StepStatus Status { get; set; }

    /// <summary>Rendered inputs.</summary>
    public Dictionary<string, string> Inputs { get; set; } = [];

    /// <summary>Outputs.</summary>
    public Dictionary<string, string> Outputs { get; set; } = [];

    /// <summary>The failure.</summary>
    public string? Error { get; set; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; set; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; set; }
}
