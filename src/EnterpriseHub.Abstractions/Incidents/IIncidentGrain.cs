using EnterpriseHub.Runtime;

namespace EnterpriseHub.Abstractions.Incidents;

/// <summary>One incident, keyed by its id (<c>inc-</c> and a hash of the alert group key): its lifecycle, its
/// playbook run and its durable timeline.</summary>
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>The alert group was flushed: opens the incident, updates its alerts, or resolves it.</summary>
    [OneWay]
    Task OnAlertGroup(AlertGroupUpdate update);

    /// <summary>A step that ran off the grain's turns has finished.</summary>
    [OneWay]
    Task StepFinished(StepReport report);

    /// <summary>The incident with its timeline; null when it never opened.</summary>
    Task<IncidentView?> Get();

    /// <summary>Re-arms timers and resumes a run after a restart.</summary>
    Task Resume();

    /// <summary>A human takes note.</summary>
    Task<IncidentActionResult> Acknowledge(IncidentAction action);

    /// <summary>A human approves the step that waits.</summary>
    Task<IncidentActionResult> Approve(IncidentAction action);

    /// <summary>A human rejects the step that waits; the incident escalates.</summary>
    Task<IncidentActionResult> Reject(IncidentAction action);

    /// <summary>A human resolves the incident; a running playbook stops after its current step.</summary>
    Task<IncidentActionResult> Resolve(IncidentAction action);
}
