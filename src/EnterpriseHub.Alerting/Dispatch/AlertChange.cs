using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Alerting.Dispatch;

/// <summary>One change the dispatcher made, to be stored (in the event log and, for state changes, the alert
/// history) and streamed.</summary>
/// <param name="Type">One of <see cref="AlertEventTypes"/>.</param>
/// <param name="At">When.</param>
/// <param name="Alert">The alert after the change, for alert events.</param>
/// <param name="SilenceId">The silence, for silence events.</param>
/// <param name="Receiver">The receiver, for notification events.</param>
/// <param name="Detail">The group key, an error, the muting silences or alerts.</param>
public sealed record AlertChange(
    string Type,
    DateTimeOffset At,
    Alert? Alert = null,
    string? SilenceId = null,
    string? Receiver = null,
    string? Detail = null)
{
    /// <summary>True for the state changes the alert history keeps.</summary>
    public bool IsStateChange => Alert is not null && Type is AlertEventTypes.Pending or AlertEventTypes.Firing or AlertEventTypes.Resolved;
}
