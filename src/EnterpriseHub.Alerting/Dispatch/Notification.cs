using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;

namespace EnterpriseHub.Alerting.Dispatch;

/// <summary>One notification for one integration of a receiver about one aggregation group.</summary>
/// <param name="Id">Its id within the dispatcher that made it.</param>
/// <param name="Receiver">The receiver's name.</param>
/// <param name="Integration">Where it goes; null for a receiver without integrations, which only records.</param>
/// <param name="GroupId">The aggregation group's identity in the router.</param>
/// <param name="GroupKey">The group key receivers see: route path and group labels.</param>
/// <param name="GroupLabels">The labels the group is made of.</param>
/// <param name="Alerts">The alerts to report, firing and (if the integration wants them) resolved.</param>
/// <param name="CreatedAt">When the flush made it.</param>
public sealed record Notification(
    long Id,
    string Receiver,
    IntegrationDefinition? Integration,
    string GroupId,
    string GroupKey,
    IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyList<Alert> Alerts,
    DateTimeOffset CreatedAt)
{
    /// <summary>The integration key used by the notification log and metrics, <c>record</c> when there is none.</summary>
    public string IntegrationKey => Integration?.Key ?? RecordIntegrationKey;

    /// <summary>The integration key of receivers that only record.</summary>
    public const string RecordIntegrationKey = "record";

    /// <summary>Whether any alert fires.</summary>
    public bool IsFiring => Alerts.Any(a => a.State == AlertState.Firing);
}
