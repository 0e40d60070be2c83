using System.Text.Json;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Dispatch;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>
/// Alertmanager's webhook payload, version 4, written field by field in Alertmanager's order so existing receivers
/// parse it unchanged: receiver, status, alerts (status, labels, annotations, startsAt, endsAt, generatorURL,
/// fingerprint), groupLabels, commonLabels, commonAnnotations, externalURL, version, groupKey, truncatedAlerts.
/// Label maps are written with names sorted, as Go writes maps.
/// </summary>
public static class WebhookPayload
{
    /// <summary>The payload version.</summary>
    public const string Version = "4";

    /// <summary>The payload of <paramref name="notification"/> as UTF-8 JSON; at most <paramref name="maxAlerts"/>
    /// alerts (0: all), the rest counted in <c>truncatedAlerts</c>.</summary>
    public static byte[] Write(Notification notification, string externalUrl, int maxAlerts = 0)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(externalUrl);
        var all = notification.Alerts;
        var count = maxAlerts > 0 && all.Count > maxAlerts ? maxAlerts : all.Count;
        var annotations = new SortedDictionary<string, string>[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            annotations[i] = AlertAnnotations.Enrich(all[i]);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            json.WriteStartObject();
            json.WriteString("receiver", notification.Receiver);
            json.WriteString("status", notification.IsFiring ? "firing" : "resolved");
            json.WriteStartArray("alerts");
            for (var i = 0; i < count; i++)
            {
                var alert = all[i];
                json.WriteStartObject();
                json.WriteString("status", alert.State == AlertState.Firing ? "firing" : "resolved");
                WriteMap(json, "labels", alert.Labels);
                WriteMap(json, "annotations", annotations[i]);
                json.WriteString("startsAt", Rfc3339.Format(alert.StartsAt));
                json.WriteString("endsAt", Rfc3339.Format(alert.State == AlertState.Firing ? null : alert.EndsAt));
                json.WriteString("generatorURL", alert.GeneratorUrl ?? "");
                json.WriteString("fingerprint", alert.Fingerprint);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteMap(json, "groupLabels", notification.GroupLabels);
            WriteMap(json, "commonLabels", Common(all.Select(a => (IReadOnlyDictionary<string, string>)a.Labels)));
            WriteMap(json, "commonAnnotations", Common(annotations));
            json.WriteString("externalURL", externalUrl);
            json.WriteString("version", Version);
            json.WriteString("groupKey", notification.GroupKey);
            json.WriteNumber("truncatedAlerts", all.Count - count);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The pairs every map shares (Alertmanager's common labels and annotations).</summary>
    public static SortedDictionary<string, string> Common(IEnumerable<IReadOnlyDictionary<string, string>> maps)
    {
        ArgumentNullException.ThrowIfNull(maps);
        SortedDictionary<string, string>? common = null;
        foreach (var map in maps)
        {
            if (common is null)
            {
                common = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, value) in map)
                {
                    common[name] = value;
                }

                continue;
            }

            foreach (var name in common.Keys.ToList())
            {
                if (!map.TryGetValue(name, out var value) || !string.Equals(value, common[name], StringComparison.Ordinal))
                {
                    common.Remove(name);
                }
            }
        }

        return common ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
    }

    private static void WriteMap(Utf8JsonWriter json, string property, IEnumerable<KeyValuePair<string, string>> map)
    {
        json.WriteStartObject(property);
        foreach (var (name, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
    }
}
