using System.Collections.Concurrent;
using EnterpriseHub.Alerting.Configuration;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>Creates (once) the sender of each integration in the configuration, all on one HTTP client.</summary>
public sealed class AlertReceiverFactory(HttpClient http, IOptions<AlertingOptions> options)
{
    private readonly ConcurrentDictionary<IntegrationDefinition, IAlertReceiver> _receivers = new();

    /// <summary>The sender of <paramref name="integration"/>.</summary>
    public IAlertReceiver Get(IntegrationDefinition integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return _receivers.GetOrAdd(integration, Create);
    }

    private IAlertReceiver Create(IntegrationDefinition integration) => integration switch
    {
        WebhookIntegration webhook => new WebhookReceiver(http, webhook, options.Value.ExternalUrl),
        PagerDutyIntegration pagerDuty => new PagerDutyReceiver(http, pagerDuty, options.Value.ExternalUrl),
        _ => throw new NotSupportedException($"No sender for integration {integration.GetType().Name}."),
    };
}
