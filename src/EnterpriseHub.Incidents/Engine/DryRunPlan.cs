using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Incidents.Playbooks;
using EnterpriseHub.Incidents.Templates;

namespace EnterpriseHub.Incidents.Engine;

/// <summary>A run's plan: what each step would do with its inputs rendered for an alert. Nothing is executed.</summary>
/// <param name="Playbook">The playbook.</param>
/// <param name="Target">The rendered guardrail target.</param>
/// <param name="PreconditionFailed">The precondition that would stop the run, if any.</param>
/// <param name="Steps">The steps.</param>
/// <param name="Rollback">The rollback steps.</param>
public sealed record DryRunPlan(string Playbook, string Target, string? PreconditionFailed, IReadOnlyList<PlannedStep> Steps, IReadOnlyList<PlannedStep> Rollback)
{
    /// <summary>Plans <paramref name="playbook"/> for <paramref name="alert"/>. Outputs of earlier steps are unknown
    /// before a run and show as their template.</summary>
    public static DryRunPlan For(PlaybookDefinition playbook, Alert alert, string incidentId)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(alert);
        var incident = new Dictionary<string, string>(StringComparer.Ordinal) { ["id"] = incidentId };
        var empty = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var target = TemplateText.Render(playbook.Guardrails.Target, new TemplateScope(alert, incident, playbook.Name, "", empty));
        var scope = new TemplateScope(alert, incident, playbook.Name, target, empty, keepStepTemplates: true);
        var failed = PlaybookMatching.FailedPrecondition(playbook, scope);
        return new DryRunPlan(
            playbook.Name,
            target,
            failed is null ? null : $"{failed.Value} {failed.Operator} {failed.Operand}",
            [.. playbook.Steps.Select(s => PlannedStep.For(s, scope))],
            [.. playbook.Rollback.Select(s => PlannedStep.For(s, scope))]);
    }

    /// <summary>The plan as lines of text, for logs and the timeline.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"dry run of {Playbook} on {Target}" };
        if (PreconditionFailed is not null)
        {
            lines.Add($"  precondition fails: {PreconditionFailed}");
        }

        lines.AddRange(Steps.Select((s, i) => $"  {i + 1}. {s}"));
        lines.AddRange(Rollback.Select((s, i) => $"  rollback {i + 1}. {s}"));
        return string.Join('\n', lines);
    }
}

/// <summary>One step of a plan.</summary>
public sealed record PlannedStep(string Name, string Action, IReadOnlyDictionary<string, string> Inputs, TimeSpan Timeout, int Retries, bool RequiresApproval, RiskLevel Risk, OnFailure OnFailure)
{
    /// <summary>Renders a step.</summary>
    public static PlannedStep For(StepDefinition step, TemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new PlannedStep(step.Name, step.Action,
            step.Inputs.ToDictionary(p => p.Key, p => TemplateText.Render(p.Value, scope), StringComparer.Ordinal),
            step.Timeout, step.Retry.Count, step.RequiresApproval, step.Risk, step.OnFailure);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {Action} {string.Join(' ', Inputs.Select(p => p.Key + "=" + p.Value))}"
        + (RequiresApproval ? " [approval]" : "") + $" risk={Risk.ToString().ToLowerInvariant()} on_failure={OnFailure.ToString().ToLowerInvariant()}";
}
