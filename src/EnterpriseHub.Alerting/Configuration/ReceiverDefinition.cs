namespace EnterpriseHub.Alerting.Configuration;

/// <summary>A named receiver and its integrations (none: it only records).</summary>
/// <param name="Name">The name routes refer to.</param>
/// <param name="Integrations">Where it sends, each with its own notification log.</param>
public sealed record ReceiverDefinition(string Name, IReadOnlyList<IntegrationDefinition> Integrations);

/// <summary>One integration of a receiver.</summary>
/// <param name="Key">Its key within the receiver: type and index, as <c>webhook/0</c>.</param>
/// <param name="SendResolved">Whether it hears about resolved alerts.</param>
public abstract record IntegrationDefinition(string Key, bool SendResolved);

/// <summary>A webhook that receives Alertmanager's webhook payload (version 4).</summary>
/// <param name="Key">Its key within the receiver.</param>
/// <param name="SendResolved">Whether it hears about resolved alerts (default true).</param>
/// <param name="Url">Where to POST.</param>
/// <param name="MaxAlerts">The most alerts in one payload (0: all); the rest are counted in <c>truncatedAlerts</c>.</param>
/// <param name="Timeout">How long one attempt may take.</param>
public sealed record WebhookIntegration(string Key, bool SendResolved, Uri Url, int MaxAlerts, TimeSpan Timeout)
    : IntegrationDefinition(Key, SendResolved);

/// <summary>A receiver shaped like PagerDuty's Events API v2.</summary>
/// <param name="Key">Its key within the receiver.</param>
/// <param name="SendResolved">Whether to send <c>resolve</c> events (default true).</param>
/// <param name="RoutingKey">The integration key of the PagerDuty service.</param>
/// <param name="Url">The events endpoint.</param>
/// <param name="Client">Shown as the client that raised the event.</param>
/// <param name="ClientUrl">A link back to the client.</param>
/// <param name="Timeout">How long one attempt may take.</param>
public sealed record PagerDutyIntegration(
    string Key,
    bool SendResolved,
    string RoutingKey,
    Uri Url,
    string Client,
    string? ClientUrl,
    TimeSpan Timeout)
    : IntegrationDefinition(Key, SendResolved)
{
    /// <summary>PagerDuty's Events API v2 endpoint.</summary>
    public static readonly Uri DefaultUrl = new("https://events.pagerduty.com/v2/enqueue");
}
