using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Abstractions.Incidents;

/// <summary>What the alert router tells an incident when its group is flushed.</summary>
/// <param name="GroupKey">The group key (the incident's dedup key).</param>
/// <param name="Receiver">The receiver the group routes to (escalations go there by default).</param>
/// <param name="Alerts">The group's alerts, firing and resolved.</param>
public sealed record AlertGroupUpdate(string GroupKey, string Receiver, IReadOnlyList<Alert> Alerts);

/// <summary>A human's action on an incident.</summary>
/// <param name="Actor">The API key's name.</param>
/// <param name="Comment">Why, optionally.</param>
public sealed record IncidentAction(string Actor, string? Comment = null);

/// <summary>The answer to a human action.</summary>
/// <param name="Outcome">ok, not_found or conflict.</param>
/// <param name="Message">Why a conflict.</param>
/// <param name="Incident">The incident after the action.</param>
public sealed record IncidentActionResult(string Outcome, string? Message, IncidentView? Incident)
{
    /// <summary>Done.</summary>
    public const string Ok = "ok";

    /// <summary>No such incident.</summary>
    public const string NotFound = "not_found";

    /// <summary>Not possible in the incident's state.</summary>
    public const string Conflict = "conflict";
}

/// <summary>How a step's attempts ended, reported back to the incident from off its turns.</summary>
/// <param name="RunId">The run it belongs to; reports of an earlier run are ignored.</param>
/// <param name="StepNumber">Its position in the run's record (1-based); a stale report is ignored.</param>
/// <param name="Succeeded">Whether it succeeded.</param>
/// <param name="Outputs">Its outputs.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Attempts">Attempts made.</param>
public sealed record StepReport(int RunId, int StepNumber, bool Succeeded, IReadOnlyDictionary<string, string> Outputs, string? Error, int Attempts);
