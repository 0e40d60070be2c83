using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Alerting.Tests;

/// <summary>Builds alerts the way metric grains send them.</summary>
public static class Alerts
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Alert Make(
        string name,
        string service,
        AlertSeverity severity = AlertSeverity.High,
        AlertState state = AlertState.Firing,
        DateTimeOffset? startsAt = null,
        AlertKind kind = AlertKind.Threshold,
        params (string Name, string Value)[] extra)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = name,
            ["service"] = service,
            ["severity"] = severity.ToString().ToLowerInvariant(),
            ["kind"] = kind.ToString().ToLowerInvariant(),
        };
        foreach (var (n, v) in extra)
        {
            labels[n] = v;
        }

        return new Alert
        {
            Fingerprint = AlertFingerprint.Compute(labels),
            Name = name,
            Kind = kind,
            Severity = severity,
            Confidence = 0.9,
            Labels = labels,
            Summary = $"{name} on {service}",
            StartsAt = startsAt ?? T0,
            State = state,
        };
    }

    public static Alert Resolved(this Alert alert, DateTimeOffset endsAt) => alert with { State = AlertState.Resolved, EndsAt = endsAt };
}
