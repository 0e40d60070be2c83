using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Abstractions.Services;

namespace EnterpriseHub.Grains.Services;

/// <summary>
/// Groups the service's currently anomalous series whose onsets are close in time and orders each group by onset:
/// the series that moved first is the likeliest cause, the others its symptoms. A root-cause hint, not a proof.
/// </summary>
public static class AnomalyCorrelator
{
    /// <summary>Onsets further apart than this start a new group.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Hints for the largest group of two or more concurrent anomalies; empty if there is none.</summary>
    public static IReadOnlyList<RootCauseHint> Hints(IReadOnlyDictionary<string, TrackedSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var anomalous = series.Where(s => s.Value.Status == SeriesStatus.Anomalous)
            .OrderBy(s => s.Value.Since).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        List<KeyValuePair<string, TrackedSeries>> best = [], current = [];
        foreach (var entry in anomalous)
        {
            if (current.Count > 0 && entry.Value.Since - current[^1].Value.Since > Window)
            {
                current = [];
            }

            current.Add(entry);
            if (current.Count > best.Count)
            {
                best = [.. current];
            }
        }

        if (best.Count < 2)
        {
            return [];
        }

        var first = best[0].Value.Since;
        return [.. best.Select(e => new RootCauseHint(e.Key, e.Value.Metric, e.Value.Since, (e.Value.Since - first).TotalSeconds))];
    }
}
