using System.Globalization;
using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>
/// The annotations receivers see: the alert's own plus the fields EnterpriseHub adds to Alertmanager's model
/// (summary, recommended actions, business impact, confidence, prediction), so a standard receiver parses the
/// payload unchanged and still gets them.
/// </summary>
public static class AlertAnnotations
{
    /// <summary>The alert's annotations with the extra fields added (an annotation the source set wins).</summary>
    public static SortedDictionary<string, string> Enrich(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in alert.Annotations)
        {
            annotations[name] = value;
        }

        Add(annotations, "summary", alert.Summary);
        Add(annotations, "confidence", Number(alert.Confidence));
        if (alert.RecommendedActions.Count > 0)
        {
            Add(annotations, "recommended_actions", string.Join("\n", alert.RecommendedActions));
        }

        if (!string.IsNullOrEmpty(alert.BusinessImpact))
        {
            Add(annotations, "business_impact", alert.BusinessImpact);
        }

        if (alert.Prediction is { } p)
        {
            Add(annotations, "predicted_at", Rfc3339.Format(p.PredictedAt));
            Add(annotations, "time_to_occurrence_seconds", Number(Math.Round(p.TimeToOccurrence.TotalSeconds)));
            Add(annotations, "predicted_threshold", Number(p.Threshold));
            Add(annotations, "prediction_confidence", Number(p.Confidence));
        }

        return annotations;
    }

    /// <summary>A number as invariant text, shortest round-trip form.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Add(SortedDictionary<string, string> annotations, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            annotations.TryAdd(name, value);
        }
    }
}
