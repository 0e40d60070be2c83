namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>One change the alert router made, as stored in its event log and streamed over SSE. Ids increase
/// strictly and are never reused, also across restarts, so a client resumes with the last id it saw.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="At">When it happened.</param>
/// <param name="Type">What happened: one of <see cref="AlertEventTypes"/>.</param>
/// <param name="Fingerprint">The alert it is about, if any.</param>
/// <param name="SilenceId">The silence it is about, if any.</param>
/// <param name="Receiver">The receiver it is about, for notification events.</param>
/// <param name="Detail">Free text: the group key, an error, the inhibiting alerts.</param>
/// <param name="Alert">The alert's state after the change, for alert events.</param>
public sealed record AlertEvent(
    long Id,
    DateTimeOffset At,
    string Type,
    string? Fingerprint,
    string? SilenceId,
    string? Receiver,
    string? Detail,
    Alert? Alert);

/// <summary>The event types of <see cref="AlertEvent"/>.</summary>
public static class AlertEventTypes
{
    /// <summary>An alert became pending.</summary>
    public const string Pending = "pending";

    /// <summary>An alert started firing.</summary>
    public const string Firing = "firing";

    /// <summary>An alert resolved.</summary>
    public const string Resolved = "resolved";

    /// <summary>An active silence started muting an alert.</summary>
    public const string Silenced = "silenced";

    /// <summary>No silence mutes an alert any more.</summary>
    public const string Unsilenced = "unsilenced";

    /// <summary>A firing alert started inhibiting an alert.</summary>
    public const string Inhibited = "inhibited";

    /// <summary>No alert inhibits an alert any more.</summary>
    public const string Uninhibited = "uninhibited";

    /// <summary>A receiver got a notification.</summary>
    public const string Notified = "notified";

    /// <summary>A notification failed after its retries.</summary>
    public const string NotificationFailed = "notification_failed";

    /// <summary>A silence was created.</summary>
    public const string SilenceCreated = "silence_created";

    /// <summary>A silence was changed.</summary>
    public const string SilenceUpdated = "silence_updated";

    /// <summary>A silence was expired.</summary>
    public const string SilenceExpired = "silence_expired";
}
