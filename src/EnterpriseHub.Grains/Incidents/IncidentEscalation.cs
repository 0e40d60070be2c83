using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Dispatch;
using EnterpriseHub.Alerting.Receivers;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Grains.Incidents;

/// <summary>Sends escalations through the alerting receivers (webhook, PagerDuty) on the notification worker, so
/// they get the same retries and payloads as alert notifications; the alerts carry an <c>escalation</c> annotation.</summary>
public sealed class IncidentEscalation(AlertingConfiguration configuration, NotificationWorker worker, TimeProvider time, ILogger<IncidentEscalation> logger)
{
    private long _nextId = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

    /// <summary>Queues the escalation to every integration of <paramref name="receiver"/>; returns what was done.</summary>
    public string Send(string incidentId, string groupKey, string receiver, string reason, IReadOnlyList<Alert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (!configuration.Receivers.TryGetValue(receiver, out var definition))
        {
            logger.LogWarning("Incident {Incident} escalates to receiver {Receiver}, which is not configured", incidentId, receiver);
            return $"receiver {receiver} is not configured";
        }

        var annotated = alerts.Select(a => a with
        {
            Annotations = new Dictionary<string, string>(a.Annotations) { ["incident"] = incidentId, ["escalation"] = reason },
        }).ToList();
        foreach (var integration in definition.Integrations)
        {
            var notification = new Notification(Interlocked.Increment(ref _nextId), receiver, integration, "incident:" + incidentId, groupKey,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["incident"] = incidentId }, annotated, time.GetUtcNow());
            worker.Enqueue(notification, report =>
            {
                logger.Log(report.Succeeded ? LogLevel.Information : LogLevel.Error,
                    "Escalation of incident {Incident} to {Receiver} ({Integration}): {Outcome}", incidentId, receiver, report.Integration, report.Succeeded ? "delivered" : report.Error);
                return Task.CompletedTask;
            });
        }

        return definition.Integrations.Count == 0 ? "the receiver only records" : $"{definition.Integrations.Count} integration(s) notified";
    }
}
