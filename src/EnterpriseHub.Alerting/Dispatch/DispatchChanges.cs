using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Alerting.Dispatch;

/// <summary>What the dispatcher changed since it was last asked: the router stores it in one transaction.</summary>
public sealed class DispatchChanges
{
    /// <summary>Events in the order they happened.</summary>
    public List<AlertChange> Events { get; } = [];

    /// <summary>Silences created or changed.</summary>
    public List<SilenceRecord> Silences { get; } = [];

    /// <summary>Notification log entries written, by key (integration and group).</summary>
    public Dictionary<string, NotificationLogEntry> Log { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether there is nothing to store.</summary>
    public bool IsEmpty => Events.Count == 0 && Silences.Count == 0 && Log.Count == 0;
}
