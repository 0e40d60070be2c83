using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Services;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>Severity from the signal's strength, then shifted by the service's tier.</summary>
public static class SeverityPolicy
{
    /// <summary>Severity of an anomaly with score <paramref name="score"/> on a service of <paramref name="tier"/>. The
    /// ensemble's score is ln p / ln 1e-8 for the tail probability p of what it saw, so 0.875 is p ≤ 1e-7 and 0.75 is
    /// p ≤ 1e-6 (medium sensitivity alerts from 0.625, p ≤ 1e-5).</summary>
    public static AlertSeverity ForAnomaly(double score, ServiceTier tier) =>
        Shift(score >= 0.875 ? AlertSeverity.High : score >= 0.75 ? AlertSeverity.Medium : AlertSeverity.Low, tier);

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
