using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Dispatch;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>
/// PagerDuty Events API v2 bodies for a notification: one incident per aggregation group (the dedup key is the
/// SHA-256 of the group key, as Alertmanager does), <c>trigger</c> while anything fires and <c>resolve</c> once
/// nothing does. A resolve carries only the routing key, action and dedup key, which is all the API needs.
/// </summary>
public static class PagerDutyEvent
{
    /// <summary>The longest summary PagerDuty accepts.</summary>
    public const int MaxSummaryLength = 1024;

    /// <summary>The event for <paramref name="notification"/> as UTF-8 JSON.</summary>
    public static byte[] Write(Notification notification, PagerDutyIntegration integration, string externalUrl)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(integration);
        var firing = notification.Alerts.Where(a => a.State == AlertState.Firing).ToList();
        var resolved = notification.Alerts.Count - firing.Count;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            json.WriteStartObject();
            json.WriteString("routing_key", integration.RoutingKey);
            json.WriteString("event_action", firing.Count > 0 ? "trigger" : "resolve");
            json.WriteString("dedup_key", DedupKey(notification.GroupKey));
            if (firing.Count > 0)
            {
                WritePayload(json, notification, firing, resolved, integration);
                json.WriteString("client", integration.Client);
                json.WriteString("client_url", integration.ClientUrl ?? externalUrl);
                json.WriteStartArray("links");
                foreach (var url in firing.Select(a => a.GeneratorUrl).Where(u => !string.IsNullOrEmpty(u)).Distinct(StringComparer.Ordinal).Take(5))
                {
                    json.WriteStartObject();
                    json.WriteString("href", url);
                    json.WriteString("text", "Source series");
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The dedup key of a group: lowercase hex SHA-256 of its key.</summary>
    public static string DedupKey(string groupKey)
    {
        ArgumentNullException.ThrowIfNull(groupKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey)));
    }

    /// <summary>PagerDuty's severity for ours: critical, error, warning or info.</summary>
    public static string Severity(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "critical",
        AlertSeverity.High => "error",
        AlertSeverity.Medium => "warning",
        _ => "info",
    };

    private static void WritePayload(Utf8JsonWriter json, Notification notification, List<Alert> firing, int resolved, PagerDutyIntegration integration)
    {
        var common = WebhookPayload.Common(firing.Select(a => a.Labels));
        var first = firing[0];
        var name = common.TryGetValue("alertname", out var n) ? n : first.Name;
        var service = common.TryGetValue("service", out var s) ? s : null;
        var summary = $"[FIRING:{firing.Count}] {name}{(service is null ? "" : $" ({service})")}: {first.Summary}";
        if (summary.Length > MaxSummaryLength)
        {
            summary = summary[..(MaxSummaryLength - 1)] + "…";
        }

        json.WriteStartObject("payload");
        json.WriteString("summary", summary);
        json.WriteString("source", service ?? integration.Client);
        json.WriteString("severity", Severity(firing.Max(a => a.Severity)));
        json.WriteString("timestamp", Rfc3339.Format(firing.Min(a => a.StartsAt)));
        var component = common.TryGetValue("component", out var c) ? c : firing.Select(a => a.SeriesId).Distinct().SingleOrDefault();
        if (!string.IsNullOrEmpty(component))
        {
            json.WriteString("component", component);
        }

        if (service is not null)
        {
            json.WriteString("group", service);
        }

        var kinds = firing.Select(a => a.Kind).Distinct().ToList();
        if (kinds.Count == 1)
        {
            json.WriteString("class", KindName(kinds[0]));
        }

        json.WriteStartObject("custom_details");
        json.WriteString("group_key", notification.GroupKey);
        json.WriteNumber("num_firing", firing.Count);
        json.WriteNumber("num_resolved", resolved);
        json.WriteStartArray("alerts");
        foreach (var alert in notification.Alerts)
        {
            WriteAlertDetails(json, alert);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteAlertDetails(Utf8JsonWriter json, Alert alert)
    {
        json.WriteStartObject();
        json.WriteString("fingerprint", alert.Fingerprint);
        json.WriteString("status", alert.State == AlertState.Firing ? "firing" : "resolved");
        json.WriteString("kind", KindName(alert.Kind));
        json.WriteString("severity", Severity(alert.Severity));
        json.WriteNumber("confidence", alert.Confidence);
        json.WriteString("summary", alert.Summary);
        json.WriteString("starts_at", Rfc3339.Format(alert.StartsAt));
        json.WriteStartObject("labels");
        foreach (var (name, value) in alert.Labels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteStartObject("annotations");
        foreach (var (name, value) in alert.Annotations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteStartArray("recommended_actions");
        foreach (var action in alert.RecommendedActions)
        {
            json.WriteStringValue(action);
        }

        json.WriteEndArray();
        if (alert.BusinessImpact is not null)
        {
            json.WriteString("business_impact", alert.BusinessImpact);
        }

        if (alert.Prediction is { } p)
        {
            json.WriteStartObject("prediction");
            json.WriteNumber("threshold", p.Threshold);
            json.WriteString("predicted_at", Rfc3339.Format(p.PredictedAt));
            json.WriteNumber("time_to_occurrence_seconds", Math.Round(p.TimeToOccurrence.TotalSeconds));
            json.WriteNumber("confidence", p.Confidence);
            json.WriteEndObject();
        }

        if (alert.GeneratorUrl is not null)
        {
            json.WriteString("generator_url", alert.GeneratorUrl);
        }

        json.WriteEndObject();
    }

    private static string KindName(AlertKind kind) => kind switch
    {
        AlertKind.Anomaly => "anomaly",
        AlertKind.Threshold => "threshold",
        AlertKind.SloBurnRate => "slo_burn_rate",
        _ => "predictive",
    };
}
