using System.Globalization;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>What a source knows about an alert it raises; the factory adds labels, actions and business impact.</summary>
/// <param name="Name">The alert name.</param>
/// <param name="Kind">What raised it.</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Confidence">Confidence in [0, 1].</param>
/// <param name="Summary">One line for humans.</param>
/// <param name="Description">Details: values, thresholds, windows.</param>
/// <param name="Prediction">For predictive alerts, the breach.</param>
public sealed record AlertDraft(string Name, AlertKind Kind, AlertSeverity Severity, double Confidence, string Summary, string Description, PredictedBreach? Prediction = null);

/// <summary>Builds <see cref="Alert"/> records with the labels receivers route on.</summary>
public sealed class AlertFactory(RecommendedActionsCatalog actions)
{
    /// <summary>Builds the alert for <paramref name="draft"/> on <paramref name="series"/>.</summary>
    public Alert Build(AlertDraft draft, SeriesKey series, ServiceCatalogEntry catalog, AlertState state, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(catalog);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = draft.Name,
            ["service"] = series.Service,
            ["metric"] = series.Metric,
            ["severity"] = draft.Severity.ToString().ToLowerInvariant(),
            ["kind"] = draft.Kind.ToString().ToLowerInvariant(),
        };
        foreach (var label in series.Labels)
        {
            labels.TryAdd(label.Name, label.Value);
        }

        var recommended = actions.For(MetricKinds.Classify(series.Metric));
        catalog.BusinessImpact.TryGetValue(draft.Severity, out var impact);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = draft.Summary,
            ["description"] = draft.Description,
            ["confidence"] = draft.Confidence.ToString("F2", CultureInfo.InvariantCulture),
        };
        if (catalog.Owner is not null)
        {
            annotations["owner"] = catalog.Owner;
        }

        if (catalog.Team is not null)
        {
            annotations["team"] = catalog.Team;
        }

        return new Alert
        {
            Fingerprint = AlertFingerprint.Compute(labels),
            Name = draft.Name,
            Kind = draft.Kind,
            Severity = draft.Severity,
            Confidence = draft.Confidence,
            Labels = labels,
            Annotations = annotations,
            Summary = draft.Summary,
            RecommendedActions = recommended,
            BusinessImpact = impact,
            StartsAt = startsAt,
            EndsAt = endsAt,
            State = state,
            Prediction = draft.Prediction,
            SeriesId = series.Id,
            GeneratorUrl = "/api/v1/series/" + Uri.EscapeDataString(series.Id),
        };
    }
}
