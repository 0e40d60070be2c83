using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Services;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>Severity from the signal's strength, then shifted by the service's tier.</summary>
public static class SeverityPolicy
{
    /// <summary>Severity of an anomaly with confidence <paramref name="confidence"/> on a service of <paramref name="tier"/>.</summary>
    public static AlertSeverity ForAnomaly(double confidence, ServiceTier tier) =>
        Shift(confidence >= 0.98 ? AlertSeverity.High : confidence >= 0.9 ? AlertSeverity.Medium : AlertSeverity.Low, tier);

    /// <summary>Severity of a predicted breach: nearer breaches are more urgent.</summary>
    public static AlertSeverity ForPrediction(TimeSpan timeToOccurrence, ServiceTier tier) =>
        Shift(timeToOccurrence <= TimeSpan.FromMinutes(30) ? AlertSeverity.High : AlertSeverity.Medium, tier);

    /// <summary>Raises critical-tier services one step and lowers low-tier services one step.</summary>
    public static AlertSeverity Shift(AlertSeverity severity, ServiceTier tier) => tier switch
    {
        ServiceTier.Critical => severity == AlertSeverity.Critical ? severity : severity + 1,
        ServiceTier.Low => severity == AlertSeverity.Low ? severity : severity - 1,
        _ => severity,
    };
}
