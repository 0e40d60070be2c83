using EnterpriseHub.Runtime;

namespace EnterpriseHub.Abstractions.Incidents;

/// <summary>Guardrails shared by every incident (key <see cref="DefaultKey"/>): runs per playbook per hour, cooldown
/// and concurrency per target, and the global kill switch. Maintenance windows and dry-run are checked here too so
/// that one place says yes or no.</summary>
public interface IPlaybookGuardGrain : IGrainWithStringKey
{
    /// <summary>The key of the silo's guard.</summary>
    public const string DefaultKey = "default";

    /// <summary>Admits a run of <paramref name="playbook"/> on <paramref name="target"/> for an incident, or says why not.</summary>
    Task<RunAdmission> TryAdmit(string playbook, string target, string incidentId);

    /// <summary>A run ended: its target's cooldown starts and its concurrency slot frees.</summary>
    Task Release(string playbook, string target, string incidentId);

    /// <summary>Turns the kill switch on or off.</summary>
    Task<KillSwitchState> SetKillSwitch(bool engaged, string actor);

    /// <summary>The kill switch.</summary>
    Task<KillSwitchState> GetKillSwitch();
}

/// <summary>Whether a run may start.</summary>
/// <param name="Admitted">Yes or no.</param>
/// <param name="DryRun">Admitted, but only to print its plan.</param>
/// <param name="Reason">Why not (or why dry-run).</param>
public sealed record RunAdmission(bool Admitted, bool DryRun, string? Reason);

/// <summary>The global kill switch: while engaged no playbook acts.</summary>
public sealed record KillSwitchState(bool Engaged, string? ChangedBy, DateTimeOffset? ChangedAt);
