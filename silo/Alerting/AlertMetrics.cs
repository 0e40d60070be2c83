using EnterpriseHub.Alerting.Receivers;
using EnterpriseHub.Silo.Metrics;

namespace EnterpriseHub.Silo.Alerting;

/// <summary>Writes the alert router's counters into the <c>/metrics</c> exposition.</summary>
public sealed class AlertMetrics(AlertNotificationCounters counters) : IMetricsContributor
{
    /// <summary>Writes <c>ehub_alert_notifications_total{receiver,outcome}</c> and
    /// <c>ehub_alert_notification_retries_total{receiver}</c>.</summary>
    public void Write(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Family("ehub_alert_notifications_total", "counter", "Finished notification deliveries, per receiver and outcome (success, failure after retries).");
        foreach (var (receiver, outcome, count) in counters.Notifications())
        {
            writer.Sample("ehub_alert_notifications_total", count, ("receiver", receiver), ("outcome", outcome));
        }

        writer.Family("ehub_alert_notification_retries_total", "counter", "Failed notification attempts that were retried, per receiver.");
        foreach (var (receiver, count) in counters.Retries())
        {
            writer.Sample("ehub_alert_notification_retries_total", count, ("receiver", receiver));
        }
    }
}
