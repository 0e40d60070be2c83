namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>How the delivery of one notification ended; the notification worker reports it back to the router,
/// which records what the receiver now knows (the notification log) only when the delivery succeeded.</summary>
/// <param name="NotificationId">The notification's id within the router activation that created it.</param>
/// <param name="Receiver">The receiver's name.</param>
/// <param name="Integration">The receiver's integration, for example <c>webhook/0</c>.</param>
/// <param name="GroupId">The aggregation group.</param>
/// <param name="Succeeded">Whether the receiver accepted it.</param>
/// <param name="Attempts">How many sends were tried.</param>
/// <param name="Error">The last error, when it failed.</param>
public sealed record AlertDeliveryReport(
    long NotificationId,
    string Receiver,
    string Integration,
    string GroupId,
    bool Succeeded,
    int Attempts,
    string? Error);
